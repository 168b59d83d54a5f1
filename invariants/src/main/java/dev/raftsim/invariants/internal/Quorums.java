package dev.raftsim.invariants.internal;

import dev.raftsim.invariants.ClusterView;

/**
 * Quorum arithmetic over configurations given as bit sets of node ids (bit i = node i). A configuration is its voters
 * {@code n} and, while joint, C_old's voters {@code o} (0 when not joint); a quorum is a set holding a majority of
 * {@code n} and, when joint, a majority of {@code o} too. Learners never count.
 */
public final class Quorums {
  private Quorums() {}

  /** Whether {@code set} is a quorum of the configuration (n, o). An empty voter set has no quorum. */
  public static boolean isQuorum(long set, long n, long o) {
    return majorityOf(set, n) && (o == 0 || majorityOf(set, o));
  }

  /**
   * Whether {@code set} can commit in the configuration (n, o): a quorum, or with {@code halfWhenEven} (Flexible-Paxos
   * commit quorums) half of an even voter set of at least 4 outside joint consensus.
   */
  public static boolean isCommitQuorum(long set, long n, long o, boolean halfWhenEven) {
    if (halfWhenEven && o == 0) {
      int voters = Long.bitCount(n);
      if (voters >= 4 && voters % 2 == 0 && n != 0) {
        return 2 * Long.bitCount(set & n) >= voters;
      }
    }
    return isQuorum(set, n, o);
  }

  private static boolean majorityOf(long set, long voters) {
    return 2 * Long.bitCount(set & voters) > Long.bitCount(voters);
  }

  /**
   * Two disjoint sets, the first a quorum of (n1, o1) and the second of (n2, o2), packed as {first, second}; null when
   * every quorum of one intersects every quorum of the other. Exact: a dynamic programme over the (at most 16) regions
   * the four voter sets cut the nodes into, counting how many of each region the first set takes (the second takes
   * the rest, which only helps it). Configurations change rarely, so this runs rarely.
   */
  public static long[] disjointQuorums(long n1, long o1, long n2, long o2) {
    if (n1 == 0 || n2 == 0) {
      return null; // a configuration without voters has no quorum at all
    }
    long[] sets = {n1, o1, n2, o2};
    int[] size = new int[4];
    int[] dim = new int[4];
    int states = 1;
    for (int s = 0; s < 4; s++) {
      size[s] = Long.bitCount(sets[s]);
      dim[s] = size[s] + 1;
      states *= dim[s];
    }
    long[] region = new long[16];
    long all = n1 | o1 | n2 | o2;
    for (long rest = all; rest != 0; rest &= rest - 1) {
      long bit = rest & -rest;
      int r = 0;
      for (int s = 0; s < 4; s++) {
        if ((sets[s] & bit) != 0) {
          r |= 1 << s;
        }
      }
      region[r] |= bit;
    }
    // reach[state] = 1 + how many of the region being added the first set took (0 = unreachable); parents per layer
    // let us rebuild a witness.
    int[][] took = new int[16][];
    boolean[] reach = new boolean[states];
    reach[0] = true;
    for (int r = 1; r < 16; r++) {
      int cnt = Long.bitCount(region[r]);
      if (cnt == 0) {
        continue;
      }
      int step = 0;
      for (int s = 0; s < 4; s++) {
        if ((r & (1 << s)) != 0) {
          step += stride(dim, s);
        }
      }
      boolean[] next = new boolean[states];
      int[] how = new int[states];
      for (int st = 0; st < states; st++) {
        if (!reach[st]) {
          continue;
        }
        for (int x = 0; x <= cnt; x++) {
          int to = st + x * step;
          if (!next[to]) {
            next[to] = true;
            how[to] = x + 1;
          }
        }
      }
      reach = next;
      took[r] = how;
    }
    for (int st = 0; st < states; st++) {
      if (!reach[st]) {
        continue;
      }
      int a = st % dim[0];
      int b = st / stride(dim, 1) % dim[1];
      int c = st / stride(dim, 2) % dim[2];
      int d = st / stride(dim, 3) % dim[3];
      boolean firstIsQuorum = 2 * a > size[0] && (o1 == 0 || 2 * b > size[1]);
      boolean restIsQuorum = 2 * (size[2] - c) > size[2] && (o2 == 0 || 2 * (size[3] - d) > size[3]);
      if (firstIsQuorum && restIsQuorum) {
        long first = 0;
        int at = st;
        for (int r = 15; r >= 1; r--) {
          if (took[r] == null) {
            continue;
          }
          int x = took[r][at] - 1;
          int step = 0;
          for (int s = 0; s < 4; s++) {
            if ((r & (1 << s)) != 0) {
              step += stride(dim, s);
            }
          }
          at -= x * step;
          long bits = region[r];
          for (int i = 0; i < x; i++) {
            first |= bits & -bits;
            bits &= bits - 1;
          }
        }
        return new long[] {first & (n1 | o1), all & ~first & (n2 | o2)};
      }
    }
    return null;
  }

  private static int stride(int[] dim, int s) {
    int m = 1;
    for (int i = 0; i < s; i++) {
      m *= dim[i];
    }
    return m;
  }

  /** "{n1, n2, n3}" */
  public static String names(ClusterView view, long set) {
    StringBuilder b = new StringBuilder("{");
    for (long rest = set; rest != 0; rest &= rest - 1) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(view.name(Long.numberOfTrailingZeros(rest)));
    }
    return b.append('}').toString();
  }

  /** "voters {n1, n2, n3}" or "joint voters {n1, n2, n4} and old voters {n1, n2, n3}". */
  public static String config(ClusterView view, long n, long o) {
    return o == 0 ? "voters " + names(view, n) : "joint voters " + names(view, n) + " and old voters " + names(view, o);
  }
}
