package dev.raftsim.scenarios.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.PlantedBug;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The correct model passes, the planted bugs are found with short paths, and threads change nothing. */
class ModelCheckerTest {

  private static CheckConfig bounds(int nodes, int maxTerm, int maxLog) {
    return CheckConfig.defaults().withBounds(nodes, maxTerm, maxLog);
  }

  @Test
  void correctModelHasNoViolationAtThreeNodesTermTwo() {
    // The default bounds (3 nodes, term <= 2, log <= 1) take ~20 s on one core: see AcceptanceTest.
    CheckResult r = new ModelChecker(bounds(3, 2, 0)).run(null);
    assertNull(r.violation());
    assertTrue(r.complete());
    assertTrue(r.distinctStates() >= 1000, "distinct states " + r.distinctStates());
    assertTrue(r.statesGenerated() > r.distinctStates());
  }

  @Test
  void correctModelWithRestartsAndDuplicatesHasNoViolation() {
    CheckResult r = new ModelChecker(bounds(3, 1, 0).withRestarts(1).withDuplicates(1)).run(null);
    assertNull(r.violation(), () -> String.valueOf(r.violation()));
    assertTrue(r.complete());
  }

  @Test
  void skipUpToDateCheckIsFoundWithAShortPath() {
    CheckResult r = new ModelChecker(bounds(3, 2, 1).withBug(PlantedBug.SKIP_UP_TO_DATE_CHECK)).run(null);
    Counterexample cex = r.violation();
    assertNotNull(cex);
    assertFalse(r.complete());
    assertTrue(List.of("LeaderCompleteness", "StateMachineSafety").contains(cex.invariant()), cex.invariant());
    assertTrue(cex.steps().size() <= 12, "path of " + cex.steps().size() + " steps");
    assertEquals(cex.steps().size(), r.depth());
    assertTrue(cex.message().contains("n"), cex.message());
    assertTrue(cex.digest().matches("[0-9a-f]{16}"), cex.digest());
    // The correct model at the same bounds: clean (run with a cap; the full space is the acceptance test's).
    CheckResult clean = new ModelChecker(bounds(3, 2, 1).withMaxStates(300_000)).run(null);
    assertNull(clean.violation());
  }

  @Test
  void sameStatesAndCountsAtOneAndTwoThreads() {
    for (CheckConfig c : new CheckConfig[] {bounds(3, 2, 0), bounds(3, 1, 1).withSymmetry(false)}) {
      CheckResult one = new ModelChecker(c).run(null);
      CheckResult two = new ModelChecker(c.withThreads(2)).run(null);
      assertEquals(one.distinctStates(), two.distinctStates(), c::describe);
      assertEquals(one.statesGenerated(), two.statesGenerated(), c::describe);
      assertEquals(one.depth(), two.depth(), c::describe);
      assertTrue(one.complete() && two.complete());
    }
  }

  @Test
  void sameCounterexampleAtOneAndTwoThreads() {
    for (CheckConfig c : new CheckConfig[] {
        bounds(3, 2, 1).withBug(PlantedBug.SKIP_UP_TO_DATE_CHECK),
        bounds(3, 2, 0).withBug(PlantedBug.ACCEPT_STALE_VOTE),
        bounds(3, 2, 1).withRestarts(1).withBug(PlantedBug.ACK_BEFORE_PERSIST).withSymmetry(false)}) {
      Counterexample one = new ModelChecker(c).run(null).violation();
      Counterexample two = new ModelChecker(c.withThreads(2)).run(null).violation();
      assertNotNull(one, c::describe);
      assertEquals(one, two, c::describe);
    }
  }

  /** Each planted bug at the smallest bounds found for it (docs/model-checking.md lists them with counts). */
  @Test
  void plantedBugsAreFoundAtSmallBounds() {
    expect(bounds(3, 1, 0).withRestarts(1), PlantedBug.FORGET_VOTE_ON_RESTART, "SingleVotePerTerm");
    expect(bounds(3, 2, 0), PlantedBug.ACCEPT_STALE_VOTE, "ElectionSafety");
    expect(bounds(2, 1, 1), PlantedBug.TRUNCATE_ON_STALE_APPEND, "CommittedOnMajority");
    expect(bounds(3, 2, 1).withRestarts(1), PlantedBug.ACK_BEFORE_PERSIST, "CommittedOnMajority");
    expect(bounds(5, 1, 0).withDuplicates(1), PlantedBug.COUNT_VOTES_NOT_VOTERS, "ElectionSafety");
  }

  private static void expect(CheckConfig c, PlantedBug bug, String invariant) {
    CheckResult found = new ModelChecker(c.withBug(bug)).run(null);
    Counterexample cex = found.violation();
    assertNotNull(cex, () -> bug.cliName() + " not found at " + c.describe());
    assertEquals(invariant, cex.invariant(), () -> bug.cliName() + ": " + cex.message());
    // The correct model over twice as many states as the buggy one needed: clean. (Some of these full spaces
    // take minutes; docs/model-checking.md has them.)
    CheckResult clean = new ModelChecker(c.withMaxStates(2 * found.distinctStates())).run(null);
    assertNull(clean.violation(), () -> "correct model at " + c.describe() + ": " + clean.violation());
  }

  @Test
  void maxStatesStopsIncomplete() {
    CheckResult r = new ModelChecker(bounds(3, 2, 0).withMaxStates(5000)).run(null);
    assertFalse(r.complete());
    assertNull(r.violation());
    assertTrue(r.distinctStates() >= 5000 && r.distinctStates() < 120_000, "" + r.distinctStates());
  }

  @Test
  void progressIsReportedOnLongRuns() {
    // The listener is called every few seconds; a short run may not call it at all, so only its shape is checked.
    CheckResult r = new ModelChecker(bounds(3, 1, 1)).run(p -> {
      assertTrue(p.distinctStates() > 0);
      assertTrue(p.depth() > 0);
    });
    assertTrue(r.complete());
  }

  @Test
  void configRejectsBadBoundsAndKvBugs() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> bounds(0, 1, 0));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> bounds(3, 0, 0));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> bounds(3, 1, 0).withBug(PlantedBug.STALE_READ));
  }
}
