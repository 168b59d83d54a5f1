package dev.raftsim.invariants;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Hand-built membership histories over a view that reports configurations: legal reconfigurations (learners,
 * promotion, a leader removing itself, a follower several changes behind, a removed server campaigning with a stale
 * configuration) trip nothing; each classic membership bug trips its invariant at the event that shows it. Every event
 * also runs the reference checker (see {@link Run}).
 */
class MembershipScenariosTest {
  private static final long N0 = 1;
  private static final long N1 = 2;
  private static final long N2 = 4;
  private static final long N3 = 8;
  private static final long N4 = 16;

  /** Voters {n1, n2, n3}, spares n4 and n5; n1 leads term 1 and has committed a no-op of its term on n1, n2. */
  private static Run threeVotersWithLeader() {
    Run r = new Run(5, N0 | N1 | N2);
    r.elect(0, 1, 1);
    r.append(0, "no-op");
    r.replicate(0, 1, 1);
    r.commit(0, 1);
    return r;
  }

  @Test
  void legalReconfigurationsTripNothing() {
    Run r = threeVotersWithLeader();
    r.config(0, N0 | N1 | N2, 0, N3); // n4 joins as a learner (index 2)
    r.replicate(0, 1, 2);
    r.replicate(0, 3, 2);
    r.commit(0, 2);
    r.config(0, N0 | N1 | N2 | N3, 0, 0); // promoted (index 3); n3 stays behind from here on
    r.replicate(0, 1, 3);
    r.replicate(0, 3, 3);
    r.commit(0, 3); // n1, n2, n4: 3 of 4
    r.config(0, N1 | N2 | N3, 0, 0); // the leader removes itself (index 4)
    r.replicate(0, 1, 4);
    r.replicate(0, 3, 4);
    r.commit(0, 4); // n2, n4 are a majority of {n2, n3, n4}; the removed leader does not count itself
    r.append(0, "put x=1");
    r.replicate(0, 1, 5);
    r.replicate(0, 3, 5);
    r.commit(0, 5);
    // n2 is elected in term 2 by n2 and n4 (n1 still thinks it leads term 1, but has lost every quorum).
    r.elect(1, 2, 3);
    r.append(1, "no-op");
    r.replicate(1, 3, 6);
    r.commit(1, 6);
    // n3, three changes behind with configuration {n1, n2, n3}, campaigns again and again: nobody votes for it.
    r.campaign(2, 3);
    r.campaign(2, 4);
    // A joint change to {n2, n4, n5} and back out, with n5 caught up first as a learner.
    r.config(1, N1 | N2 | N3, 0, N4);
    r.replicate(1, 3, 7);
    r.replicate(1, 4, 7);
    r.commit(1, 7);
    r.config(1, N1 | N3 | N4, N1 | N2 | N3, 0); // joint (index 8)
    r.replicate(1, 3, 8);
    r.replicate(1, 4, 8);
    r.commit(1, 8); // n2, n4 of C_old and n2, n4, n5 of C_new
    r.config(1, N1 | N3 | N4, 0, 0); // C_new (index 9)
    r.replicate(1, 3, 9);
    r.commit(1, 9);
    r.assertClean();
    assertTrue(r.node(1).commit == 9);
  }

  @Test
  void aSpareVoteDoesNotElect() {
    Run r = new Run(4, N0 | N1 | N2);
    r.campaign(0, 1);
    r.vote(3, 0, 1); // n4 is a spare: its vote does not count
    r.on(0, x -> x.role = NodeRole.LEADER);
    r.assertOnlyLast(Checkers.LEADER_ELECTED_BY_QUORUM);
  }

  @Test
  void committingWithTheOldMajorityAfterAddingAVoterIsFlagged() {
    Run r = threeVotersWithLeader();
    r.config(0, N0 | N1 | N2 | N3, 0, 0); // n4 added directly: 3 of 4 needed from now on
    r.append(0, "put x=1");
    r.replicate(0, 1, 3);
    r.commit(0, 3); // n1, n2 only: a majority of the old configuration
    r.assertOnlyLast(Checkers.COMMITTED_ON_MAJORITY);
  }

