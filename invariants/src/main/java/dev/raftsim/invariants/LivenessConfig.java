package dev.raftsim.invariants;

/**
 * When and how strictly {@link LivenessChecker} judges progress.
 *
 * @param healAtMicros when the fault plan stopped injecting and every fault was healed (partitions joined, crashed
 *     nodes restarted); {@link Long#MAX_VALUE} switches liveness checking off
 * @param leaderBoundMicros how long the cluster may be without a leader after healAtMicros (and between leaders)
 * @param commitBoundMicros how long an entry appended by the leader after healAtMicros may stay uncommitted
 */
public record LivenessConfig(long healAtMicros, long leaderBoundMicros, long commitBoundMicros) {
  /** About ten maximum election timeouts of a model with 150-300 ms timeouts. */
  public static final long DEFAULT_LEADER_BOUND_MICROS = 3_000_000;

  /** Several heartbeat round trips plus retries over a lossy network. */
  public static final long DEFAULT_COMMIT_BOUND_MICROS = 2_000_000;

  public LivenessConfig {
    if (leaderBoundMicros <= 0 || commitBoundMicros <= 0) {
      throw new IllegalArgumentException("liveness bounds must be positive: leader " + leaderBoundMicros
          + " us, commit " + commitBoundMicros + " us");
    }
    if (healAtMicros < 0) {
      throw new IllegalArgumentException("healAtMicros must not be negative: " + healAtMicros);
    }
  }

  /** The default bounds, judging from healAtMicros on. */
  public static LivenessConfig healedAt(long healAtMicros) {
    return new LivenessConfig(healAtMicros, DEFAULT_LEADER_BOUND_MICROS, DEFAULT_COMMIT_BOUND_MICROS);
  }

  /** Never judges anything. */
  public static LivenessConfig disabled() {
    return healedAt(Long.MAX_VALUE);
  }

  public boolean enabled() {
    return healAtMicros != Long.MAX_VALUE;
  }
}
