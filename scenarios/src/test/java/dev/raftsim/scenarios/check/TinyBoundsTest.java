package dev.raftsim.scenarios.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** State counts small enough to enumerate by hand, and the relation between symmetry on and off. */
class TinyBoundsTest {

  private static CheckResult run(CheckConfig c) {
    CheckResult r = new ModelChecker(c).run(null);
    assertNull(r.violation(), () -> "correct model broke " + r.violation());
    assertTrue(r.complete());
    return r;
  }

  private static CheckConfig tiny(int nodes, int maxTerm, int maxLog) {
    return CheckConfig.defaults().withBounds(nodes, maxTerm, maxLog);
  }

  @Test
  void oneNodeElectsItself() {
    // s0: follower in term 0. Its only action is the election timeout: candidate in term 1 with its own vote,
    // which is a majority of one, so it leads term 1 at once (s1). In s1 the heartbeat changes nothing (no
    // peers) and no command may be proposed (max-log 0). Two states, one step deep.
    CheckResult r = run(tiny(1, 1, 0));
    assertEquals(2, r.distinctStates());
    assertEquals(1, r.depth());
    // Generated: s0's timeout (-> s1) and s1's heartbeat (-> s1 again).
    assertEquals(2, r.statesGenerated());
  }

  @Test
  void oneNodeCommitsItsOwnCommand() {
    // As above, plus s2: the leader appends the command at index 1, which a quorum of one holds, so it commits
    // and applies it at once. s2 has only the heartbeat. Three states.
    CheckResult r = run(tiny(1, 1, 1));
    assertEquals(3, r.distinctStates());
    assertEquals(2, r.depth());
  }

  @Test
  void oneNodeWithOneRestart() {
    // The restart counter is part of the state. s0 (0 restarts used), s0' = s0 restarted (1 used: the node is
    // rebuilt identical), s1 = leader of term 1 (0 used), s1' = leader reached from s0' (1 used), and s2 = s1
    // restarted: a follower of term 1 that remembers its vote for itself (1 used), which cannot time out again
    // (term 1 = max-term). Five states.
    CheckResult r = run(tiny(1, 1, 0).withRestarts(1));
    assertEquals(5, r.distinctStates());
  }

  /**
   * Two nodes a and b, terms <= 1, no log. Quorum is 2, so a leader needs the other's vote. Node states: F0
   * (follower, term 0), C1 (candidate in term 1, own vote), F1 (follower in term 1 that voted for the other),
   * F1h (same, having heard from the leader), L1 (leader of term 1). Nobody times out from term 1.
   *
   * <p>Phase A, only a timed out while b was still F0: A1 a=C1 b=F0 net={RV a->b}; A2 same with the RV dropped;
   * A3 a=C1 b=F1 net={grant b->a} (RV delivered); A4 same, grant dropped (a stays candidate forever); A5 a=L1 b=F1
   * net={AE a->b} (grant delivered: a leads and broadcasts); A6 same, AE dropped; A7 a=L1 b=F1h net={AER b->a}
   * (AE delivered); A8 a=L1 b=F1h net={} (AER dropped, or delivered: it changes nothing on the leader); A9 a=L1
   * b=F1h net={AE}; A10 a=L1 b=F1h net={AE, AER}. A heartbeat re-sends an AE already in flight: no new state.
   * That is 10 states, and 10 more with a and b swapped.
   *
   * <p>Phase B, both timed out from F0 (from A1 or A2): both are C1 forever (each voted for itself, so each
   * denies the other's RV). Per direction, a's request is in flight (RV), answered (the denial in flight) or
   * gone: 3 x 3 = 9 states, of which 3 are symmetric ({RV,RV}, {deny,deny}, {}) and 6 form 3 swapped pairs.
   *
   * <p>Total without symmetry: 1 (initial) + 20 + 9 = 30; with symmetry: 1 + 10 + 6 = 17. The longest shortest
   * path is 6 (initial, A1, A3, A5, A7, A8, A9).
   */
  @Test
  void twoNodesHandCount() {
    CheckResult plain = run(tiny(2, 1, 0).withSymmetry(false));
    assertEquals(30, plain.distinctStates());
    assertEquals(6, plain.depth());
    CheckResult sym = run(tiny(2, 1, 0));
    assertEquals(17, sym.distinctStates());
    assertEquals(6, sym.depth());
  }

  @Test
  void symmetryReducesByAtMostTheNumberOfRenamings() {
    for (CheckConfig c : new CheckConfig[] {tiny(3, 1, 0), tiny(3, 1, 1), tiny(2, 2, 1)}) {
      CheckResult plain = run(c.withSymmetry(false));
      CheckResult sym = run(c);
      long renamings = c.nodes() == 3 ? 6 : 2;
      assertTrue(sym.distinctStates() < plain.distinctStates(), c::describe);
      // Each symmetry class holds at most n! states, and at least one.
      assertTrue(plain.distinctStates() <= renamings * sym.distinctStates(), c::describe);
      assertEquals(plain.depth(), sym.depth(), "renaming does not change path lengths: " + c.describe());
    }
  }
}
