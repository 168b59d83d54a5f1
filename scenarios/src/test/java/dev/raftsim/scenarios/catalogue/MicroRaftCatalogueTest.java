package dev.raftsim.scenarios.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.scenarios.ImplChoice;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The classic 6.824 (6.5840) lab scenarios on MicroRaft 0.7 (docs/findings/microraft.md, "The 6.824 catalogue on
 * MicroRaft"): every one of them applies and passes, as do the other built-in scenarios that need no forced
 * election. The scenarios that script elections with {@code campaign} do not apply (MicroRaft's adapter has no
 * forced election), and must say so rather than fail for another reason.
 */
class MicroRaftCatalogueTest {
  private static final ImplChoice MICRORAFT = ImplChoice.named("microraft");

  /** The lab's tests 3A-3D (2A-2D in older years), in the catalogue's names. */
  static final List<String> LAB = List.of("InitialElection", "ReElection", "ManyElections", "BasicAgree", "RPCBytes",
      "FollowerFailure", "LeaderFailure", "FailAgree", "FailNoAgree", "ConcurrentStarts", "Rejoin", "Backup", "Count",
      "Persist1", "Persist2", "Persist3", "Figure8", "UnreliableAgree", "Figure8Unreliable", "ReliableChurn",
      "UnreliableChurn", "SnapshotBasic2D", "SnapshotInstall2D", "SnapshotInstallUnreliable2D",
      "SnapshotInstallCrash2D", "SnapshotInstallUnCrash2D");

  /** raftsim's own additions that need no forced election and hold on MicroRaft too. */
  static final List<String> EXTRAS = List.of("RemovedLeaderStepsDown", "PausedLeader", "ReadIndexNewLeader",
      "StaleInstallSnapshot", "InstallKeepsSuffix");

  @TestFactory
  Stream<DynamicTest> everyLabScenarioPassesOnMicroRaft() {
    return Stream.concat(LAB.stream(), EXTRAS.stream()).map(name -> DynamicTest.dynamicTest(name, () -> {
      Scenario s = Catalogue.find(name).orElseThrow();
      ScenarioResult r = ScenarioRunner.run(s, Set.of(), MICRORAFT);
      assertTrue(r.passed(), r.message() + "\n" + String.join("\n", r.transcript()));
    }));
  }

  /** A scenario that scripts an election says that MicroRaft cannot be made to campaign, not something misleading. */
  @Test
  void aScriptedElectionIsReportedAsNotApplicable() {
    ScenarioResult r = ScenarioRunner.run(Catalogue.find("VoteSurvivesRestart").orElseThrow(), Set.of(), MICRORAFT);
    assertFalse(r.passed());
    assertTrue(r.reason().contains("cannot be made to campaign"), r.reason());
  }

  /** The lab's list is the catalogue's first entries, as CatalogueTest pins them. */
  @Test
  void theLabListNamesCatalogueScenarios() {
    for (String name : LAB) {
      assertTrue(Catalogue.find(name).isPresent(), name);
    }
    assertEquals(LAB.size(), Set.copyOf(LAB).size());
  }
}
