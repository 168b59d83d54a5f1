package dev.raftsim.scenarios.check;

/**
 * What a model-checking run found.
 *
 * @param config the run's configuration
 * @param distinctStates distinct states found (after symmetry reduction when on)
 * @param statesGenerated successors computed, duplicates included (TLC's "states generated")
 * @param depth the deepest BFS level reached (the initial state is level 0)
 * @param wallMillis wall-clock time of the search
 * @param complete true when every state within the bounds was explored and no violation stopped the search
 * @param visitedTableBytes bytes of the visited-fingerprint table
 * @param memoryBytes bytes of the checker's own structures: visited table, parent pointers, level table
 * @param heapUsedBytes peak JVM heap in use, sampled at the end of each BFS level (frontiers included, and garbage
 *     not yet collected)
 * @param violation the shortest counterexample, or null
 */
public record CheckResult(CheckConfig config, long distinctStates, long statesGenerated, int depth, long wallMillis,
    boolean complete, long visitedTableBytes, long memoryBytes, long heapUsedBytes, Counterexample violation) {

  public double distinctStatesPerSecond() {
    return wallMillis == 0 ? distinctStates * 1000.0 : distinctStates * 1000.0 / wallMillis;
  }
}
