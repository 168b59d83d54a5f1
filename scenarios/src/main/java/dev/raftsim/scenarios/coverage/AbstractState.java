package dev.raftsim.scenarios.coverage;

import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.NodeRole;

/**
 * The canonical abstraction of a cluster that abstract-state coverage counts (after ModelFuzz): per node, whether
 * it is up, its role, its term relative to the highest term (equal, one behind, further behind), whether its last
 * entry is of the highest term, its log's relation to the longest committed log (equal, one or more entries
 * behind, diverged, one or more uncommitted entries ahead) and whether its commit index has reached that log's.
 * Node identities are dropped (the per-node codes are sorted), so states that differ only by a permutation of
 * the nodes are one state. Concrete terms, indexes and values never enter: the abstraction stays small enough
 * that "new" means a new situation, not a longer run.
 *
 * <p>Reads the {@link ClusterView} only, so any implementation under test gets the same abstraction. Cost: a
 * handful of view reads per node and an insertion sort of {@code size} ints; nothing is allocated.
 */
public final class AbstractState {
  // Log relation to the longest committed log.
  static final int EQUAL = 0;
  static final int BEHIND_ONE = 1;
  static final int BEHIND_MORE = 2;
  static final int DIVERGED = 3;
  static final int AHEAD_ONE = 4;
  static final int AHEAD_MORE = 5;

  /** Situation flags {@link #compute} leaves in {@link #flags()}: the host's cluster-wide coverage points. */
  public static final int TWO_LEADERS = 1;
  public static final int STALE_LEADER = 2;
  public static final int LOG_DIVERGED = 4;
  public static final int UNCOMMITTED_TAIL = 8;
  public static final int NO_QUORUM_UP = 16;
  public static final int ALL_IN_SYNC = 32;
  public static final int COMMITTED_AT_RISK = 64;
  public static final int COMMITTED_AT_RISK_CANDIDATE = 128;

  private final int[] codes;
  private final long[] lastTerms;
  private final int[] lasts;
  private int flags;

  public AbstractState(int nodes) {
    this.codes = new int[nodes];
    this.lastTerms = new long[nodes];
    this.lasts = new int[nodes];
  }

  /** The 64-bit hash of the view's abstract state (never 0 for a cluster with a node up). */
  public long compute(ClusterView v) {
    int n = codes.length;
    long maxTerm = 0;
    int ref = -1;
    int refCommit = -1;
    int up = 0;
    for (int i = 0; i < n; i++) {
      if (!v.isUp(i)) {
        continue;
      }
      up++;
      long t = v.currentTerm(i);
      if (t > maxTerm) {
        maxTerm = t;
      }
      // Planted bugs can push a commit index past the log's end: what is committed is what is there.
      int c = Math.min(v.commitIndex(i), v.lastIndex(i));
      if (c > refCommit) {
        refCommit = c;
        ref = i;
      }
    }
    int f = 0;
    if (up * 2 <= n) {
      f |= NO_QUORUM_UP;
    }
    long leaderTerm = -1;
    boolean inSync = up == n;
    long divergedNodes = 0;
    for (int i = 0; i < n; i++) {
      if (!v.isUp(i)) {
        codes[i] = 0;
        continue;
      }
      NodeRole role = v.role(i);
      long term = v.currentTerm(i);
      long behind = maxTerm - term;
      int termRel = behind == 0 ? 0 : behind == 1 ? 1 : 2;
      int last = v.lastIndex(i);
      long lastTerm = v.termAt(i, last);
      lastTerms[i] = lastTerm;
      lasts[i] = last;
      int lastIsMax = lastTerm == maxTerm ? 1 : 0;
      int m = Math.min(last, refCommit);
      int logRel;
      // Below a snapshot base the entries are gone; they are committed, and the checkers hold them equal.
      boolean compacted = m < v.snapshotIndex(ref) || m < v.snapshotIndex(i);
      if (!compacted && v.termAt(i, m) != v.termAt(ref, m)) {
        logRel = DIVERGED;
        f |= LOG_DIVERGED;
        divergedNodes |= 1L << i;
      } else if (last == refCommit) {
        logRel = EQUAL;
      } else if (last < refCommit) {
        logRel = refCommit - last == 1 ? BEHIND_ONE : BEHIND_MORE;
      } else {
        logRel = last - refCommit == 1 ? AHEAD_ONE : AHEAD_MORE;
        f |= UNCOMMITTED_TAIL;
      }
      int commitRel = Math.min(v.commitIndex(i), last) >= refCommit ? 0 : 1;
      if (logRel != EQUAL || commitRel != 0) {
        inSync = false;
      }
      if (role == NodeRole.LEADER) {
        if (leaderTerm >= 0 && leaderTerm != term) {
          f |= TWO_LEADERS;
        }
        leaderTerm = term;
        if (termRel != 0) {
          f |= STALE_LEADER;
        }
      }
      codes[i] = 1 + role.ordinal() + 3 * (termRel + 3 * (lastIsMax + 2 * (logRel + 6 * commitRel)));
    }
    if (inSync) {
      f |= ALL_IN_SYNC;
    }
    for (long d = divergedNodes; d != 0; d &= d - 1) {
      int i = Long.numberOfTrailingZeros(d);
      if (electable(v, i)) {
        f |= COMMITTED_AT_RISK;
        if (v.role(i) == NodeRole.CANDIDATE) {
          f |= COMMITTED_AT_RISK_CANDIDATE;
        }
      }
    }
    flags = f;
    // Symmetry reduction: the multiset of codes, as a sorted sequence.
    for (int i = 1; i < n; i++) {
      int x = codes[i];
      int j = i - 1;
      while (j >= 0 && codes[j] > x) {
        codes[j + 1] = codes[j];
        j--;
      }
      codes[j + 1] = x;
    }
    long h = 0x6A09E667F3BCC909L ^ n;
    for (int i = 0; i < n; i++) {
      h = mix(h ^ codes[i]);
    }
    return h == 0 ? 1 : h;
  }

  /**
   * Whether node {@code i} could win an election now: it is a voter of the configuration in its log, and the servers
   * up whose last entries are no more up to date than its own form a quorum of that configuration (of both halves
   * while joint).
   */
  private boolean electable(ClusterView v, int i) {
    long voters = v.voters(i);
    long old = v.jointOldVoters(i);
    if ((voters & 1L << i) == 0 && (old & 1L << i) == 0) {
      return false;
    }
    long grant = 0;
    for (int j = 0; j < codes.length; j++) {
      if (v.isUp(j) && (lastTerms[j] < lastTerms[i] || lastTerms[j] == lastTerms[i] && lasts[j] <= lasts[i])) {
        grant |= 1L << j;
      }
    }
    return majority(grant, voters) && (old == 0 || majority(grant, old));
  }

  private static boolean majority(long grant, long voters) {
    return Long.bitCount(grant & voters) * 2 > Long.bitCount(voters);
  }

  /** The situation flags of the last {@link #compute}. */
  public int flags() {
    return flags;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
