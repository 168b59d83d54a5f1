package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.sim.FaultProfile;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconfiguration client against raftsim's own model, end to end: runs, counters, shrinking and replay. */
class MembershipWorkloadTest {
  private static ClusterConfig reconfiguring() {
    return ClusterConfig.defaults().withSpares(2)
        .withReconfig(new ReconfigKnobs(4, ReconfigKnobs.Mix.BALANCED, 30));
  }

  @Test
  void theCorrectModelSurvivesTheClientUnderFaultsAndTheCountersMove() {
    long changes = 0;
    long transfers = 0;
    for (long seed = 1; seed <= 8; seed++) {
      RunResult r = Simulator.run(RunSpec.generate(seed, reconfiguring(), FaultProfile.DEFAULT, 8_000_000));
      assertFalse(r.failed(), () -> "seed " + r.spec().seed() + ": " + r.violation().message());
      changes += r.counters().get("configChanges");
      transfers += r.counters().get("leadershipTransfers");
    }
    assertTrue(changes >= 8, "configuration changes committed: " + changes);
    assertTrue(transfers >= 1, "leadership transfers completed: " + transfers);
  }

  @Test
  void withoutTheClientNothingIsCountedAndOtherProfilesKeepTheirPlans() {
    RunSpec plain = RunSpec.generate(4, ClusterConfig.defaults(), FaultProfile.DEFAULT, 4_000_000);
    assertTrue(plain.plan().actions().stream().noneMatch(tf -> Reconfiguration.isReconfiguration(tf.fault())));
    RunResult r = Simulator.run(plain);
    assertEquals(0L, r.counters().get("configChanges"));
    assertEquals(0L, r.counters().get("leadershipTransfers"));
  }

  @Test
  void aFailureWithRequestsShrinksAndTheShrunkFileReplays(@TempDir Path dir) throws Exception {
    ClusterConfig buggy = reconfiguring().withReconfig(new ReconfigKnobs(5, ReconfigKnobs.Mix.JOINT, 50))
        .withBugs(Set.of(PlantedBug.LEAVE_JOINT_EARLY));
    RunResult failing = null;
    for (long seed = 1; seed <= 300 && failing == null; seed++) {
      RunResult r = Simulator.run(RunSpec.generate(seed, buggy, FaultProfile.SWARM, 10_000_000));
      if (r.failed()) {
        failing = r;
      }
    }
    assertTrue(failing != null, "leave-joint-early found in 300 schedules");
    Shrinker.Result s = new Shrinker(new Shrinker.Budget(400, 30_000)).shrink(failing);
    RunResult shrunk = s.shrunk();
    assertEquals(failing.violation().invariant(), shrunk.violation().invariant());
    assertTrue(shrunk.spec().plan().actions().size() <= failing.spec().plan().actions().size());
    Path file = dir.resolve("shrunk.json");
    Counterexample.of(shrunk, null).write(file);
    RunResult again = Simulator.run(Counterexample.read(file).spec());
    assertEquals(shrunk.digestHex(), again.digestHex());
    assertEquals(shrunk.violation().invariant(), again.violation().invariant());
  }
}
