package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.PlantedBug;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayAndShrinkTest {
  @TempDir Path dir;

  @Test
  void counterexampleFileReplaysToTheSameViolationAndDigest() throws Exception {
    RunResult failing = Fixtures.firstFailure(300, PlantedBug.SKIP_UP_TO_DATE_CHECK);
    Path file = dir.resolve("cx.json");
    Counterexample.of(failing, new Counterexample.Origin("test", 1, 0, failing.events(), 0)).write(file);
    Counterexample read = Counterexample.read(file);
    assertEquals(failing.spec(), read.spec(), "the spec survives the round trip exactly");
    RunResult again = Simulator.run(read.spec());
    assertEquals(read.expected().digest(), again.digestHex());
    assertEquals(read.expected().invariant(), again.violation().invariant());
    assertEquals(read.expected().events(), again.events());
  }

  @Test
  void shrinkingKeepsTheInvariantAndNeverGrowsTheSchedule() {
    RunResult failing = Fixtures.firstFailure(300, PlantedBug.SKIP_UP_TO_DATE_CHECK);
    Shrinker.Result s = new Shrinker(new Shrinker.Budget(150, 60_000)).shrink(failing);
    assertEquals(failing.violation().invariant(), s.shrunk().violation().invariant());
    assertTrue(s.eventsAfter() <= s.eventsBefore());
    assertTrue(s.shrunk().spec().plan().actions().size() <= failing.spec().plan().actions().size());
    RunResult replay = Simulator.run(s.shrunk().spec());
    assertEquals(s.shrunk().digest(), replay.digest(), "the shrunk schedule replays exactly");
  }

  @Test
  void shrinkingIsDeterministic() {
    RunResult failing = Fixtures.firstFailure(300, PlantedBug.TRUNCATE_ON_STALE_APPEND);
    Shrinker.Budget budget = new Shrinker.Budget(60, 60_000);
    assertEquals(new Shrinker(budget).shrink(failing).shrunk().digest(),
        new Shrinker(budget).shrink(failing).shrunk().digest());
  }

  @Test
  void corruptFilesAreRejectedWithOneLine() throws Exception {
    String[] bad = {
      "{\"not\": \"a counterexample\"",
      "[1, 2]",
      "{\"format\": \"raftsim.counterexample/99\"}",
      "{\"format\": \"raftsim.counterexample/1\", \"seed\": 1}",
    };
    for (String text : bad) {
      Path f = dir.resolve("bad.json");
      Files.writeString(f, text);
      Counterexample.FormatException e = assertThrows(Counterexample.FormatException.class, () -> Counterexample.read(f));
      assertTrue(!e.getMessage().contains("\n") && !e.getMessage().isBlank(), e.getMessage());
    }
    RunResult failing = Fixtures.firstFailure(300, PlantedBug.SKIP_UP_TO_DATE_CHECK);
    Path good = dir.resolve("good.json");
    Counterexample.of(failing, null).write(good);
    Files.writeString(good, Files.readString(good).replace("skip-up-to-date-check", "no-such-bug"));
    Counterexample.FormatException e = assertThrows(Counterexample.FormatException.class, () -> Counterexample.read(good));
    assertTrue(e.getMessage().contains("no-such-bug"), e.getMessage());
    assertNotNull(e.getMessage());
  }
}
