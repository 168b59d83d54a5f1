package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.Violation;
import dev.raftsim.raft.PlantedBug;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checkers on the real model: no false alarms, every planted bug caught, and the two checker forms agree. */
class CheckerPowerTest {
  /** Safety properties a planted bug may legitimately break first (reference §4, plus the extras that fire earlier). */
  private static final Set<String> SAFETY = union(dev.raftsim.invariants.Checkers.INVARIANTS,
      List.of("Linearizability", NodeFailure.INVARIANT));

  private static Set<String> union(List<String> a, List<String> b) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  @Test
  void correctModelRaisesNoAlarmOverManySwarmSchedules() {
    RaftProperty.schedules(300).seed(2024).seconds(5).output(java.nio.file.Path.of("target", "raftsim-properties"),
        "no-false-alarms").check();
  }

  @Test
  void everyPlantedBugIsCaughtWithin2000Schedules() {
    for (PlantedBug bug : PlantedBug.values()) {
      var found = RaftProperty.schedules(2000).seed(1).bugs(bug).seconds(10).shrinkAttempts(0)
          .output(java.nio.file.Path.of("target", "raftsim-properties"), "bug-" + bug.cliName()).find();
      assertTrue(found.isPresent(), bug.cliName() + " was not caught in 2,000 swarm schedules");
      assertTrue(SAFETY.contains(found.get().invariant()), found.get().invariant());
      if (bug == PlantedBug.ACCEPT_STALE_APPEND) {
        assertEquals(NodeFailure.INVARIANT, found.get().invariant(), "the node's own assertion catches " + bug.cliName());
        // Which of the node's assertions fires first depends on the schedule (term check, commit, snapshot).
        assertTrue(found.get().message().contains(" threw IllegalStateException at RaftNode."), found.get().message());
      }
      if (bug.clientVisible()) {
        assertEquals("Linearizability", found.get().invariant(), bug.cliName() + " is only visible to clients");
      }
      if (bug == PlantedBug.MATCH_FROM_STALE_REPLY) {
        assertEquals("MatchIndexMonotonic", found.get().invariant(), "only the leader's bookkeeping goes wrong");
      }
    }
  }

  @Test
  void referenceAndIncrementalCheckersAgreeOnEveryRun() {
    List<PlantedBug[]> configs = List.of(new PlantedBug[0], new PlantedBug[] {PlantedBug.SKIP_UP_TO_DATE_CHECK},
        new PlantedBug[] {PlantedBug.TRUNCATE_ON_STALE_APPEND}, new PlantedBug[] {PlantedBug.ACK_BEFORE_PERSIST},
        new PlantedBug[] {PlantedBug.COMMIT_BEYOND_MATCH}, new PlantedBug[] {PlantedBug.FIGURE8_COMMIT},
        new PlantedBug[] {PlantedBug.MATCH_FROM_STALE_REPLY},
        new PlantedBug[] {PlantedBug.DISCARD_SUFFIX_ON_INSTALL}, new PlantedBug[] {PlantedBug.INSTALL_ROLLS_BACK});
    int violations = 0;
    for (PlantedBug[] bugs : configs) {
      for (long seed = 0; seed < 12; seed++) {
        RunSpec spec = Fixtures.swarm(Campaign.scheduleSeed(77, seed), bugs).withDuration(2_000_000);
        if (seed >= 8) { // compacted logs and installs in every one of these
          spec = spec.withCluster(spec.cluster().withSnapshotEvery((int) seed - 6));
        }
        RunOptions safetyOnly = RunOptions.defaults().withLiveness(false).withLinearizability(false);
        Violation inc = Simulator.run(spec, safetyOnly).violation();
        Violation ref = Simulator.run(spec, safetyOnly.withChecks(CheckMode.REFERENCE)).violation();
        if (inc == null) {
          assertNull(ref, "reference found " + ref + " where incremental found nothing");
        } else {
          violations++;
          assertEquals(inc.invariant(), ref == null ? null : ref.invariant(), spec.toString());
          assertEquals(inc.eventIndex(), ref.eventIndex());
        }
      }
    }
    assertTrue(violations >= 5, "the comparison must include failing runs, got " + violations);
  }
}
