package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/**
 * A cluster configuration as a log entry carries it: voters, non-voting learners, and in joint consensus (the
 * paper's C_old,new) the old voters. Bit sets over node ids (bit i: node i), so a configuration is three longs and
 * every quorum test is a popcount.
 *
 * @param voters the voters (C_new's while joint); never empty
 * @param learners members that receive the log but never vote or count
 * @param oldVoters C_old's voters while joint; 0 otherwise
 */
public record Membership(long voters, long learners, long oldVoters) {

  public Membership {
    if (voters == 0 || (voters & learners) != 0 || (oldVoters & learners) != 0) {
      throw new IllegalArgumentException("malformed configuration: voters=" + Long.toBinaryString(voters)
          + " learners=" + Long.toBinaryString(learners) + " old=" + Long.toBinaryString(oldVoters));
    }
  }

  /** The plain configuration with these voters and no learners. */
  public static Membership of(long voters) {
    return new Membership(voters, 0, 0);
  }

  /** Every server 0..n-1 a voter. */
  public static long all(int n) {
    return n >= 64 ? -1L : (1L << n) - 1;
  }

  public boolean isJoint() {
    return oldVoters != 0;
  }

  /** Everyone the leader replicates to: voters of both halves and learners. */
  public long members() {
    return voters | oldVoters | learners;
  }

  /** A voter in either half (it may vote and counts for commitment). */
  public boolean isVoter(int node) {
    return ((voters | oldVoters) >>> node & 1) != 0;
  }

  public boolean isMember(int node) {
    return (members() >>> node & 1) != 0;
  }

  /** Whether {@code set} holds a majority of the voters (of both halves while joint). */
  public boolean isQuorum(long set) {
    return majority(set, voters) && (oldVoters == 0 || majority(set, oldVoters));
  }

  private static boolean majority(long set, long of) {
    return Long.bitCount(set & of) * 2 > Long.bitCount(of);
  }

  /** Value-based 64-bit digest, stable across JVMs. */
  public long digest() {
    long h = Hashing.combine(0x436F6E666967L, voters);
    h = Hashing.combine(h, learners);
    return Hashing.combine(h, oldVoters);
  }

  /** E.g. {@code config {n1,n2,n3} +learner n4} or {@code joint {n1,n2,n3}->{n2,n3,n4}}. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    if (oldVoters != 0) {
      b.append("joint ").append(set(oldVoters)).append("->").append(set(voters));
    } else {
      b.append("config ").append(set(voters));
    }
    for (long l = learners; l != 0; l &= l - 1) {
      b.append(" +learner n").append(Long.numberOfTrailingZeros(l) + 1);
    }
    return b.toString();
  }

  /** {@code {n1,n3}}: node ids as the reports name them (1-based). */
  public static String set(long bits) {
    StringBuilder b = new StringBuilder("{");
    for (long l = bits; l != 0; l &= l - 1) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('n').append(Long.numberOfTrailingZeros(l) + 1);
    }
    return b.append('}').toString();
  }

  @Override
  public int hashCode() {
    return Hashing.fold(digest());
  }

  @Override
  public String toString() {
    return describe();
  }
}
