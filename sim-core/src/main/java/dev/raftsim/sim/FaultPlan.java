package dev.raftsim.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An explicit fault schedule: the network it starts with and timed actions, sorted by time (stable, so actions at
 * the same time keep their order). Generated from a seed by a {@link FaultProfile} or written by hand.
 */
public record FaultPlan(NetworkParams initialNetwork, List<TimedFault> actions, long healAtMicros) {
  public FaultPlan {
    java.util.Objects.requireNonNull(initialNetwork, "initialNetwork");
    if (healAtMicros != Long.MAX_VALUE) {
      Limits.check("healAtMicros", healAtMicros, 0, Limits.MAX_MICROS); // Long.MAX_VALUE: faults never stop
    }
    List<TimedFault> sorted = new ArrayList<>(actions);
    sorted.sort(Comparator.comparingLong(TimedFault::atMicros));
    actions = List.copyOf(sorted);
  }

  public static FaultPlan none() {
    return new FaultPlan(NetworkParams.calm(), List.of(), Long.MAX_VALUE);
  }

  public FaultPlan withActions(List<TimedFault> newActions) {
    return new FaultPlan(initialNetwork, newActions, healAtMicros);
  }

  public FaultPlan withInitialNetwork(NetworkParams params) {
    return new FaultPlan(params, actions, healAtMicros);
  }
}
