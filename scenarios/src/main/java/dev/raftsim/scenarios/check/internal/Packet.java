package dev.raftsim.scenarios.check.internal;

import dev.raftsim.raft.AppendEntries;
import dev.raftsim.raft.AppendEntriesReply;
import dev.raftsim.raft.Entry;
import dev.raftsim.raft.InstallSnapshot;
import dev.raftsim.raft.InstallSnapshotReply;
import dev.raftsim.raft.RaftMessage;
import dev.raftsim.raft.RequestVote;
import dev.raftsim.raft.RequestVoteReply;

/**
 * One message in flight from server {@code from} to server {@code to}. Immutable and shared by every state
 * whose network holds it.
 *
 * <p>{@link #content} hashes the message without its sender id (the sender is {@code from}), so that the
 * packet's fingerprint under a renaming of the nodes is a function of (content, renamed from, renamed to):
 * {@link #pairFp} caches it for every ordered pair of new ids.
 */
public final class Packet {
  public final int from;
  public final int to;
  public final RaftMessage msg;
  public final long content;
  /** pairFp[a * n + b]: fingerprint of this packet were it sent from a to b. */
  final long[] pairFp;
  /**
   * When the message carries configuration entries (which name node ids): its content hash under each renaming of
   * the model's symmetry; null otherwise (then {@link #pairFp} serves every renaming).
   */
  final long[] permContent;

  public Packet(int from, int to, RaftMessage msg, int n) {
    this(from, to, msg, n, contentHash(msg));
  }

  Packet(int from, int to, RaftMessage msg, int n, long content) {
    this(from, to, msg, n, content, null);
  }

  Packet(int from, int to, RaftMessage msg, int n, long content, Symmetry sym) {
    this.from = from;
    this.to = to;
    this.msg = msg;
    this.content = content;
    if (sym != null && msg instanceof AppendEntries ae && Renamed.anyConfig(ae.entries())) {
      permContent = new long[sym.count];
      for (int k = 0; k < sym.count; k++) {
        long h = Mix.mix(3 | f(ae.term()) << 4 | f(ae.prevLogIndex()) << 16 | f(ae.prevLogTerm()) << 28
            | f(ae.leaderCommit()) << 40 | f(ae.entryCount()) << 52);
        for (Entry e : ae.entries()) {
          h = Mix.combine(h, Renamed.digest(e, sym.map[k]));
        }
        permContent[k] = h;
      }
    } else {
      permContent = null;
    }
    this.pairFp = new long[n * n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        if (a != b) {
          pairFp[a * n + b] = Mix.mix(content + 0x51ED27L * (a * n + b + 1));
        }
      }
    }
  }

  /** Fingerprint of this packet under renaming k, sent from a to b (the renamed ids). */
  long fp(int k, int a, int b, int n) {
    return permContent == null ? pairFp[a * n + b] : Mix.mix(permContent[k] + 0x51ED27L * (a * n + b + 1));
  }

  /** Fingerprint of this packet as if sent from a to b (new ids). */
  public long fp(int a, int b, int n) {
    return pairFp[a * n + b];
  }

  /** Canonical network order: by sender, receiver, then content hash. */
  public int compareTo(Packet o) {
    if (from != o.from) {
      return Integer.compare(from, o.from);
    }
    if (to != o.to) {
      return Integer.compare(to, o.to);
    }
    return Long.compare(content, o.content);
  }

  /** Same sender, receiver and message value. */
  public boolean sameAs(Packet o) {
    return from == o.from && to == o.to && content == o.content && msg.equals(o.msg);
  }

  /** E.g. {@code RV t2 last=0/0 n2->n1}. */
  public String describe() {
    return msg.summary() + " n" + (from + 1) + "->n" + (to + 1);
  }

  /** Hash of the message without its sender; small fields packed 12 bits each. */
  static long contentHash(RaftMessage m) {
    if (m instanceof RequestVote rv) {
      return Mix.mix(1 | f(rv.term()) << 4 | f(rv.lastLogIndex()) << 16 | f(rv.lastLogTerm()) << 28);
    } else if (m instanceof RequestVoteReply r) {
      return Mix.mix(2 | f(r.term()) << 4 | (r.granted() ? 1L : 0L) << 16);
    } else if (m instanceof AppendEntries ae) {
      long h = Mix.mix(3 | f(ae.term()) << 4 | f(ae.prevLogIndex()) << 16 | f(ae.prevLogTerm()) << 28
          | f(ae.leaderCommit()) << 40 | f(ae.entryCount()) << 52);
      for (Entry e : ae.entries()) {
        h = Mix.combine(h, e.digest());
      }
      return h;
    } else if (m instanceof AppendEntriesReply r) {
      return Mix.mix(4 | f(r.term()) << 4 | (r.success() ? 1L : 0L) << 16 | f(r.matchIndex()) << 17
          | f(r.conflictIndex()) << 29 | f(r.conflictTerm()) << 41);
    } else if (m instanceof InstallSnapshot is) {
      // (the snapshot's configuration, if any, hashes raw: symmetry is off when snapshots meet membership changes)
      return Mix.combine(Mix.mix(5 | f(is.term()) << 4 | f(is.lastIncludedIndex()) << 16
          | f(is.lastIncludedTerm()) << 28), is.snapshot().fingerprint());
    } else if (m instanceof InstallSnapshotReply r) {
      return Mix.mix(6 | f(r.term()) << 4 | f(r.matchIndex()) << 16);
    }
    throw new IllegalStateException("not a Raft message: " + m);
  }

  private static long f(long v) {
    if (v < 0 || v >= 4096) {
      throw new IllegalStateException("message field " + v + " outside the model's packed range 0..4095");
    }
    return v;
  }
}
