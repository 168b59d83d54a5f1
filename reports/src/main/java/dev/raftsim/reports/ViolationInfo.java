package dev.raftsim.reports;

import dev.raftsim.invariants.Violation;
import java.util.List;

/**
 * The broken property as the reports show it.
 *
 * @param invariant the checker's name (e.g. "ElectionSafety")
 * @param message the checker's sentence
 * @param eventIndex the kernel event after which it was detected; matches {@code TraceEvent.event()}
 * @param timeMicros virtual time of that event
 * @param nodes 0-based process ids involved
 */
public record ViolationInfo(String invariant, String message, long eventIndex, long timeMicros, List<Integer> nodes) {
  public ViolationInfo {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
  }

  public static ViolationInfo from(Violation v) {
    return new ViolationInfo(v.invariant(), v.message(), v.eventIndex(), v.timeMicros(), v.nodes());
  }
}
