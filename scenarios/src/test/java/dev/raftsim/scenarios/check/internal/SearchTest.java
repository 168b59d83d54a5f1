package dev.raftsim.scenarios.check.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.raftsim.raft.PlantedBug;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one-thread direct search and the level-table search (used by K threads) agree exactly. */
class SearchTest {

  private static Model model(int n, int t, int l, Set<PlantedBug> bugs) {
    return new Model(n, t, l, 0, 4, 0, true, bugs, false, 8);
  }

  @Test
  void directAndLevelTableSearchesFindTheSameStates() {
    Model m = model(3, 2, 0, Set.of());
    Search.Outcome direct = new Search(m, 1, Long.MAX_VALUE, true).run(p -> {});
    Search.Outcome table = new Search(m, 1, Long.MAX_VALUE, false).run(p -> {});
    assertEquals(direct.distinct(), table.distinct());
    assertEquals(direct.generated(), table.generated());
    assertEquals(direct.depth(), table.depth());
    assertNull(direct.path());
    assertNull(table.path());
  }

  @Test
  void directAndLevelTableSearchesReportTheSamePath() {
    for (PlantedBug bug : new PlantedBug[] {PlantedBug.SKIP_UP_TO_DATE_CHECK, PlantedBug.ACCEPT_STALE_VOTE}) {
      Model m = model(3, 2, 1, Set.of(bug));
      Search.Outcome direct = new Search(m, 1, Long.MAX_VALUE, true).run(p -> {});
      Search.Outcome table = new Search(m, 1, Long.MAX_VALUE, false).run(p -> {});
      Search.Outcome two = new Search(m, 2, Long.MAX_VALUE, false).run(p -> {});
      assertNotNull(direct.path());
      assertEquals(direct.path(), table.path(), bug.cliName());
      assertEquals(direct.path(), two.path(), bug.cliName());
    }
  }
}
