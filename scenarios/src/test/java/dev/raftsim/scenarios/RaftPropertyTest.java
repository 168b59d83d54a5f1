package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.PlantedBug;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a failing property leaves behind, and where. */
class RaftPropertyTest {
  @TempDir Path dir;

  private RaftProperty failing() {
    return RaftProperty.schedules(60).seed(1).seconds(3).bugs(PlantedBug.SKIP_UP_TO_DATE_CHECK).shrinkAttempts(200)
        .threads(2).output(dir, "p");
  }

  @Test
  void aFailingPropertyLeavesItsShrunkCounterexampleAndReportAndTellsOneStory() throws Exception {
    AssertionError e = assertThrows(AssertionError.class, () -> failing().check());
    RaftProperty.Failure f = failing().find().orElseThrow();
    assertTrue(Files.exists(f.counterexample()), f.counterexample().toString());
    assertTrue(f.report() != null && Files.exists(f.report()), String.valueOf(f.report()));
    assertTrue(Files.readString(f.report()).contains(f.invariant()));
    Counterexample cx = Counterexample.read(f.counterexample());
    // The failure shown is the shrunk run in the file; the schedule's own seed is the labelled origin.
    assertEquals(cx.spec().seed(), f.seed());
    assertEquals(cx.expected().events(), f.events());
    assertEquals(Campaign.scheduleSeed(1, f.index()), f.foundSeed());
    assertTrue(f.foundEvents() > f.events());
    String m = e.getMessage();
    assertTrue(m.contains("seed " + f.seed() + ", " + f.events() + " events: " + cx.expected().message()), m);
    assertTrue(m.contains("origin: found as seed " + f.foundSeed()), m);
    assertTrue(m.contains("report: " + f.report()), m);
  }

  @Test
  void twoTestsWithTheSameSeedAndLabelWriteToDifferentFolders() {
    Path a = folderFromA();
    Path b = folderFromB();
    assertNotEquals(a, b);
    assertTrue(a.getFileName().toString().startsWith("p-seed1-RaftPropertyTest.folderFromA"), a.toString());
  }

  private Path folderFromA() {
    return failing().outputFolder(1);
  }

  private Path folderFromB() {
    return failing().outputFolder(1);
  }
}