  @Test
  void jointConsensusNeedsBothMajorities() {
    Run r = threeVotersWithLeader();
    r.config(0, N2 | N3 | N4, N0 | N1 | N2, 0); // C_old,new = {n1, n2, n3} and {n3, n4, n5}
    r.replicate(0, 1, 2);
    r.replicate(0, 2, 2);
    r.commit(0, 2); // all of C_old, but only n3 of C_new
    r.assertOnlyLast(Checkers.COMMITTED_ON_MAJORITY);
  }

  @Test
  void leavingJointBeforeItCommitsIsFlagged() {
    Run r = threeVotersWithLeader();
    r.config(0, N2 | N3 | N4, N0 | N1 | N2, 0);
    r.config(0, N2 | N3 | N4, 0, 0); // C_new while C_old,new is still uncommitted
    r.assertOnlyLast(Checkers.ONE_CONFIG_CHANGE_IN_FLIGHT);
  }

  @Test
  void aSingleServerChangeBeforeAnOwnTermCommitIsFlagged() {
    Run r = threeVotersWithLeader();
    r.elect(1, 2, 2); // n2 leads term 2; nothing of term 2 has committed yet
    r.config(1, N0 | N1 | N2 | N3, 0, 0);
    r.assertOnlyLast(Checkers.ONE_CONFIG_CHANGE_IN_FLIGHT);
  }

  @Test
  void aDirectChangeToADisjointMajorityIsFlagged() {
    Run r = threeVotersWithLeader();
    r.config(0, N0 | N1 | N2 | N3 | N4, 0, 0); // Figure 4.3: {n1, n2} and {n3, n4, n5} could each decide
    r.assertOnlyLast(Checkers.CONFIG_QUORUMS_OVERLAP);
  }

  /**
   * The 2015 schedule, with the old leader winning through a voter that skips the up-to-date check: n1 (term 1) adds
   * n5 but only n5 gets it; n2 (term 2) commits an own-term entry and removes n1 on {n2, n3}; n1 then wins term 3
   * with n4 and n5 while n2 can still commit with {n2, n3}.
   */
  @Test
  void twoLeadersWithDisjointQuorumsAreFlagged() {
    Run r = new Run(5, N0 | N1 | N2 | N3);
    r.elect(0, 1, 1, 2);
    r.append(0, "no-op");
    r.replicate(0, 1, 1);
    r.replicate(0, 2, 1);
    r.replicate(0, 3, 1);
    r.commit(0, 1);
    r.config(0, N0 | N1 | N2 | N3 | N4, 0, 0); // index 2, on n1 and n5 only
    r.replicate(0, 4, 2);
    r.elect(1, 2, 2, 3);
    r.append(1, "no-op");
    r.replicate(1, 2, 2);
    r.replicate(1, 3, 2);
    r.commit(1, 2);
    r.config(1, N1 | N2 | N3, 0, 0); // index 3: n1 removed
    r.replicate(1, 2, 3);
    r.commit(1, 3); // n2, n3 of {n2, n3, n4}
    r.campaign(0, 3);
    r.vote(4, 0, 3);
    r.vote(3, 0, 3); // n4 skips the up-to-date check
    r.on(0, x -> x.role = NodeRole.LEADER);
    r.assertOnlyLast(Checkers.LEADER_COMPLETENESS, Checkers.CONFIG_QUORUMS_OVERLAP);
  }

  @Test
  void aConfigurationThatWaitsForItsCommitIsFlagged() {
    Run r = threeVotersWithLeader();
    r.on(0, x -> x.configOnCommit = true);
    r.config(0, N0 | N1 | N2, 0, N3);
    r.assertOnlyLast(Checkers.CONFIG_FROM_LOG);
  }
}
