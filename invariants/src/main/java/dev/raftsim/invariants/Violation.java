package dev.raftsim.invariants;

import java.util.List;

/**
 * A broken property: which one, a sentence a person understands, where in the run it happened and the nodes
 * involved (0-based ids).
 */
public record Violation(String invariant, String message, long eventIndex, long timeMicros, List<Integer> nodes) {
  public Violation {
    nodes = List.copyOf(nodes);
  }
}
