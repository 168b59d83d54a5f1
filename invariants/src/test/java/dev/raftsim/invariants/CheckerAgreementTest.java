package dev.raftsim.invariants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The incremental checker against the brute-force reference on thousands of random histories, valid and
 * deliberately broken: on every event both must report the same invariants, up to and including the first event
 * that breaks anything (after that only best effort is promised).
 */
class CheckerAgreementTest {
  private static final int HISTORIES = 2000;
  private static final int STEPS = 300;

  /** What one history produced. */
  private record Outcome(List<String> firstBroken, long events, int highestCommit) {}

  private static Outcome runHistory(long seed, int size, int corruptPermille) {
    IncrementalChecker incremental = new IncrementalChecker();
    ReferenceChecker reference = new ReferenceChecker();
    long[] event = {0};
    List<?>[] broken = {List.of()};
    HistoryGenerator generator = new HistoryGenerator(seed, size, corruptPermille, (cluster, touched) -> {
      long e = event[0]++;
      Violation a = incremental.afterEvent(cluster, e, e * 1_000, touched);
      Violation b = reference.afterEvent(cluster, e, e * 1_000, touched);
      List<String> incNames = Run.namesOf(incremental.violationsOfLastEvent());
      List<String> refNames = Run.namesOf(reference.violationsOfLastEvent());
      assertEquals(refNames, incNames, () -> "seed " + seed + " (size " + size + ", corruption " + corruptPermille
          + "), event " + e + ", touched " + touched + ": incremental " + incremental.violationsOfLastEvent()
          + " vs reference " + reference.violationsOfLastEvent());
      assertEquals(a == null, b == null);
      if (a == null) {
        return false;
      }
      assertEquals(a.invariant(), b.invariant());
      broken[0] = incNames;
      return true;
    });
    generator.run(STEPS);
    int highestCommit = 0;
    for (FakeCluster.Node node : generator.cluster().nodes) {
      highestCommit = Math.max(highestCommit, node.commit);
    }
    @SuppressWarnings("unchecked")
    List<String> names = (List<String>) broken[0];
    return new Outcome(names, event[0], highestCommit);
  }

  @Test
  void incrementalAndReferenceAgreeOnEveryEventOfRandomHistories() {
    TreeMap<String, Integer> firstBroken = new TreeMap<>();
    int brokenHistories = 0;
    long events = 0;
    for (int h = 0; h < HISTORIES; h++) {
      long seed = 0x5eed0000L + h;
      int size = h % 3 == 0 ? 5 : 3;
      int corruptPermille = 2 + (h % 7) * 3;
      Outcome o = runHistory(seed, size, corruptPermille);
      events += o.events();
      if (!o.firstBroken().isEmpty()) {
        brokenHistories++;
        for (String name : o.firstBroken()) {
          firstBroken.merge(name, 1, Integer::sum);
        }
      }
    }
    // The generator must really exercise every invariant, and leave some histories intact. (The membership ones
    // need a view that reports membership: MembershipAgreementTest.)
    for (String invariant : Checkers.SAFETY_INVARIANTS.subList(0, 12)) {
      assertTrue(firstBroken.getOrDefault(invariant, 0) >= 5,
          invariant + " was broken first in too few histories: " + firstBroken);
    }
    assertTrue(brokenHistories > HISTORIES / 4 && brokenHistories < HISTORIES,
        brokenHistories + " of " + HISTORIES + " histories broke something: " + firstBroken);
    assertTrue(events > HISTORIES * 30L, "only " + events + " events");
  }

  @Test
  void cleanRaftHistoriesTripNothing() {
    int progressed = 0;
    int histories = 400;
    for (int h = 0; h < histories; h++) {
      long seed = 0xc1ea0000L + h;
      int size = h % 2 == 0 ? 5 : 3;
      Outcome o = runHistory(seed, size, 0);
      assertEquals(List.of(), o.firstBroken(), "seed " + seed + " (size " + size + ")");
      if (o.highestCommit() >= 3) {
        progressed++;
      }
    }
    // Not vacuous: most clean histories elect leaders and commit several entries.
    assertTrue(progressed > histories / 2, "only " + progressed + " of " + histories + " committed 3+ entries");
  }
}
