package dev.raftsim.invariants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.FakeCluster.Node;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LivenessCheckerTest {
  private static final long MS = 1_000;

  /** A cluster, a liveness checker and a clock in milliseconds. */
  private static final class Live {
    final FakeCluster cluster;
    final LivenessChecker checker;
    long event;

    Live(int size, LivenessConfig config) {
      cluster = new FakeCluster(size);
      checker = new LivenessChecker(config);
    }

    Violation at(long ms, int node, Consumer<Node> change) {
      change.accept(cluster.node(node));
      Violation v = checker.afterEvent(cluster, event++, ms * MS, node);
      cluster.clearMarks();
      return v;
    }

    /** An event that changes nothing (a heartbeat, a dropped message). */
    Violation tick(long ms) {
      return at(ms, 0, x -> {});
    }

    Violation end(long ms) {
      return checker.atEnd(cluster, event, ms * MS);
    }

    Violation lead(long ms, int node, long term) {
      return at(ms, node, x -> {
        x.term = term;
        x.votedFor = node;
        x.role = NodeRole.LEADER;
      });
    }

    Violation follow(long ms, int node, long term) {
      return at(ms, node, x -> {
        x.term = term;
        x.role = NodeRole.FOLLOWER;
      });
    }
  }

  private static LivenessConfig healedAt(long ms) {
    return new LivenessConfig(ms * MS, 3_000 * MS, 2_000 * MS);
  }

  @Test
  void termsClimbingWithNoLeaderAfterTheHealIsALivelock() {
    Live r = new Live(3, healedAt(1_000));
    long term = 1;
    Violation v = null;
    long ms = 0;
    while (v == null && ms < 10_000) {
      ms += 100;
      int k = (int) (term % 3);
      long t = ++term;
      v = r.at(ms, k, x -> { // split votes: everyone keeps becoming candidate
        x.term = t;
        x.votedFor = k;
        x.role = NodeRole.CANDIDATE;
      });
    }
    assertEquals(Checkers.LIVENESS, v.invariant());
    assertEquals(4_100 * MS, v.timeMicros(), "first event more than 3,000 ms after the heal at 1,000 ms");
    assertTrue(v.message().startsWith("no leader for 3100.0 ms after faults stopped at 1000.0 ms"), v.message());
    assertTrue(v.message().contains("terms reached " + term), v.message());
  }

  @Test
  void aLeaderElectedWithinTheBoundSatisfiesIt() {
    Live r = new Live(3, healedAt(1_000));
    for (long ms = 100; ms < 3_900; ms += 100) {
      assertNull(r.tick(ms));
    }
    assertNull(r.lead(3_900, 1, 2));
    for (long ms = 4_000; ms < 20_000; ms += 100) {
      assertNull(r.tick(ms));
    }
    assertNull(r.end(20_000));
  }

  @Test
  void aLeaderWhoseTermIsNotTheHighestDoesNotCount() {
    Live r = new Live(3, healedAt(0));
    assertNull(r.lead(100, 0, 1));
    assertNull(r.at(200, 1, x -> x.term = 2)); // n2 moved on to term 2; n1 is a stale leader
    Violation v = null;
    for (long ms = 300; v == null && ms < 10_000; ms += 100) {
      v = r.tick(ms);
    }
    assertEquals(3_200 * MS, v.timeMicros(), "more than 3,000 ms after the leader was last the highest term's, at 100 ms");
  }

  @Test
  void leadersLostBeforeTheHealAreNotJudged() {
    Live r = new Live(3, healedAt(5_000));
    for (long ms = 0; ms < 5_000; ms += 100) {
      assertNull(r.tick(ms));
    }
    assertNull(r.tick(7_900));
    Violation v = r.tick(8_100);
    assertEquals(Checkers.LIVENESS, v.invariant());
    assertNull(r.tick(8_200), "reported once, then the clock restarts");
  }

  @Test
  void aLeaderLostAfterTheHealStartsTheClockAgain() {
    Live r = new Live(3, healedAt(1_000));
    assertNull(r.lead(1_500, 0, 1));
    assertNull(r.tick(2_000));
    assertNull(r.at(2_000, 0, Node::crash));
    assertNull(r.tick(5_000));
    Violation v = r.tick(5_001);
    assertEquals(Checkers.LIVENESS, v.invariant());
    assertTrue(v.message().contains("the last leader was seen at 2000.0 ms"), v.message());
  }

  @Test
  void anEntryThatNeverCommitsIsStuck() {
    Live r = new Live(3, healedAt(1_000));
    assertNull(r.lead(1_200, 0, 2));
    assertNull(r.at(1_500, 0, x -> x.append(FakeCluster.entry(2, "put x=1"))));
    assertNull(r.tick(3_500));
    Violation v = r.tick(3_501);
    assertEquals(Checkers.LIVENESS, v.invariant());
    assertTrue(v.message().startsWith("entry 1 (term 2, put x=1), appended by leader n1 at 1500.0 ms, was not committed"
        + " by 3500.0 ms"), v.message());
    assertEquals(java.util.List.of(0), v.nodes());
  }

  @Test
  void anEntryCommittedByAFollowerInTimeIsFine() {
    Live r = new Live(3, healedAt(1_000));
    assertNull(r.lead(1_200, 0, 2));
    assertNull(r.at(1_500, 0, x -> x.append(FakeCluster.entry(2, "put x=1"))));
    assertNull(r.at(1_600, 1, x -> {
      x.term = 2;
      x.append(FakeCluster.entry(2, "put x=1"));
    }));
    assertNull(r.at(2_000, 1, x -> x.commit = 1));
    assertEquals(0, r.checker.pendingEntries());
    for (long ms = 2_100; ms < 10_000; ms += 100) {
      assertNull(r.tick(ms));
    }
    assertNull(r.end(10_000));
  }

  @Test
  void aCommitOfADifferentEntryAtThatIndexDoesNotCount() {
    Live r = new Live(3, healedAt(0));
    assertNull(r.lead(100, 0, 2));
    assertNull(r.at(200, 0, x -> x.append(FakeCluster.entry(2, "a"))));
    assertNull(r.at(300, 1, x -> { // n2 commits an entry 1 of another term: not n1's entry
      x.term = 2;
      x.append(FakeCluster.entry(1, "old"));
      x.commit = 1;
    }));
    assertEquals(1, r.checker.pendingEntries());
    assertEquals(Checkers.LIVENESS, r.tick(2_201).invariant());
  }

  @Test
  void anEntryLostToANewerLeaderIsForgiven() {
    Live r = new Live(3, healedAt(1_000));
    assertNull(r.lead(1_200, 0, 2));
    assertNull(r.at(1_500, 0, x -> x.append(FakeCluster.entry(2, "put x=1"))));
    assertNull(r.at(1_600, 0, Node::crash));
    assertNull(r.lead(2_000, 1, 3));
    for (long ms = 2_100; ms < 10_000; ms += 100) {
      assertNull(r.tick(ms));
    }
    assertEquals(0, r.checker.pendingEntries());
  }

  @Test
  void entriesAppendedBeforeTheHealAreNotJudged() {
    Live r = new Live(3, healedAt(5_000));
    assertNull(r.lead(100, 0, 1));
    assertNull(r.at(200, 0, x -> x.append(FakeCluster.entry(1, "a"))));
    for (long ms = 300; ms < 12_000; ms += 100) {
      assertNull(r.tick(ms));
    }
  }

  @Test
  void aStuckEntryIsAlsoFoundAtTheEnd() {
    Live r = new Live(3, healedAt(0));
    assertNull(r.lead(100, 0, 1));
    assertNull(r.at(200, 0, x -> x.append(FakeCluster.entry(1, "a"))));
    assertNull(r.end(2_200), "the run ended before the deadline: nothing to judge yet");
    Violation v = r.end(2_201);
    assertEquals(Checkers.LIVENESS, v.invariant());
  }

  @Test
  void noLeaderIsAlsoFoundAtTheEnd() {
    Live r = new Live(3, healedAt(0));
    assertNull(r.follow(100, 0, 1));
    assertNull(r.end(3_000));
    assertEquals(Checkers.LIVENESS, r.end(3_001).invariant());
  }

  @Test
  void disabledJudgesNothing() {
    Live r = new Live(3, LivenessConfig.disabled());
    for (long ms = 0; ms < 100_000; ms += 1_000) {
      assertNull(r.tick(ms));
    }
    assertNull(r.end(1_000_000));
  }

  @Test
  void defaultsAndValidation() {
    LivenessConfig c = LivenessConfig.healedAt(7);
    assertEquals(7, c.healAtMicros());
    assertEquals(3_000_000, c.leaderBoundMicros());
    assertEquals(2_000_000, c.commitBoundMicros());
    assertTrue(c.enabled());
    assertTrue(!LivenessConfig.disabled().enabled());
    assertThrows(IllegalArgumentException.class, () -> new LivenessConfig(0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new LivenessConfig(-1, 1, 1));
  }
}
