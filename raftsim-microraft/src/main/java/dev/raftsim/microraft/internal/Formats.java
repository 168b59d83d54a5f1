package dev.raftsim.microraft.internal;

import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.MessageFormat;
import io.microraft.RaftEndpoint;
import io.microraft.model.groupop.UpdateRaftGroupMembersOp;
import io.microraft.model.log.BaseLogEntry;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.message.AppendEntriesFailureResponse;
import io.microraft.model.message.AppendEntriesRequest;
import io.microraft.model.message.AppendEntriesSuccessResponse;
import io.microraft.model.message.InstallSnapshotRequest;
import io.microraft.model.message.InstallSnapshotResponse;
import io.microraft.model.message.PreVoteRequest;
import io.microraft.model.message.PreVoteResponse;
import io.microraft.model.message.RaftMessage;
import io.microraft.model.message.TriggerLeaderElectionRequest;
import io.microraft.model.message.VoteRequest;
import io.microraft.model.message.VoteResponse;
import java.util.Collection;
import java.util.List;

/**
 * Value-based fingerprints and short summaries of MicroRaft's messages and log operations.
 *
 * <p><b>Why no copy.</b> MicroRaft's messages ({@code Default*OrBuilder}) are written only through their builder
 * before {@code build()}, which then drops the builder, so a built message is never written again; the log-entry
 * lists an AppendEntries carries are fresh lists per message ({@code RaftLog.getLogEntriesBetween}) and the
 * receiver only reads them; log entries, snapshot chunks and member views are built the same way, and the
 * operations inside are the adapter's own immutable records or MicroRaft's built group operations. A duplicate or
 * a message the sender still holds is therefore safe to share ({@code MessagesImmutabilityTest} checks it).
 */
public final class Formats {
  private Formats() {}

  public static final MessageFormat FORMAT = new MessageFormat() {
    @Override
    public long fingerprint(Object message) {
      return Formats.fingerprint(message);
    }

    @Override
    public String summary(Object message) {
      return Formats.summary(message);
    }
  };

  static long mix(long z) {
    return Tuning.mix(z);
  }

  static long fingerprint(Object m) {
    RaftMessage r = (RaftMessage) m;
    long h = mix(Endpoint.idOf(r.getSender()) * 31L + r.getTerm());
    if (m instanceof AppendEntriesRequest a) {
      h = mix(h ^ 0x41L);
      h = mix(h ^ a.getPreviousLogIndex());
      h = mix(h ^ a.getPreviousLogTerm());
      h = mix(h ^ a.getCommitIndex());
      h = mix(h ^ a.getQuerySequenceNumber());
      h = mix(h ^ a.getFlowControlSequenceNumber());
      List<LogEntry> entries = a.getLogEntries();
      for (int i = 0, n = entries.size(); i < n; i++) {
        h = mix(h ^ entryDigest(entries.get(i)));
      }
      return h;
    }
    if (m instanceof AppendEntriesSuccessResponse s) {
      h = mix(h ^ 0x42L ^ s.getLastLogIndex() << 8);
      h = mix(h ^ s.getQuerySequenceNumber());
      return mix(h ^ s.getFlowControlSequenceNumber());
    }
    if (m instanceof AppendEntriesFailureResponse f) {
      h = mix(h ^ 0x43L ^ f.getExpectedNextIndex() << 8);
      h = mix(h ^ f.getQuerySequenceNumber());
      return mix(h ^ f.getFlowControlSequenceNumber());
    }
    if (m instanceof PreVoteRequest p) {
      return mix(mix(h ^ 0x44L ^ p.getLastLogIndex() << 8) ^ p.getLastLogTerm());
    }
    if (m instanceof PreVoteResponse p) {
      return mix(h ^ (p.isGranted() ? 0x45L : 0x46L));
    }
    if (m instanceof VoteRequest v) {
      return mix(mix(h ^ (v.isSticky() ? 0x47L : 0x48L) ^ v.getLastLogIndex() << 8) ^ v.getLastLogTerm());
    }
    if (m instanceof VoteResponse v) {
      return mix(h ^ (v.isGranted() ? 0x49L : 0x4aL));
    }
    if (m instanceof InstallSnapshotRequest s) {
      h = mix(h ^ (s.isSenderLeader() ? 0x4bL : 0x4cL) ^ s.getSnapshotIndex() << 8);
      h = mix(h ^ s.getSnapshotTerm());
      h = mix(h ^ s.getTotalSnapshotChunkCount());
      h = mix(h ^ s.getQuerySequenceNumber());
      h = mix(h ^ s.getFlowControlSequenceNumber());
      h = mix(h ^ members(s.getSnapshottedMembers()));
      h = mix(h ^ view(s.getGroupMembersView()));
      SnapshotChunk c = s.getSnapshotChunk();
      return c == null ? h : mix(h ^ chunkDigest(c));
    }
    if (m instanceof InstallSnapshotResponse s) {
      h = mix(h ^ 0x4dL ^ s.getSnapshotIndex() << 8);
      h = mix(h ^ s.getRequestedSnapshotChunkIndex());
      h = mix(h ^ s.getQuerySequenceNumber());
      return mix(h ^ s.getFlowControlSequenceNumber());
    }
    if (m instanceof TriggerLeaderElectionRequest t) {
      return mix(mix(h ^ 0x4eL ^ t.getLastLogIndex() << 8) ^ t.getLastLogTerm());
    }
    throw new IllegalStateException("unknown MicroRaft message " + m.getClass().getName());
  }

