package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Schedules that once failed on the correct model, now pass: each file is the shrunk schedule as it was found (its
 * {@code expected} block records the old failure), replayed here without any planted bug.
 */
class FixedScheduleTest {
  private static final Path FOLDER = Path.of("src", "test", "resources", "fixed");

  @Test
  void aLeaderWhoseJointEntryIsInsideItsSnapshotStillLeavesJointConsensus() throws Exception {
    Counterexample cx = Counterexample.read(FOLDER.resolve("joint-entry-in-snapshot.json"));
    assertEquals(java.util.Set.of(), cx.spec().cluster().bugs(), "replayed on the correct model");
    assertEquals("Liveness", cx.expected().invariant(), "it stayed joint after the heal before the fix");
    RunResult r = Simulator.run(cx.spec());
    assertNull(r.violation(), () -> "still failing: " + r.violation());
  }
}
