package dev.raftsim.scenarios.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.PlantedBug;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class CatalogueTest {

  /** The names of the reference's catalogue (section 3), exactly, plus the two scripted additions. */
  private static final List<String> REQUIRED = List.of("InitialElection", "ReElection", "ManyElections", "BasicAgree",
      "RPCBytes", "FollowerFailure", "LeaderFailure", "FailAgree", "FailNoAgree", "ConcurrentStarts", "Rejoin",
      "Backup", "Count", "Persist1", "Persist2", "Persist3", "Figure8", "UnreliableAgree", "Figure8Unreliable",
      "ReliableChurn", "UnreliableChurn", "Figure8Paper", "AsymmetricPartition");

  @Test
  void theCatalogueHasEveryClassicScenarioFirstAndInOrder() {
    List<String> names = Catalogue.names();
    assertEquals(REQUIRED, names.subList(0, REQUIRED.size()));
    assertEquals(names.size(), Set.copyOf(names).size(), "names are unique");
    for (Scenario s : Catalogue.all()) {
      assertFalse(s.purpose().isBlank(), s.name() + " has a purpose");
      assertFalse(s.purpose().contains("\n"), s.name() + "'s purpose is one line");
    }
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioPassesOnTheCorrectModel() {
    return Catalogue.all().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
      ScenarioResult r = ScenarioRunner.run(s);
      assertTrue(r.passed(), r.message() + "\n" + String.join("\n", r.transcript()));
      assertEquals("ok", r.transcript().get(r.transcript().size() - 1));
    }));
  }

  /** What {@code catches} claims is tested: each listed bug makes the scenario fail, through a violation or a check. */
  @TestFactory
  Stream<DynamicTest> everyScenarioCatchesTheBugsItClaims() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Scenario s : Catalogue.all()) {
      for (PlantedBug bug : s.catches()) {
        tests.add(DynamicTest.dynamicTest(s.name() + " with " + bug.cliName(), () -> {
          ScenarioResult r = ScenarioRunner.run(s, Set.of(bug));
          assertFalse(r.passed(), s.name() + " should fail with " + bug.cliName());
          assertNotNull(r.reason());
          assertTrue(r.message().startsWith(s.name() + ": at "), r.message());
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void everyPlantedBugIsCaughtBySomeScenario() {
    EnumSet<PlantedBug> caught = EnumSet.noneOf(PlantedBug.class);
    Catalogue.all().forEach(s -> caught.addAll(s.catches()));
    assertEquals(EnumSet.allOf(PlantedBug.class), caught);
  }

  @Test
  void figure8PaperBreaksLeaderCompletenessOnlyWithTheFigure8Bug() {
    Scenario s = Catalogue.find("Figure8Paper").orElseThrow();
    ScenarioResult correct = ScenarioRunner.run(s);
    assertTrue(correct.passed(), correct.message());
    ScenarioResult buggy = ScenarioRunner.run(s, Set.of(PlantedBug.FIGURE8_COMMIT));
    assertFalse(buggy.passed());
    assertNotNull(buggy.violation());
    assertTrue(List.of("LeaderCompleteness", "StateMachineSafety").contains(buggy.violation().invariant()),
        buggy.violation().invariant());
    assertTrue(buggy.message().startsWith("Figure8Paper: at "), buggy.message());
    assertTrue(buggy.message().contains("LeaderCompleteness violated: n5 became leader of term 5"), buggy.message());
  }

  @Test
  void aPlantedBugScenarioExpectingTheViolationPasses() {
    Scenario s = Catalogue.find("Figure8Paper").orElseThrow();
    Scenario expecting = ScenarioText.parse(ScenarioText.format(s).replace("catches figure8-commit",
        "bug figure8-commit\nexpect violation StateMachineSafety|LeaderCompleteness"), "Figure8PaperBug.txt");
    ScenarioResult r = ScenarioRunner.run(expecting);
    assertTrue(r.passed(), r.message());
    assertTrue(r.transcript().contains("expected violation: LeaderCompleteness"), r.transcript().toString());
    Scenario noBug = ScenarioText.parse(ScenarioText.format(s).replace("catches figure8-commit",
        "expect violation StateMachineSafety|LeaderCompleteness"), "Figure8PaperNoBug.txt");
    ScenarioResult fails = ScenarioRunner.run(noBug);
    assertFalse(fails.passed());
    assertTrue(fails.reason().startsWith("expected a violation of StateMachineSafety or LeaderCompleteness, but every"
        + " invariant held"), fails.reason());
  }

  @Test
  void shippedScenarioFilesExpectToPass() {
    for (Scenario s : Catalogue.fromResources()) {
      assertNotNull(s.expectedOutput(), s.name() + " has an expected block");
      assertEquals("ok", s.expectedOutput().get(s.expectedOutput().size() - 1), s.name());
    }
  }

  @Test
  void scenarioRunsAreDeterministic() {
    for (String name : List.of("ReElection", "UnreliableChurn", "Figure8Paper", "AsymmetricPartition")) {
      Scenario s = Catalogue.find(name).orElseThrow();
      ScenarioResult a = ScenarioRunner.run(s);
      ScenarioResult b = ScenarioRunner.run(s);
      assertEquals(a.digest(), b.digest(), name);
      assertEquals(a.run().events(), b.run().events(), name);
      assertEquals(a.transcript(), b.transcript(), name);
      assertEquals(a.simulatedMicros(), b.simulatedMicros(), name);
    }
  }

  @Test
  void anotherSeedIsAnotherRun() {
    Scenario s = Catalogue.find("UnreliableChurn").orElseThrow();
    ScenarioResult a = ScenarioRunner.run(s);
    ScenarioResult b = ScenarioRunner.run(s.withSeed(s.seed() + 1));
    assertTrue(a.digest() != b.digest(), "the seed drives the network, timers and clients");
  }
}
