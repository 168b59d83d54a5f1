package dev.raftsim.scenarios.catalogue;

import static dev.raftsim.scenarios.catalogue.Scenario.ms;
import static dev.raftsim.scenarios.catalogue.Scenario.seconds;
import static dev.raftsim.scenarios.catalogue.Target.n;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.ReadMode;
import org.junit.jupiter.api.Test;

/**
 * The lease is the one read mode whose safety rests on an assumption, a bound on clock drift. Both directions: with
 * every clock-rate ratio within the assumed bound no run may violate linearizability; with skew beyond it, the
 * history check must catch the stale read the lease then serves (the honest negative example).
 */
class LeaseDriftTest {

  /**
   * The worst case for a lease: the leader's clock slow, both voters' clocks fast; it is cut off from the servers
   * (not from the clients) right after a heartbeat round, the others elect a leader and take a write, and a client
   * that still believes in the old leader reads from it.
   */
  private static ScenarioResult run(int driftBound, int leaderSkew, int followerSkew, long seed) {
    Scenario s = Scenario.named("Lease").nodes(3).clients(2).seed(seed).limit(seconds(3)).reads(ReadMode.LEASE)
        .preVote(true).driftBound(driftBound).electionTimeout(ms(150), ms(160))
        .at(0).campaign(n(1))
        .then().within(seconds(1)).expectOneLeader()
        .then().skew(n(1), leaderSkew).then().skew(n(2), followerSkew).then().skew(n(3), followerSkew)
        .then().get("x")
        .after(ms(300)).isolate(n(1))
        .then().within(seconds(1)).expectLeaderChanged()
        .then().put("x")
        .after(ms(30)).get("x")
        .after(ms(500)).expectOneLeader()
        .build();
    return ScenarioRunner.run(s);
  }

  @Test
  void withinTheBoundLeaseReadsStayLinearizable() {
    int[][] skews = {{1000, 1000}, {1400, 700}, {1200, 700}, {1400, 1000}, {1000, 700}, {700, 1400}};
    for (int[] sk : skews) {
      for (long seed = 1; seed <= 6; seed++) {
        ScenarioResult r = run(2000, sk[0], sk[1], seed);
        assertNull(r.violation(), "leader skew " + sk[0] + ", followers " + sk[1] + ", seed " + seed + ": "
            + r.message());
        assertTrue(r.passed(), r.message());
      }
    }
  }

  @Test
  void beyondTheBoundTheCheckerCatchesTheStaleLeaseRead() {
    int caught = 0;
    for (long seed = 1; seed <= 6; seed++) {
      ScenarioResult r = run(1100, 1400, 700, seed);
      if (r.violation() != null) {
        assertEquals("Linearizability", r.violation().invariant(), r.message());
        assertTrue(r.violation().message().contains("stale read"), r.violation().message());
        caught++;
      }
    }
    assertTrue(caught >= 4, "a lease assuming 1.1x under 2x skew served a stale read in only " + caught + " of 6 runs");
  }
}
