package dev.raftsim.scenarios;

import dev.raftsim.invariants.SafetyChecker;
import dev.raftsim.sim.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How to run a spec: which checkers, whether liveness and the client history are judged, and where the trace
 * goes (null: no trace is recorded; the digest is computed either way). {@code cancel} (null: never) is polled
 * during the run so that another thread can abandon it; a cancelled run's result is incomplete and must be
 * discarded ({@link RunResult#cancelled()}). {@code extraCheckers} are a user's own invariants (a fresh checker per
 * run, after the built-in ones); {@code workload} is the client workload (null: the built-in KV one). Neither is
 * recorded in a counterexample: whoever replays one supplies them again (the test library's replay does).
 */
public record RunOptions(CheckMode checks, boolean liveness, boolean linearizability, TraceSink trace,
    BooleanSupplier cancel, List<Supplier<? extends SafetyChecker>> extraCheckers, Workload workload) {

  public RunOptions {
    extraCheckers = List.copyOf(extraCheckers);
  }

  public RunOptions(CheckMode checks, boolean liveness, boolean linearizability, TraceSink trace,
      BooleanSupplier cancel) {
    this(checks, liveness, linearizability, trace, cancel, List.of(), null);
  }

  public RunOptions(CheckMode checks, boolean liveness, boolean linearizability, TraceSink trace) {
    this(checks, liveness, linearizability, trace, null);
  }

  public static RunOptions defaults() {
    return new RunOptions(CheckMode.INCREMENTAL, true, true, null, null);
  }

  public RunOptions withTrace(TraceSink sink) {
    return new RunOptions(checks, liveness, linearizability, sink, cancel, extraCheckers, workload);
  }

  public RunOptions withChecks(CheckMode mode) {
    return new RunOptions(mode, liveness, linearizability, trace, cancel, extraCheckers, workload);
  }

  public RunOptions withLiveness(boolean on) {
    return new RunOptions(checks, on, linearizability, trace, cancel, extraCheckers, workload);
  }

  public RunOptions withLinearizability(boolean on) {
    return new RunOptions(checks, liveness, on, trace, cancel, extraCheckers, workload);
  }

  public RunOptions withCancel(BooleanSupplier c) {
    return new RunOptions(checks, liveness, linearizability, trace, c, extraCheckers, workload);
  }

  /** Adds a user's invariant: {@code factory} makes a fresh checker for every run. */
  public RunOptions withExtraChecker(Supplier<? extends SafetyChecker> factory) {
    List<Supplier<? extends SafetyChecker>> all = new ArrayList<>(extraCheckers);
    all.add(factory);
    return new RunOptions(checks, liveness, linearizability, trace, cancel, all, workload);
  }

  /** The client workload (null: the built-in KV one). */
  public RunOptions withWorkload(Workload w) {
    return new RunOptions(checks, liveness, linearizability, trace, cancel, extraCheckers, w);
  }
}
