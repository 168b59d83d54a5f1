package dev.raftsim.scenarios;

import dev.raftsim.sim.TraceSink;
import java.util.function.BooleanSupplier;

/**
 * How to run a spec: which checkers, whether liveness and the client history are judged, and where the trace
 * goes (null: no trace is recorded; the digest is computed either way). {@code cancel} (null: never) is polled
 * during the run so that another thread can abandon it; a cancelled run's result is incomplete and must be
 * discarded ({@link RunResult#cancelled()}).
 */
public record RunOptions(CheckMode checks, boolean liveness, boolean linearizability, TraceSink trace,
    BooleanSupplier cancel) {
  public RunOptions(CheckMode checks, boolean liveness, boolean linearizability, TraceSink trace) {
    this(checks, liveness, linearizability, trace, null);
  }

  public static RunOptions defaults() {
    return new RunOptions(CheckMode.INCREMENTAL, true, true, null, null);
  }

  public RunOptions withTrace(TraceSink sink) {
    return new RunOptions(checks, liveness, linearizability, sink, cancel);
  }

  public RunOptions withChecks(CheckMode mode) {
    return new RunOptions(mode, liveness, linearizability, trace, cancel);
  }

  public RunOptions withLiveness(boolean on) {
    return new RunOptions(checks, on, linearizability, trace, cancel);
  }

  public RunOptions withLinearizability(boolean on) {
    return new RunOptions(checks, liveness, on, trace, cancel);
  }

  public RunOptions withCancel(BooleanSupplier c) {
    return new RunOptions(checks, liveness, linearizability, trace, c);
  }
}
