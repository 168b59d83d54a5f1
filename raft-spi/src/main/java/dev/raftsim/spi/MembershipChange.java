package dev.raftsim.spi;

/**
 * A membership change the host asks a leader to make (from the reconfiguration workload, the nemesis or a
 * scenario). Servers are named by node id; a bit set over ids is a {@code long} with bit {@code i} for node {@code
 * i}. An implementation turns each change into whatever its protocol does (one single-server step, a learner stage
 * and a promotion, or a joint-consensus change) and may refuse any it cannot make.
 */
public sealed interface MembershipChange {

  /** Adds {@code server} as a non-voting learner: it receives the log but does not vote or count for commitment. */
  record AddLearner(int server) implements MembershipChange {}

  /** Makes learner {@code server} a voter (an implementation should do so only once it has caught up). */
  record Promote(int server) implements MembershipChange {}

  /** Adds {@code server} as a voter (an implementation may stage it as a learner first). */
  record AddVoter(int server) implements MembershipChange {}

  /** Removes voter or learner {@code server} from the configuration. */
  record Remove(int server) implements MembershipChange {}

  /**
   * Replaces the voter set with {@code voters} in one change: joint consensus (C_old,new, then C_new) in an
   * implementation that has it.
   */
  record Replace(long voters) implements MembershipChange {
    public Replace {
      if (voters == 0) {
        throw new IllegalArgumentException("a configuration needs at least one voter");
      }
    }
  }
}
