package dev.raftsim.sim;

/**
 * What a simulation needs besides its processes: the seed every random stream derives from, how many
 * processes there are and how many of them are faultable nodes (ids 0..nodes-1; the rest, e.g. clients, never
 * crash and are never partitioned), the fault plan, how many timer kinds a process may use, and after how long
 * unsynced writes reach the disk on their own ({@code writebackMicros}; 0 = never).
 */
public record SimulationConfig(long seed, int nodes, int processes, FaultPlan plan, int timerKinds, long writebackMicros) {
  public SimulationConfig {
    if (nodes < 1 || processes < nodes) {
      throw new IllegalArgumentException("need 1 <= nodes <= processes, got " + nodes + "/" + processes);
    }
    if (timerKinds < 1 || timerKinds > 16) {
      throw new IllegalArgumentException("timerKinds must be in 1..16");
    }
    java.util.Objects.requireNonNull(plan, "plan");
  }
}
