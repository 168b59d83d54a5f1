package dev.raftsim.scenarios.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.PlantedBug;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded snapshot actions in the model checker ({@code --max-snapshots}): the two install bugs and
 * snapshot-drops-config found exhaustively at the bounds docs/model-checking.md gives for tests, the correct model
 * clean there, and nothing changed without them.
 */
class SnapshotCheckTest {

  /**
   * The documented test bounds: three nodes, one term, two commands, one snapshot, at most three messages in flight,
   * one election timeout and one heartbeat timeout per path.
   */
  static CheckConfig testBounds() {
    return CheckConfig.defaults().withBounds(3, 1, 2).withInFlight(3).withMaxTimeouts(1)
        .withMaxDropsAndHeartbeats(Integer.MAX_VALUE, 1).withMaxSnapshots(1);
  }

  @Test
  void discardSuffixOnInstallIsFoundAndReplays(@TempDir Path dir) throws Exception {
    Counterexample cex = findAndReplay(testBounds().withBug(PlantedBug.DISCARD_SUFFIX_ON_INSTALL), dir);
    assertEquals("CommittedOnMajority", cex.invariant(), cex.message());
    assertEquals(17, cex.steps().size(), cex.pathLines()::toString);
    // The follower acknowledged index 2, then installed the snapshot through 1 and lost it.
    assertTrue(cex.message().contains("committed index 2") && cex.message().contains("only 1 of 3"), cex.message());
  }

  @Test
  void installRollsBackIsFoundAndReplays(@TempDir Path dir) throws Exception {
    Counterexample cex = findAndReplay(testBounds().withBug(PlantedBug.INSTALL_ROLLS_BACK), dir);
    assertEquals("StateMachineSafety", cex.invariant(), cex.message());
    assertEquals(17, cex.steps().size(), cex.pathLines()::toString);
    assertTrue(cex.message().contains("lastApplied went down from 2 to 1"), cex.message());
  }

  /**
   * Two servers, the second a spare the leader adds; one snapshot, one restart: the leader restarts from a snapshot
   * that lost the configuration it holds and falls back to the initial one (ConfigFromLog, which the checker asserts
   * over compacted logs).
   */
  static CheckConfig dropsConfigBounds() {
    return CheckConfig.defaults().withBounds(2, 1, 1).withMembership(1, 1).withMaxSnapshots(1).withRestarts(1);
  }

  @Test
  void snapshotDropsConfigIsFoundAndReplays(@TempDir Path dir) throws Exception {
    Counterexample cex = findAndReplay(dropsConfigBounds().withBug(PlantedBug.SNAPSHOT_DROPS_CONFIG), dir, false);
    assertEquals("ConfigFromLog", cex.invariant(), cex.message());
    assertEquals(7, cex.steps().size(), cex.pathLines()::toString);
    assertEquals("restart", cex.steps().get(6).type(), cex.pathLines()::toString);
    // Without a restart, three servers show it through an install instead.
    CheckConfig install = CheckConfig.defaults().withBounds(3, 1, 1).withMembership(1, 1).withMaxSnapshots(1)
        .withBug(PlantedBug.SNAPSHOT_DROPS_CONFIG);
    Counterexample viaInstall = findAndReplay(install, dir, true);
    assertEquals("ConfigFromLog", viaInstall.invariant(), viaInstall.message());
    assertEquals(12, viaInstall.steps().size(), viaInstall.pathLines()::toString);
  }

  @Test
  void theCorrectModelKeepsItsConfigurationThroughSnapshots() {
    CheckResult r = new ModelChecker(dropsConfigBounds()).run(null);
    assertNull(r.violation(), () -> String.valueOf(r.violation()));
    assertTrue(r.complete());
    // (three servers without a restart, 121,574 states, are clean too: docs/model-checking.md)
  }

  private static Counterexample findAndReplay(CheckConfig c, Path dir) throws Exception {
    return findAndReplay(c, dir, true);
  }

