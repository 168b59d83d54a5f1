package dev.raftsim.scenarios.check;

import java.util.List;

/**
 * A shortest path from the initial state to a state (or transition) that breaks an invariant.
 *
 * @param invariant the invariant's name, as the simulator's checkers name it (e.g. ElectionSafety)
 * @param message a sentence saying what went wrong, with node names n1..nN, terms and indexes
 * @param nodes the nodes involved (0-based)
 * @param steps the actions, in order
 * @param digest 64-bit digest (16 hex digits) over the fingerprints of the states along the path
 */
public record Counterexample(String invariant, String message, List<Integer> nodes, List<CheckAction> steps,
    String digest) {
  public Counterexample {
    nodes = List.copyOf(nodes);
    steps = List.copyOf(steps);
  }

  /** The steps as numbered lines: {@code 1. n2 times out -> candidate in term 1 ...}. */
  public List<String> pathLines() {
    String[] lines = new String[steps.size()];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = (i + 1) + ". " + steps.get(i).text();
    }
    return List.of(lines);
  }
}
