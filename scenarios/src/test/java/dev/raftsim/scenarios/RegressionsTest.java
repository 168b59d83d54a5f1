package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.PlantedBug;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped regressions/ folder: one shrunk counterexample per planted bug, each reproducing exactly. */
class RegressionsTest {
  private static final Path FOLDER = Path.of("..", "regressions");

  @Test
  void everyPlantedBugHasAShrunkCounterexampleThatReplaysExactly() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(FOLDER)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    Set<PlantedBug> covered = EnumSet.noneOf(PlantedBug.class);
    for (Path f : files) {
      Counterexample cx = Counterexample.read(f);
      assertEquals(1, cx.spec().cluster().bugs().size(), f + ": one bug per file");
      PlantedBug bug = cx.spec().cluster().bugs().iterator().next();
      assertEquals(bug.cliName() + ".json", f.getFileName().toString(), "named after its bug");
      covered.add(bug);
      RunResult r = Simulator.run(cx.spec());
      assertEquals(cx.expected().invariant(), r.violation() == null ? null : r.violation().invariant(), f.toString());
      assertEquals(cx.expected().digest(), r.digestHex(), f + ": same digest");
      assertEquals(cx.expected().events(), r.events(), f.toString());
      assertTrue(cx.origin() != null && cx.origin().eventsBeforeShrinking() > r.events(), f + ": shrunk");
    }
    // One file per planted bug of the scoreboard it was cut from (bugs added since get theirs when it is re-run).
    assertTrue(covered.size() >= 12, "planted bugs covered: " + covered);
  }
}
