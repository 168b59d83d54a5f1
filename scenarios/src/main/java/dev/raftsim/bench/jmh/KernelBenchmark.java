package dev.raftsim.bench.jmh;

import dev.raftsim.bench.BareLoop;
import dev.raftsim.bench.PingPong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The kernel against the bare event-loop ceiling, in events per second: {@code bareLoop} at 64 and 4,096 pending
 * events, {@code pingPong} is sim-core's Simulation with 64 messages in flight among 4 processes, observer on.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KernelBenchmark {
  static final int EVENTS = 10_000;

  @State(Scope.Thread)
  public static class Bare {
    @Param({"64", "4096"})
    int pending;

    BareLoop loop;

    @Setup
    public void setup() {
      loop = new BareLoop(pending, 42);
    }
  }

  @State(Scope.Thread)
  public static class Kernel {
    PingPong pingPong;

    @Setup
    public void setup() {
      pingPong = new PingPong(4, 16, 42);
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long bareLoop(Bare s) {
    return s.loop.run(EVENTS);
  }

  /** Overshoots the nominal event count by a handful (under 0.1%). */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long pingPong(Kernel s) {
    return s.pingPong.runEvents(EVENTS);
  }
}
