package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;
import java.util.Objects;

/**
 * The leader's InstallSnapshot RPC (the paper's Figure 13), sent instead of AppendEntries when a follower's
 * nextIndex is at or below the leader's snapshot base. Carries the whole snapshot in one message (no chunking:
 * the network may still lose, duplicate or reorder it, and the follower copes with each).
 */
public record InstallSnapshot(long term, int leaderId, Snapshot snapshot) implements RaftMessage {

  public InstallSnapshot {
    Objects.requireNonNull(snapshot, "snapshot");
    if (term < 1 || leaderId < 0 || snapshot.term() > term) {
      throw new IllegalArgumentException("malformed InstallSnapshot: term=" + term + " leader=" + leaderId
          + " " + snapshot);
    }
  }

  /** The last included index. */
  public int lastIncludedIndex() {
    return snapshot.index();
  }

  /** The term of the last included entry. */
  public long lastIncludedTerm() {
    return snapshot.term();
  }

  @Override
  public int senderId() {
    return leaderId;
  }

  @Override
  public long fingerprint() {
    long h = Hashing.combine(0x49534E50L, term);
    h = Hashing.combine(h, leaderId);
    return Hashing.combine(h, snapshot.fingerprint());
  }

  @Override
  public String summary() {
    return "IS t" + term + " last=" + snapshot.index() + "/" + snapshot.term();
  }

  @Override
  public String kind() {
    return "InstallSnapshot";
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint());
  }
}
