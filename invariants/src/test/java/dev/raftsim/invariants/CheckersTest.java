package dev.raftsim.invariants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckersTest {
  @Test
  void everyInvariantHasADistinctNameAndADescription() {
    assertEquals(17, Checkers.INVARIANTS.size());
    assertEquals(Checkers.INVARIANTS.size(), new HashSet<>(Checkers.INVARIANTS).size());
    assertEquals(Checkers.SAFETY_INVARIANTS, Checkers.INVARIANTS.subList(0, 16));
    assertEquals(Checkers.LIVENESS, Checkers.INVARIANTS.get(16));
    for (int i = 0; i < Checkers.INVARIANTS.size(); i++) {
      String name = Checkers.INVARIANTS.get(i);
      assertEquals(i, Checkers.rank(name));
      assertFalse(Checkers.describe(name).isBlank());
    }
    assertThrows(IllegalArgumentException.class, () -> Checkers.describe("Nonsense"));
  }

  @Test
  void factoriesMakeFreshCheckers() {
    assertNotSame(Checkers.incremental(), Checkers.incremental());
    assertNotSame(Checkers.reference(), Checkers.reference());
  }

  /** A checker that reports what it is told and remembers it was called. */
  private static final class Scripted implements SafetyChecker {
    final List<Long> seen = new ArrayList<>();
    String reportAt;

    @Override
    public Violation afterEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
      seen.add(eventIndex);
      return reportAt == null ? null : new Violation(reportAt, "x", eventIndex, timeMicros, List.of());
    }

    @Override
    public Violation atEnd(ClusterView view, long eventIndex, long timeMicros) {
      return reportAt == null ? null : new Violation(reportAt + "@end", "x", eventIndex, timeMicros, List.of());
    }
  }

  @Test
  void firstOfRunsEveryCheckerAndReturnsTheFirstViolation() {
    Scripted a = new Scripted();
    Scripted b = new Scripted();
    SafetyChecker both = Checkers.firstOf(a, b);
    FakeCluster cluster = new FakeCluster(1);
    assertNull(both.afterEvent(cluster, 0, 0, -1));
    b.reportAt = "B";
    assertEquals("B", both.afterEvent(cluster, 1, 0, -1).invariant());
    a.reportAt = "A";
    assertEquals("A", both.afterEvent(cluster, 2, 0, -1).invariant());
    assertEquals(List.of(0L, 1L, 2L), b.seen, "the second checker sees every event even when the first reports");
    assertEquals("A@end", both.atEnd(cluster, 3, 0).invariant());
  }

  @Test
  void withLivenessPutsSafetyFirst() {
    FakeCluster cluster = new FakeCluster(3);
    SafetyChecker checker = Checkers.withLiveness(Checkers.incremental(), new LivenessConfig(0, 1_000, 1_000));
    assertNull(checker.afterEvent(cluster, 0, 0, -1));
    assertEquals(Checkers.LIVENESS, checker.afterEvent(cluster, 1, 2_000, 0).invariant(), "no leader for 2 ms");
    cluster.node(1).term = 2;
    cluster.node(1).role = NodeRole.LEADER;
    assertNull(checker.afterEvent(cluster, 2, 2_500, 1));
    cluster.clearMarks();
    // Both break at once: a second leader of term 2 (safety) while the stuck-entry deadline passes (liveness).
    cluster.node(1).append(FakeCluster.entry(2, "a"));
    assertNull(checker.afterEvent(cluster, 3, 2_600, 1));
    cluster.clearMarks();
    cluster.node(2).term = 2;
    cluster.node(2).role = NodeRole.LEADER;
    Violation v = checker.afterEvent(cluster, 4, 4_000, 2);
    assertEquals(Checkers.ELECTION_SAFETY, v.invariant());
    assertTrue(v.message().contains("n3 became leader of term 2"), v.message());
  }
}
