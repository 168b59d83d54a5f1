package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;
import java.util.Arrays;

/**
 * A leader's bookkeeping for reads without the log and for CheckQuorum, for one term. Rounds number the leader's
 * AppendEntries broadcasts that matter for reads (1 at election; +1 for every ReadIndex read and, under a lease,
 * every heartbeat); each request carries the current round and each reply echoes it, so a reply proves that its
 * sender still followed this leader after that round began. A reply to an older request echoes an older round and
 * can never confirm a newer read (etcd #20418).
 *
 * <p>Allocated only for nodes with {@link ProtocolOptions} other than plain; all arrays are reused across terms.
 */
final class LeaderReads {
  /** Rounds whose send time is remembered for the lease: a quorum acknowledges a recent one or the lease lapses. */
  private static final int WINDOW = 64;

  private final int self;
  private final int quorum;
  /** The current round (0 when not leading). */
  long round;
  /** Per peer: the highest round echoed by one of its replies in this term; the leader itself holds {@link #round}. */
  private final long[] acked;
  /** Local send time of round r at r % WINDOW. */
  private final long[] sentAt = new long[WINDOW];
  /** The highest round a quorum acknowledged, and when (leader's clock) it was sent: the lease's start. */
  long leaseRound;
  long leaseStart;
  /** CheckQuorum: local time of each peer's latest reply in this term. */
  private final long[] lastHeard;
  private final long[] scratch;
  /**
   * The leader's configuration when it is not every server a voter (then quorums are its majorities), else null:
   * kept current by the node, derived from its state, so neither copied nor fingerprinted here.
   */
  Membership conf;

  LeaderReads(int self, int n, int quorum) {
    this.self = self;
    this.quorum = quorum;
    this.acked = new long[n];
    this.lastHeard = new long[n];
    this.scratch = new long[n];
  }

  /** A new term of leadership starting at local time {@code now}: round 1, sent now, no lease yet. */
  void becameLeader(long now) {
    Arrays.fill(acked, 0);
    Arrays.fill(lastHeard, now);
    Arrays.fill(sentAt, 0);
    round = 1;
    sentAt[1] = now;
    leaseRound = 0;
    leaseStart = 0;
  }

  void clear() {
    Arrays.fill(acked, 0);
    Arrays.fill(lastHeard, 0);
    Arrays.fill(sentAt, 0);
    round = 0;
    leaseRound = 0;
    leaseStart = 0;
  }

  /** Starts the next round, sent at {@code now}; returns it. */
  long nextRound(long now) {
    round++;
    sentAt[(int) (round % WINDOW)] = now;
    return round;
  }

  /** A reply of this term from {@code peer} echoing {@code echoed}, received at {@code now}. */
  void onReply(int peer, long echoed, long now) {
    lastHeard[peer] = now;
    if (echoed <= acked[peer]) {
      return;
    }
    acked[peer] = echoed;
    long q = quorumRound();
    if (q > leaseRound && round - q < WINDOW) {
      leaseRound = q;
      leaseStart = sentAt[(int) (q % WINDOW)];
    }
  }

  /** The highest round that a quorum (the leader included) has acknowledged. */
  long quorumRound() {
    if (conf != null) {
      return quorumRoundOf(conf);
    }
    int n = acked.length;
    for (int p = 0; p < n; p++) {
      scratch[p] = p == self ? round : acked[p];
    }
    for (int i = 1; i < n; i++) { // insertion sort, descending: n is a handful
      long v = scratch[i];
      int j = i - 1;
      while (j >= 0 && scratch[j] < v) {
        scratch[j + 1] = scratch[j];
        j--;
      }
      scratch[j + 1] = v;
    }
    return scratch[quorum - 1];
  }

  private long quorumRoundOf(Membership c) {
    long members = c.voters() | c.oldVoters();
    long best = 0;
    for (long l = members; l != 0; l &= l - 1) {
      int p = Long.numberOfTrailingZeros(l);
      long v = p == self ? round : acked[p];
      if (v <= best) {
        continue;
      }
      long holders = 0;
      for (long k = members; k != 0; k &= k - 1) {
        int q = Long.numberOfTrailingZeros(k);
        if ((q == self ? round : acked[q]) >= v) {
          holders |= 1L << q;
        }
      }
      if (c.isQuorum(holders)) {
        best = v;
      }
    }
    return best;
  }

  /** Whether a quorum (the leader included) has been heard from within {@code window} before {@code now}. */
  boolean quorumHeardWithin(long now, long window) {
    if (conf != null) {
      long heard = 1L << self;
      for (int p = 0; p < lastHeard.length; p++) {
        if (p != self && now - lastHeard[p] < window) {
          heard |= 1L << p;
        }
      }
      return conf.isQuorum(heard);
    }
    int heard = 1;
    for (int p = 0; p < lastHeard.length; p++) {
      if (p != self && now - lastHeard[p] < window) {
        heard++;
      }
    }
    return heard >= quorum;
  }

  void copyFrom(LeaderReads o) {
    round = o.round;
    System.arraycopy(o.acked, 0, acked, 0, acked.length);
    System.arraycopy(o.sentAt, 0, sentAt, 0, WINDOW);
    leaseRound = o.leaseRound;
    leaseStart = o.leaseStart;
    System.arraycopy(o.lastHeard, 0, lastHeard, 0, lastHeard.length);
  }

  long fingerprint(long h) {
    h = Hashing.combine(h, round);
    h = Hashing.combine(h, leaseRound);
    h = Hashing.combine(h, leaseStart);
    for (int p = 0; p < acked.length; p++) {
      h = Hashing.combine(h, acked[p]);
      h = Hashing.combine(h, lastHeard[p]);
    }
    return h;
  }

  boolean sameAs(LeaderReads o) {
    return round == o.round && leaseRound == o.leaseRound && leaseStart == o.leaseStart
        && Arrays.equals(acked, o.acked) && Arrays.equals(lastHeard, o.lastHeard) && Arrays.equals(sentAt, o.sentAt);
  }
}
