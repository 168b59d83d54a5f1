package dev.raftsim.scenarios;

/** Which safety checkers run after every event. */
public enum CheckMode {
  /** The fast incremental checkers (the default). */
  INCREMENTAL,
  /** The simple full-scan reference checkers (slow; for cross-checking). */
  REFERENCE,
  /** Nothing (benchmarks of the bare simulation). */
  NONE
}
