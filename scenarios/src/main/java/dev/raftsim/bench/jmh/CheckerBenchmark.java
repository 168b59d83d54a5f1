package dev.raftsim.bench.jmh;

import dev.raftsim.bench.CheckCost;
import dev.raftsim.bench.DirectCluster;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per steady-state event of a directly driven 5-node cluster whose logs hold about {@code logLength}
 * entries, with the checkers (incremental safety + liveness) on or off: the checkers' own cost per event is the
 * difference, and it should not depend on the log length. A cluster is rebuilt (outside the measurement) once its
 * log has doubled (or grown by two windows, for the short one): rebuilding the long one more often would fill the
 * measurement with the garbage collection of the old one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CheckerBenchmark {
  static final int ROUNDS = 64;
  /** 64 rounds of 9 events (a proposal, 4 AppendEntries, 4 replies), plus 16 heartbeat rounds of 9. */
  static final int EVENTS = ROUNDS * 9 + ROUNDS / DirectCluster.HEARTBEAT_EVERY * 9;

  @Param({"100", "100000"})
  int logLength;

  @Param({"true", "false"})
  boolean checks;

  DirectCluster cluster;

  @Setup(Level.Invocation)
  public void keepLength() {
    if (cluster == null || cluster.leaderLogLength() > logLength + Math.max(logLength, 2 * ROUNDS)) {
      if (cluster != null && logLength >= 10_000) {
        cluster = null;
        System.gc(); // the old long cluster's garbage is collected here, not inside the measurement
      }
      cluster = new DirectCluster(5, logLength, checks ? CheckCost.checkers() : null);
      cluster.rounds(8);
      long events = cluster.rounds(ROUNDS);
      if (events != EVENTS) {
        throw new IllegalStateException("a window caused " + events + " events, expected " + EVENTS);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long window() {
    return cluster.rounds(ROUNDS);
  }
}
