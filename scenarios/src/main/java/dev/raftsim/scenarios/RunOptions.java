package dev.raftsim.scenarios;

import dev.raftsim.sim.TraceSink;

/**
 * How to run a spec: which checkers, whether liveness and the client history are judged, and where the trace
 * goes (null: no trace is recorded; the digest is computed either way).
 */
public record RunOptions(CheckMode checks, boolean liveness, boolean linearizability, TraceSink trace) {
  public static RunOptions defaults() {
    return new RunOptions(CheckMode.INCREMENTAL, true, true, null);
  }

  public RunOptions withTrace(TraceSink sink) {
    return new RunOptions(checks, liveness, linearizability, sink);
  }

  public RunOptions withChecks(CheckMode mode) {
    return new RunOptions(mode, liveness, linearizability, trace);
  }

  public RunOptions withLiveness(boolean on) {
    return new RunOptions(checks, on, linearizability, trace);
  }

  public RunOptions withLinearizability(boolean on) {
    return new RunOptions(checks, liveness, on, trace);
  }
}