  /** Value-based digest of an entry: its term and its operation. */
  public static long entryDigest(BaseLogEntry e) {
    return mix(mix(0x656e747279L ^ e.getTerm()) ^ e.getIndex() * 0x9e3779b97f4a7c15L ^ operationDigest(e.getOperation()));
  }

  static long chunkDigest(SnapshotChunk c) {
    long h = mix(entryDigest(c) ^ c.getSnapshotChunkIndex());
    h = mix(h ^ c.getSnapshotChunkCount());
    return mix(h ^ view(c.getGroupMembersView()));
  }

  public static long operationDigest(Object op) {
    if (op instanceof ClientCommand c) {
      long h = mix(0x636d64L ^ c.clientId());
      h = mix(h ^ c.seq());
      return mix(h ^ c.operation().fingerprint());
    }
    if (op instanceof NewTerm) {
      return 0x6e6f6f70L;
    }
    if (op instanceof UpdateRaftGroupMembersOp u) {
      long h = mix(0x6d656d62L ^ Endpoint.idOf(u.getEndpoint()) ^ (long) u.getMode().ordinal() << 8);
      h = mix(h ^ members(u.getMembers()));
      return mix(h ^ members(u.getVotingMembers()) << 1);
    }
    if (op instanceof KvStateMachine.Chunk k) {
      return k.digest();
    }
    throw new IllegalStateException("unknown operation in MicroRaft's log: " + op.getClass().getName());
  }

  static long view(RaftGroupMembersView v) {
    if (v == null) {
      return 0;
    }
    return mix(mix(v.getLogIndex()) ^ members(v.getMembers()) ^ members(v.getVotingMembers()) << 1);
  }

  /** Bit set of node ids. */
  public static long members(Collection<RaftEndpoint> c) {
    long bits = 0;
    if (c != null) {
      for (RaftEndpoint e : c) {
        bits |= 1L << Endpoint.idOf(e);
      }
    }
    return bits;
  }

  static String summary(Object m) {
    RaftMessage r = (RaftMessage) m;
    String t = " t" + r.getTerm();
    if (m instanceof AppendEntriesRequest a) {
      return "AE" + t + " prev=" + a.getPreviousLogIndex() + "/" + a.getPreviousLogTerm() + " n="
          + a.getLogEntries().size() + " commit=" + a.getCommitIndex() + " q=" + a.getQuerySequenceNumber();
    }
    if (m instanceof AppendEntriesSuccessResponse s) {
      return "AE-ok" + t + " last=" + s.getLastLogIndex() + " q=" + s.getQuerySequenceNumber();
    }
    if (m instanceof AppendEntriesFailureResponse f) {
      return "AE-fail" + t + " next=" + f.getExpectedNextIndex();
    }
    if (m instanceof PreVoteRequest p) {
      return "PreVote" + t + " last=" + p.getLastLogIndex() + "/" + p.getLastLogTerm();
    }
    if (m instanceof PreVoteResponse p) {
      return "PreVote-" + (p.isGranted() ? "yes" : "no") + t;
    }
    if (m instanceof VoteRequest v) {
      return "Vote" + t + " last=" + v.getLastLogIndex() + "/" + v.getLastLogTerm() + (v.isSticky() ? " sticky" : "");
    }
    if (m instanceof VoteResponse v) {
      return "Vote-" + (v.isGranted() ? "yes" : "no") + t;
    }
    if (m instanceof InstallSnapshotRequest s) {
      SnapshotChunk c = s.getSnapshotChunk();
      return "IS" + t + " at=" + s.getSnapshotIndex() + "/" + s.getSnapshotTerm() + " chunks="
          + s.getTotalSnapshotChunkCount() + (c == null ? "" : " chunk=" + c.getSnapshotChunkIndex())
          + (s.isSenderLeader() ? "" : " from-follower");
    }
    if (m instanceof InstallSnapshotResponse s) {
      return "IS-req" + t + " at=" + s.getSnapshotIndex() + " chunk=" + s.getRequestedSnapshotChunkIndex();
    }
    if (m instanceof TriggerLeaderElectionRequest e) {
      return "TimeoutNow" + t + " last=" + e.getLastLogIndex() + "/" + e.getLastLogTerm();
    }
    return m.getClass().getSimpleName() + t;
  }

  public static String describe(Object op) {
    if (op instanceof ClientCommand c) {
      return c.operation().describe() + " (c" + c.clientId() + "#" + c.seq() + ")";
    }
    if (op instanceof NewTerm) {
      return "no-op";
    }
    if (op instanceof UpdateRaftGroupMembersOp u) {
      return "config " + u.getMode().name().toLowerCase(java.util.Locale.ROOT) + " " + u.getEndpoint() + " -> voters "
          + bits(members(u.getVotingMembers())) + " members " + bits(members(u.getMembers()));
    }
    return String.valueOf(op);
  }

  static String bits(long b) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < 64; i++) {
      if ((b >>> i & 1) != 0) {
        sb.append(sb.length() > 1 ? "," : "").append(i);
      }
    }
    return sb.append('}').toString();
  }
}
