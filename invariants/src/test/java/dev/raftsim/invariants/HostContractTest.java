package dev.raftsim.invariants;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.raftsim.invariants.internal.Hashing;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Impossible host input makes the checkers crash loudly instead of reporting nonsense. */
class HostContractTest {
  private final FakeCluster cluster = new FakeCluster(3);
  private final IncrementalChecker incremental = new IncrementalChecker();
  private final ReferenceChecker reference = new ReferenceChecker();
  private long event;

  private void both(int touched) {
    assertNull(incremental.afterEvent(cluster, event, event, touched));
    assertNull(reference.afterEvent(cluster, event, event, touched));
    event++;
    cluster.clearMarks();
  }

  /** A healthy start: n1 holds one entry, everyone has been observed. */
  private void start() {
    cluster.node(0).term = 1;
    cluster.node(0).append(FakeCluster.entry(1, "a"));
    both(-1);
  }

  private void assertBothThrow(int touched, Consumer<FakeCluster> change) {
    change.accept(cluster);
    for (SafetyChecker c : List.of(incremental, reference)) {
      assertThrows(IllegalStateException.class, () -> c.afterEvent(cluster, event, event, touched), c.toString());
    }
  }

  @Test
  void aMarkOutsideTheLogIsRejected() {
    start();
    assertBothThrow(0, c -> c.node(0).setMarkUnchecked(5));
  }

  @Test
  void aRestartThatDoesNotMarkTheWholeLogIsRejected() {
    start();
    cluster.node(0).crash();
    both(0);
    assertBothThrow(0, c -> {
      c.node(0).restart();
      c.node(0).setMarkUnchecked(2);
    });
  }

  @Test
  void aLogThatGrewWithoutAMarkIsRejected() {
    start();
    assertBothThrow(0, c -> {
      c.node(0).append(FakeCluster.entry(1, "b"));
      c.node(0).append(FakeCluster.entry(1, "c"));
      c.node(0).setMarkUnchecked(3);
    });
  }

  @Test
  void anIncarnationGoingDownIsRejected() {
    start();
    assertBothThrow(0, c -> c.node(0).incarnation = -1);
  }

  @Test
  void aTouchedNodeOutsideTheClusterIsRejected() {
    start();
    assertBothThrow(3, c -> {});
    assertBothThrow(-2, c -> {});
  }

  @Test
  void aVoteForANodeOutsideTheClusterIsRejectedByTheIncrementalChecker() {
    start();
    cluster.node(1).votedFor = 7;
    assertThrows(IllegalStateException.class, () -> incremental.afterEvent(cluster, event, event, 1));
  }

  @Test
  void aTermBeyondTheCheckersRangeIsRejected() {
    start();
    cluster.node(1).term = Hashing.MAX_TERM + 1;
    assertThrows(IllegalStateException.class, () -> incremental.afterEvent(cluster, event, event, 1));
  }

  @Test
  void theReferenceCatchesAChangeToAnUntouchedNode() {
    start();
    cluster.node(1).term = 5;
    assertDoesNotThrow(() -> incremental.afterEvent(cluster, event, event, 0), "the incremental checker cannot see it");
    assertThrows(IllegalStateException.class, () -> reference.afterEvent(cluster, event, event, 0));
  }

  @Test
  void theReferenceCatchesARewriteBelowTheMark() {
    start();
    cluster.node(0).replaceUnmarked(1, FakeCluster.entry(1, "forged"));
    assertThrows(IllegalStateException.class, () -> reference.afterEvent(cluster, event, event, 0));
  }

  @Test
  void theReferenceCatchesAnUntouchedNodeGoingDown() {
    start();
    cluster.node(2).crash();
    assertThrows(IllegalStateException.class, () -> reference.afterEvent(cluster, event, event, 0));
  }

  @Test
  void theClusterSizeMustNotChange() {
    start();
    FakeCluster bigger = new FakeCluster(4);
    for (SafetyChecker c : List.of(incremental, reference)) {
      assertThrows(IllegalStateException.class, () -> c.afterEvent(bigger, event, event, -1));
    }
  }

  @Test
  void theFirstCallExaminesEveryNodeWhateverIsTouched() {
    cluster.node(2).term = 3;
    cluster.node(2).role = NodeRole.LEADER;
    cluster.node(1).term = 3;
    cluster.node(1).role = NodeRole.LEADER;
    Violation v = incremental.afterEvent(cluster, 0, 0, 0);
    Violation w = reference.afterEvent(cluster, 0, 0, 0);
    org.junit.jupiter.api.Assertions.assertEquals(Checkers.ELECTION_SAFETY, v.invariant());
    org.junit.jupiter.api.Assertions.assertEquals(Checkers.ELECTION_SAFETY, w.invariant());
  }
}
