package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.linearizability.LinearizabilityChecker;
import dev.raftsim.invariants.linearizability.Operation;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.internal.RaftCluster;
import dev.raftsim.sim.FaultProfile;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The log's order of first applications is handed to the linearizability checker as a witness. On a correct Raft
 * it must be a valid linearization every time (else the shortcut silently stopped working), and with or without
 * it every verdict must be the same, including on the planted client-visible bugs.
 */
class LinearizationWitnessTest {
  private record Verdicts(int runs, int witnessAccepted, int notLinearizable) {}

  private static Verdicts compare(ClusterConfig cluster, FaultProfile profile, int schedules) {
    int runs = 0;
    int accepted = 0;
    int violations = 0;
    for (long seed = 1; seed <= schedules; seed++) {
      RunSpec spec = RunSpec.generate(seed, cluster, profile, 6_000_000);
      RaftCluster[] built = new RaftCluster[1];
      RunResult r = Simulator.run(spec, new RunOptions(CheckMode.INCREMENTAL, true, false, null), c -> built[0] = c);
      if (r.violation() != null) {
        continue;
      }
      List<Operation> ops = Simulator.toOperations(r.history());
      LinearizabilityChecker.Result search = new LinearizabilityChecker().check(ops);
      LinearizabilityChecker.Result withWitness =
          new LinearizabilityChecker().check(ops, built[0].linearizationWitness());
      assertEquals(search.outcome(), withWitness.outcome(), "seed " + seed + ": " + withWitness.message());
      runs++;
      accepted += withWitness.message().contains("no search needed") ? 1 : 0;
      violations += search.linearizable() ? 0 : 1;
    }
    return new Verdicts(runs, accepted, violations);
  }

  @Test
  void onACorrectRaftTheLogOrderIsAlwaysALinearization() {
    for (FaultProfile profile : List.of(FaultProfile.DEFAULT, FaultProfile.SWARM)) {
      Verdicts v = compare(ClusterConfig.defaults(), profile, 40);
      assertEquals(v.runs(), v.witnessAccepted(), profile + ": " + v);
      assertEquals(0, v.notLinearizable(), profile + ": " + v);
    }
  }

  @Test
  void plantedClientVisibleBugsAreStillCaught() {
    for (PlantedBug bug : List.of(PlantedBug.STALE_READ, PlantedBug.DUPLICATE_APPLY)) {
      Verdicts v = compare(ClusterConfig.defaults().withBugs(EnumSet.of(bug)), FaultProfile.SWARM, 60);
      assertTrue(v.notLinearizable() > 0, bug + ": " + v);
      assertTrue(v.witnessAccepted() <= v.runs() - v.notLinearizable(), bug + ": " + v);
    }
  }
}
