package dev.raftsim.raft.plugin;

import dev.raftsim.raft.AppendEntries;
import dev.raftsim.raft.AppendEntriesReply;
import dev.raftsim.raft.ClientReply;
import dev.raftsim.raft.ClientRequest;
import dev.raftsim.raft.InstallSnapshot;
import dev.raftsim.raft.InstallSnapshotReply;
import dev.raftsim.raft.Message;
import dev.raftsim.raft.RequestVote;
import dev.raftsim.raft.RequestVoteReply;
import dev.raftsim.spi.MessageFormat;

/** The model's messages: immutable records with value-based fingerprints. */
final class RaftsimMessages implements MessageFormat {
  static final RaftsimMessages INSTANCE = new RaftsimMessages();

  /**
   * Every message is fingerprinted when sent and again when delivered. A plain {@code m.fingerprint()} is an
   * interface call over six message classes that the JIT cannot inline; exact-class tests (all are final), most
   * frequent first, let it inline each one.
   */
  @Override
  public long fingerprint(Object m) {
    if (m instanceof AppendEntries ae) {
      return ae.fingerprint();
    } else if (m instanceof AppendEntriesReply r) {
      return r.fingerprint();
    } else if (m instanceof ClientRequest r) {
      return r.fingerprint();
    } else if (m instanceof ClientReply r) {
      return r.fingerprint();
    } else if (m instanceof RequestVote r) {
      return r.fingerprint();
    } else if (m instanceof RequestVoteReply r) {
      return r.fingerprint();
    } else if (m instanceof InstallSnapshot r) {
      return r.fingerprint();
    } else if (m instanceof InstallSnapshotReply r) {
      return r.fingerprint();
    }
    return ((Message) m).fingerprint();
  }

  @Override
  public String summary(Object m) {
    return ((Message) m).summary();
  }
}
