package dev.raftsim.scenarios;

import dev.raftsim.sim.FaultPlan;
import dev.raftsim.sim.FaultProfile;
import dev.raftsim.sim.Prng;

/**
 * Everything that determines a run: the seed (which drives the network, timers and clients), the cluster, the
 * explicit fault plan and how long to run. Two equal specs give byte-identical runs.
 */
public record RunSpec(long seed, ClusterConfig cluster, FaultPlan plan, long durationMicros, String faultsName,
    ImplChoice impl) {
  public static final String FAULT_STREAM = "faults";

  public RunSpec {
    if (durationMicros <= 0) {
      throw new IllegalArgumentException("duration must be positive");
    }
    dev.raftsim.sim.Limits.check("durationMicros", durationMicros, 1, dev.raftsim.sim.Limits.MAX_MICROS);
    java.util.Objects.requireNonNull(cluster, "cluster");
    java.util.Objects.requireNonNull(plan, "plan");
    java.util.Objects.requireNonNull(impl, "impl");
  }

  /** A run of raftsim's own implementation. */
  public RunSpec(long seed, ClusterConfig cluster, FaultPlan plan, long durationMicros, String faultsName) {
    this(seed, cluster, plan, durationMicros, faultsName, ImplChoice.RAFTSIM);
  }

  /**
   * The seed-only form: the fault plan is drawn from the seed by the profile (and under swarm, the cluster's
   * knobs too: see {@link Knobs}). Faults stop for the last part of the run (half of it, at most 4 s) so that
   * liveness can be judged.
   */
  public static RunSpec generate(long seed, ClusterConfig cluster, FaultProfile profile, long durationMicros) {
    if (profile == FaultProfile.SWARM) {
      cluster = Knobs.draw(cluster, seed);
    }
    long healAt = durationMicros - Math.min(durationMicros / 2, 4_000_000);
    FaultPlan plan = profile.generate(Prng.derive(seed, FAULT_STREAM), cluster.nodes(), healAt);
    plan = withReconfiguration(plan, cluster, seed, healAt);
    return new RunSpec(seed, cluster, plan, durationMicros, profile.cliName());
  }

  /**
   * {@code plan} with the reconfiguration client's requests (and the nemesis actions aimed at them) drawn from the
   * seed's own stream: the same plan when the client is off.
   */
  public static FaultPlan withReconfiguration(FaultPlan plan, ClusterConfig cluster, long seed, long healAt) {
    if (!cluster.reconfig().on()) {
      return plan;
    }
    java.util.List<dev.raftsim.sim.TimedFault> all = new java.util.ArrayList<>(plan.actions());
    all.addAll(Reconfiguration.draw(cluster.reconfig(), cluster.nodes(), seed, healAt));
    return plan.withActions(all);
  }

  public RunSpec withPlan(FaultPlan p) {
    return new RunSpec(seed, cluster, p, durationMicros, faultsName, impl);
  }

  public RunSpec withDuration(long micros) {
    return new RunSpec(seed, cluster, plan, micros, faultsName, impl);
  }

  public RunSpec withCluster(ClusterConfig c) {
    return new RunSpec(seed, c, plan, durationMicros, faultsName, impl);
  }

  public RunSpec withImpl(ImplChoice i) {
    return new RunSpec(seed, cluster, plan, durationMicros, faultsName, i);
  }
}
