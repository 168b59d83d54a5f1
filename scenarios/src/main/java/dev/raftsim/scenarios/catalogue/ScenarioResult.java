package dev.raftsim.scenarios.catalogue;

import dev.raftsim.invariants.Violation;
import dev.raftsim.scenarios.RunResult;
import java.util.List;

/**
 * How a scenario run went. {@code reason} says why it failed (null when it passed), without the scenario's name;
 * {@link #message()} adds it. {@code transcript} is what the run printed: the {@code show} lines, an expected
 * violation, and the verdict line ({@code ok}, {@code fail: ...} or {@code violation ...}) that a text scenario's
 * expected block is compared with. {@code run} is the underlying simulator result (digest, events, history).
 */
public record ScenarioResult(Scenario scenario, boolean passed, String reason, List<String> transcript,
    RunResult run, long wallNanos) {

  public ScenarioResult {
    transcript = List.copyOf(transcript);
  }

  public String name() {
    return scenario.name();
  }

  /** E.g. {@code ReElection: at 1500.0 ms expected exactly one leader, found none (terms: n1=3 n2=3 n3=2)}. */
  public String message() {
    return passed ? name() + ": ok" : name() + ": " + reason;
  }

  public long simulatedMicros() {
    return run.simulatedMicros();
  }

  public long digest() {
    return run.digest();
  }

  /** The safety (or linearizability) violation the checkers found, expected or not; null if none. */
  public Violation violation() {
    return run.violation();
  }
}
