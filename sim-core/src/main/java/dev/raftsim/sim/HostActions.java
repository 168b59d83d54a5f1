package dev.raftsim.sim;

/**
 * Carries out the plan's {@link Fault.Host} actions, which the kernel cannot interpret (for a Raft host: asking the
 * leader to change the membership or hand over leadership). It must be a deterministic function of the simulation's
 * state and the action's text.
 */
public interface HostActions {
  /**
   * What a host action did: a kernel fault to apply in its place (null: none; e.g. a partition between the members
   * of two configurations) and a detail for the trace (null: none).
   */
  record Outcome(Fault fault, String detail) {
    public static final Outcome NOTHING = new Outcome(null, null);

    public Outcome {
      if (fault instanceof Fault.Host) {
        throw new IllegalArgumentException("a host action cannot resolve to another host action");
      }
    }
  }

  HostActions NONE = action -> new Outcome(null, "no host handler");

  /** Performs {@code action} now (inside the fault event). */
  Outcome perform(String action);
}
