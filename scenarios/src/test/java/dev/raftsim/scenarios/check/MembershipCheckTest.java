package dev.raftsim.scenarios.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.PlantedBug;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded membership changes in the model checker: AddVoter/Remove actions, spares, symmetry with configurations. */
class MembershipCheckTest {

  /** Two voters and a spare, one change, term 1: small enough to compare with and without symmetry. */
  private static CheckConfig small() {
    return CheckConfig.defaults().withBounds(3, 1, 1).withMembership(1, 1);
  }

  @Test
  void theCorrectModelChangesMembershipWithoutViolation() {
    CheckResult r = new ModelChecker(small()).run(null);
    assertNull(r.violation(), () -> String.valueOf(r.violation()));
    assertTrue(r.complete());
    CheckResult plain = new ModelChecker(small().withMembership(1, 0)).run(null);
    assertTrue(r.distinctStates() > plain.distinctStates(), "the change actions add states");
  }

  @Test
  void aNewVoterCountedBeforeCatchingUpBreaksCommittedOnMajority(@TempDir Path dir) throws Exception {
    CheckConfig c = small().withBug(PlantedBug.PROMOTE_BEFORE_CAUGHT_UP);
    CheckResult r = new ModelChecker(c).run(null);
    Counterexample cex = r.violation();
    assertNotNull(cex);
    assertEquals("CommittedOnMajority", cex.invariant(), cex.message());
    assertTrue(cex.steps().stream().anyMatch(a -> a.type().equals("add-voter")), cex.steps()::toString);
    // The saved path replays to the same violation and digest.
    Path file = dir.resolve("cx.json");
    CheckPathFile.write(file, c, cex);
    assertTrue(Files.readString(file).contains("\"maxConfigChanges\""));
    CheckReplay.Result again = CheckReplay.replay(file);
    assertEquals(cex.invariant(), again.violation().invariant());
    assertEquals(cex.digest(), again.digest());
  }

  @Test
  void symmetryWithConfigurationsFindsWhatTheFullSpaceFinds() {
    for (PlantedBug bug : new PlantedBug[] {null, PlantedBug.PROMOTE_BEFORE_CAUGHT_UP}) {
      CheckConfig c = bug == null ? small() : small().withBug(bug);
      CheckResult sym = new ModelChecker(c).run(null);
      CheckResult full = new ModelChecker(c.withSymmetry(false)).run(null);
      assertEquals(full.violation() == null, sym.violation() == null, c::describe);
      assertEquals(full.depth(), sym.depth(), c::describe);
      assertTrue(sym.distinctStates() <= full.distinctStates(), c::describe);
      if (bug != null) {
        assertEquals(full.violation().invariant(), sym.violation().invariant());
        assertEquals(full.violation().steps().size(), sym.violation().steps().size());
      }
    }
  }

  @Test
  void boundsAreValidated() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> CheckConfig.defaults().withMembership(3, 1));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> CheckConfig.defaults().withMaxTimeouts(300));
  }
}
