package dev.raftsim.bench;

import dev.raftsim.invariants.Checkers;
import dev.raftsim.invariants.LivenessConfig;
import dev.raftsim.invariants.SafetyChecker;

/**
 * The per-event cost of the checkers as logs grow: steady-state windows (appends, replies, heartbeats) of a
 * {@link DirectCluster} whose logs hold about {@code logLength} entries, the checkers' own time measured around
 * each call (the cost of one clock read, calibrated in the same run, subtracted). Windows of two lengths are
 * interleaved so that both see the same machine; a cluster is rebuilt whenever its log has grown by more than a
 * tenth (or two windows), so the length stays near the nominal one.
 */
public final class CheckCost {
  private CheckCost() {}

  /** The checkers a simulated run uses, with liveness judged from time 0 and bounds no window can reach. */
  public static SafetyChecker checkers() {
    return Checkers.withLiveness(Checkers.incremental(),
        new LivenessConfig(0, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4));
  }

  /** One log length's measurements: nanoseconds per event (median over windows, spread), mean log length. */
  public record Result(int logLength, long events, Stats nanosPerEvent, double meanLogLength) {}

  /** Both lengths, measured interleaved; {@code ratio} is the large length's median cost over the small one's. */
  public record Comparison(Result small, Result large, double clockNanos) {
    public double ratio() {
      return large.nanosPerEvent().median() / small.nanosPerEvent().median();
    }
  }

  /** A cluster kept near one log length. */
  private static final class Subject {
    final int logLength;
    final int roundsPerWindow;
    DirectCluster cluster;
    long events;
    double logSum;

    Subject(int logLength, int roundsPerWindow) {
      this.logLength = logLength;
      this.roundsPerWindow = roundsPerWindow;
    }

    /** Nanoseconds per event of one window, clock cost not yet subtracted. */
    double window() {
      if (cluster == null || cluster.leaderLogLength() > logLength + Math.max(logLength / 10, 2 * roundsPerWindow)) {
        cluster = new DirectCluster(5, logLength, checkers());
        for (int i = 0; i < 8; i++) {
          cluster.round(); // the first observations are full scans: keep them out of the window
        }
      }
      long nanosBefore = cluster.checkNanos();
      logSum += cluster.leaderLogLength() + roundsPerWindow / 2.0;
      long n = cluster.timedRounds(roundsPerWindow);
      events += n;
      return (cluster.checkNanos() - nanosBefore) / (double) n;
    }
  }

  public static Comparison compare(int smallLength, int largeLength, int roundsPerWindow, int warmupWindows,
      int windows) {
    Subject small = new Subject(smallLength, roundsPerWindow);
    Subject large = new Subject(largeLength, roundsPerWindow);
    for (int i = 0; i < warmupWindows; i++) {
      small.window();
      large.window();
    }
    small.events = 0;
    large.events = 0;
    small.logSum = 0;
    large.logSum = 0;
    double clock = clockNanos();
    double[] s = new double[windows];
    double[] l = new double[windows];
    for (int i = 0; i < windows; i++) {
      s[i] = small.window() - clock;
      l[i] = large.window() - clock;
    }
    return new Comparison(new Result(smallLength, small.events, Stats.of(s), small.logSum / windows),
        new Result(largeLength, large.events, Stats.of(l), large.logSum / windows), clock);
  }

  /** The apparent cost of reading the clock once (what a timed call adds), the best of a few trials. */
  static double clockNanos() {
    double best = Double.MAX_VALUE;
    for (int trial = 0; trial < 5; trial++) {
      int n = 100_000;
      long acc = 0;
      for (int i = 0; i < n; i++) {
        long a = System.nanoTime();
        acc += System.nanoTime() - a;
      }
      best = Math.min(best, acc / (double) n);
    }
    return best;
  }
}
