package dev.raftsim.bench;

import java.nio.file.Path;

/**
 * How much of each measurement {@link Bench} takes. {@link #standard()} is what {@code raftsim bench} runs,
 * {@link #quick()} its {@code --quick} form, {@link #tiny()} a smoke test that only proves the pieces run.
 *
 * @param iterations timed samples per measurement (the table shows their median and spread)
 * @param warmupMillis least wall time of untimed cluster passes first: the JIT needs seconds of CPU for the Raft
 *     code, and on a busy machine its compiler threads get that slowly
 * @param bareEvents events per bare-loop sample
 * @param kernelSimulatedMicros virtual time per kernel sample (about 43,000 events per simulated second)
 * @param clusterSchedules 10-second default-profile runs per cluster pass
 * @param clusterDurationMicros simulated time of each of those runs
 * @param checkWindows steady-state windows per log length for the check-cost measurement
 * @param checkRoundsPerWindow rounds per window (a round is 9 events, a heartbeat round 9 more)
 * @param largeLog the long log length of the check-cost measurement (the short one is 100)
 * @param fuzzSchedules schedules per fuzz campaign sample
 * @param fuzzRepeats campaign samples per thread count
 * @param fullCampaign also run the 10,000-schedule campaign for real (else its wall time is extrapolated)
 * @param scratch where campaigns write their (deleted) output; null = the system temp folder
 */
public record BenchConfig(
    int iterations,
    long warmupMillis,
    long bareEvents,
    long kernelSimulatedMicros,
    int clusterSchedules,
    long clusterDurationMicros,
    int checkWindows,
    int checkRoundsPerWindow,
    int largeLog,
    int fuzzSchedules,
    int fuzzRepeats,
    boolean fullCampaign,
    Path scratch) {

  public static final int SMALL_LOG = 100;
  public static final int ISSUE_SCHEDULES = 10_000;
  public static final long SCHEDULE_MICROS = 10_000_000;

  public BenchConfig {
    if (iterations < 1 || warmupMillis < 0 || bareEvents < 1 || kernelSimulatedMicros < 1 || clusterSchedules < 1
        || clusterDurationMicros < 1 || checkWindows < 1 || checkRoundsPerWindow < 1 || largeLog <= SMALL_LOG
        || fuzzSchedules < 1 || fuzzRepeats < 1) {
      throw new IllegalArgumentException("every bench size must be positive (and the large log above "
          + SMALL_LOG + ")");
    }
  }

  public static BenchConfig standard() {
    return new BenchConfig(7, 10_000, 4_000_000, 20_000_000, 24, SCHEDULE_MICROS, 1_500, 64, 100_000, 300, 2, false, null);
  }

  public static BenchConfig quick() {
    return new BenchConfig(5, 5_000, 2_000_000, 8_000_000, 10, SCHEDULE_MICROS, 400, 64, 100_000, 80, 1, false, null);
  }

  /** Seconds, not minutes: every piece runs, nothing is meaningful. For tests. */
  public static BenchConfig tiny() {
    return new BenchConfig(2, 0, 20_000, 200_000, 1, 500_000, 4, 8, 2_000, 2, 1, false, null);
  }

  public BenchConfig withFullCampaign(boolean on) {
    return new BenchConfig(iterations, warmupMillis, bareEvents, kernelSimulatedMicros, clusterSchedules,
        clusterDurationMicros, checkWindows, checkRoundsPerWindow, largeLog, fuzzSchedules, fuzzRepeats, on, scratch);
  }

  public BenchConfig withScratch(Path dir) {
    return new BenchConfig(iterations, warmupMillis, bareEvents, kernelSimulatedMicros, clusterSchedules,
        clusterDurationMicros, checkWindows, checkRoundsPerWindow, largeLog, fuzzSchedules, fuzzRepeats, fullCampaign,
        dir);
  }
}
