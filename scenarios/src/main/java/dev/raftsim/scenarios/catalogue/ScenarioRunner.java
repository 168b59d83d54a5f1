package dev.raftsim.scenarios.catalogue;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.ImplChoice;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.sim.FaultPlan;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runs scenarios on the simulator: every step becomes a host event scheduled on the simulation's own clock (with an
 * explicit, empty {@link FaultPlan}: the script injects the faults), so runs are deterministic and every invariant
 * checker runs after every event as in any other run.
 */
public final class ScenarioRunner {
  private ScenarioRunner() {}

  public static ScenarioResult run(Scenario scenario) {
    return run(scenario, Set.of());
  }

  /** Runs the scenario with {@code extraBugs} planted on top of the scenario's own. */
  public static ScenarioResult run(Scenario scenario, Set<PlantedBug> extraBugs) {
    return run(scenario, extraBugs, ImplChoice.RAFTSIM);
  }

  /**
   * Runs the scenario against implementation {@code impl}. raftsim's planted bugs (the scenario's own and {@code
   * extraBugs}) reach only an implementation that declares options of those names.
   */
  public static ScenarioResult run(Scenario scenario, Set<PlantedBug> extraBugs, ImplChoice impl) {
    long t0 = System.nanoTime();
    EnumSet<PlantedBug> bugs = EnumSet.noneOf(PlantedBug.class);
    bugs.addAll(scenario.bugs());
    bugs.addAll(extraBugs);
    RunSpec spec = spec(scenario, bugs).withImpl(impl);
    ScenarioRun run = new ScenarioRun(scenario, impl.isDefault());
    RunOptions options = RunOptions.defaults().withLiveness(false);
    if (run.countsMessages()) {
      options = options.withTrace(run::onTrace);
    }
    RunResult result = Simulator.run(spec, options, run::install);
    return run.finish(result, System.nanoTime() - t0);
  }

  /** The simulator run a scenario amounts to: one extra client, behind the scripted ones, carries proposals. */
  static RunSpec spec(Scenario s, Set<PlantedBug> bugs) {
    ClusterConfig config = ClusterConfig.defaults(s.nodes())
        .withClients(s.clients() + 1)
        .withTimeouts(s.electionMinMicros(), s.electionMaxMicros(), s.heartbeatMicros())
        .withNoOpOnElection(s.noOpOnElection())
        .withMaxEntriesPerAppend(s.maxEntriesPerAppend())
        .withSnapshotEvery(s.snapshotEvery())
        .withSpares(s.spares())
        .withBugs(bugs)
        .withProtocol(s.protocol());
    FaultPlan plan = new FaultPlan(s.network(), List.of(), Long.MAX_VALUE);
    return new RunSpec(s.seed(), config, plan, s.limitMicros(), "scenario " + s.name());
  }
}
