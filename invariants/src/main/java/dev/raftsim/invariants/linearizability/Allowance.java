package dev.raftsim.invariants.linearizability;

import java.util.List;

/** A pool of search states shared by several searches, with a cap for any single one. */
final class Allowance {
  private final long perSearch;
  private long remaining;
  private long used;

  Allowance(long perSearch, long total) {
    this.perSearch = perSearch;
    this.remaining = total;
  }

  boolean exhausted() {
    return remaining <= 0;
  }

  long used() {
    return used;
  }

  /** Runs one search within min(per-search cap, what is left) and charges what it explored. */
  KeySearch.Outcome search(List<Operation> ops) {
    long cap = Math.min(perSearch, remaining);
    if (cap <= 0) {
      return new KeySearch.Outcome(KeySearch.Verdict.BUDGET_EXHAUSTED, 0, Long.MAX_VALUE);
    }
    KeySearch.Outcome outcome = KeySearch.run(ops, cap);
    long charged = Math.min(outcome.statesExplored(), cap);
    remaining -= charged;
    used += outcome.statesExplored();
    return outcome;
  }
}