  private static Counterexample findAndReplay(CheckConfig c, Path dir, boolean installs) throws Exception {
    CheckResult r = new ModelChecker(c).run(null);
    Counterexample cex = r.violation();
    assertNotNull(cex, () -> c.describe() + ": no violation in " + r.distinctStates() + " states");
    assertTrue(cex.steps().stream().anyMatch(a -> a.type().equals("snapshot")), cex.pathLines()::toString);
    assertEquals(installs, cex.steps().stream().anyMatch(a -> a.message() != null
        && a.message().kind().equals("InstallSnapshot") && a.type().equals("deliver")), cex.pathLines()::toString);
    // Without the snapshot action the same bounds cannot show it: the install paths are never taken.
    assertNull(new ModelChecker(c.withMaxSnapshots(0)).run(null).violation());
    Path file = dir.resolve("cx.json");
    CheckPathFile.write(file, c, cex);
    String text = Files.readString(file);
    assertTrue(text.contains("\"maxSnapshots\" : 1"), text);
    assertEquals(installs, text.contains("\"lastIncludedIndex\""), text);
    CheckReplay.Result again = CheckReplay.replay(file);
    assertTrue(again.reproduced(), () -> again.violation() + " / " + again.digest() + " vs " + cex.digest());
    assertEquals(cex.digest(), again.digest());
    return cex;
  }

  @Test
  void theCorrectModelIsCleanAtTheTestBoundsAndSnapshotsAddStates() {
    CheckResult r = new ModelChecker(testBounds()).run(null);
    assertNull(r.violation(), () -> String.valueOf(r.violation()));
    assertTrue(r.complete());
    CheckResult plain = new ModelChecker(testBounds().withMaxSnapshots(0)).run(null);
    assertNull(plain.violation());
    assertTrue(r.distinctStates() > plain.distinctStates(), r.distinctStates() + " vs " + plain.distinctStates());
  }

  @Test
  void theCorrectModelWithRestartsAndDuplicatesIsClean() {
    // Restarts come from the snapshot plus the log; a duplicated InstallSnapshot is a stale one when it arrives.
    CheckConfig c = CheckConfig.defaults().withBounds(3, 1, 2).withInFlight(3).withMaxTimeouts(1)
        .withMaxDropsAndHeartbeats(Integer.MAX_VALUE, 1).withMaxSnapshots(2).withRestarts(1).withDuplicates(1)
        .withMaxStates(150_000);
    CheckResult r = new ModelChecker(c).run(null);
    assertNull(r.violation(), () -> String.valueOf(r.violation()));
  }

  @Test
  void symmetryWithSnapshotsFindsWhatTheFullSpaceFinds() {
    // (FingerprintTest checks renamed executions with snapshots step by step; this is the end-to-end view)
    CheckConfig c = testBounds().withBug(PlantedBug.DISCARD_SUFFIX_ON_INSTALL);
    CheckResult sym = new ModelChecker(c).run(null);
    CheckResult full = new ModelChecker(c.withSymmetry(false)).run(null);
    assertEquals(full.violation().invariant(), sym.violation().invariant(), c::describe);
    assertEquals(full.violation().steps().size(), sym.violation().steps().size(), c::describe);
    assertTrue(sym.distinctStates() < full.distinctStates(), c::describe);
  }

  @Test
  void zeroSnapshotsKeepsTodaysStateCounts() {
    // The counts TinyBoundsTest derives by hand (2 nodes, term <= 1, no log): 30 states, 17 with symmetry.
    CheckConfig tiny = CheckConfig.defaults().withBounds(2, 1, 0).withMaxSnapshots(0);
    assertEquals(30, new ModelChecker(tiny.withSymmetry(false)).run(null).distinctStates());
    assertEquals(17, new ModelChecker(tiny).run(null).distinctStates());
    // With nothing ever applied no snapshot action is enabled: the same space, whatever the bound.
    assertEquals(17, new ModelChecker(tiny.withMaxSnapshots(5)).run(null).distinctStates());
    CheckConfig small = CheckConfig.defaults().withBounds(3, 1, 1);
    assertEquals(new ModelChecker(small).run(null).distinctStates(),
        new ModelChecker(small.withMaxSnapshots(0)).run(null).distinctStates());
  }

  @Test
  void snapshotsWithMembershipChangesTurnSymmetryOff() {
    CheckConfig c = testBounds().withMembership(1, 1);
    assertTrue(c.symmetry());
    assertTrue(!c.effectiveSymmetry(), c::describe);
    assertTrue(c.describe().contains("symmetry off"), c::describe);
    assertTrue(testBounds().effectiveSymmetry());
    assertTrue(CheckConfig.defaults().withMembership(1, 1).effectiveSymmetry());
  }

  @Test
  void boundsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> CheckConfig.defaults().withMaxSnapshots(-1));
    assertThrows(IllegalArgumentException.class, () -> CheckConfig.defaults().withMaxSnapshots(256));
  }
}
