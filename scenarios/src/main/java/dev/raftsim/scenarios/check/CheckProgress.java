package dev.raftsim.scenarios.check;

/** A snapshot of a running search, for progress lines. */
public record CheckProgress(int depth, long distinctStates, long statesGenerated, long frontier, long elapsedMillis) {
  public double distinctStatesPerSecond() {
    return elapsedMillis == 0 ? 0 : distinctStates * 1000.0 / elapsedMillis;
  }
}
