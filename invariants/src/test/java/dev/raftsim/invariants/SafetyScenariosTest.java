package dev.raftsim.invariants;

import static dev.raftsim.invariants.Checkers.APPLIED_COMMITTED;
import static dev.raftsim.invariants.Checkers.COMMITTED_ON_MAJORITY;
import static dev.raftsim.invariants.Checkers.MATCH_INDEX_MONOTONIC;
import static dev.raftsim.invariants.Checkers.COMMIT_INDEX_BOUNDED;
import static dev.raftsim.invariants.Checkers.COMMIT_INDEX_MONOTONIC;
import static dev.raftsim.invariants.Checkers.ELECTION_SAFETY;
import static dev.raftsim.invariants.Checkers.LEADER_APPEND_ONLY;
import static dev.raftsim.invariants.Checkers.LEADER_COMPLETENESS;
import static dev.raftsim.invariants.Checkers.LOG_MATCHING;
import static dev.raftsim.invariants.Checkers.SINGLE_VOTE_PER_TERM;
import static dev.raftsim.invariants.Checkers.STATE_MACHINE_SAFETY;
import static dev.raftsim.invariants.Checkers.TERM_MONOTONIC;
import static dev.raftsim.invariants.FakeCluster.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-built histories. Each broken one trips exactly the named invariant on exactly its last event, in both the
 * incremental and the reference checker ({@link Run} fails on any disagreement); the healthy ones trip nothing.
 */
class SafetyScenariosTest {
  private static final int N1 = 0;
  private static final int N2 = 1;
  private static final int N3 = 2;
  private static final int N4 = 3;
  private static final int N5 = 4;

  /** n1 leads term 1, replicates a and b to everyone, commits and everyone applies. */
  private static Run committedEverywhere() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a", "b");
    r.replicate(N1, N2, 2);
    r.commit(N1, 2);
    r.replicate(N1, N2, 2);
    r.replicate(N1, N3, 2);
    r.apply(N1, 2);
    r.apply(N2, 2);
    r.apply(N3, 2);
    return r;
  }

  private static String message(Run r) {
    return r.lastViolations().get(0).message();
  }

  // ---- healthy histories ----

  @Test
  void normalElectionReplicationCommitAndApplyTripNothing() {
    Run r = committedEverywhere();
    r.append(N1, "c");
    r.replicate(N1, N3, 3);
    r.commit(N1, 3);
    r.replicate(N1, N2, 3);
    r.replicate(N1, N3, 3);
    r.apply(N2, 3);
    r.assertClean();
  }

  @Test
  void truncatingUncommittedEntriesAndRestartingTripNothing() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a");
    r.replicate(N1, N2, 1);
    r.commit(N1, 1);
    r.append(N1, "b-uncommitted");
    r.crash(N1);
    r.elect(N2, 2, N3);
    r.append(N2, "c");
    r.replicate(N2, N3, 2);
    r.commit(N2, 2);
    r.apply(N2, 2);
    r.restart(N1);
    r.replicate(N2, N1, 2); // n1 drops b-uncommitted, takes c
    assertEquals("c", r.node(N1).at(2).text());
    r.apply(N1, 2);
    r.crash(N3);
    r.restart(N3);
    r.replicate(N2, N3, 2);
    r.apply(N3, 2);
    r.assertClean();
  }

  @Test
  void aStaleLeaderOfAnOlderTermNeedNotHoldNewerCommits() {
    Run r = new Run(5);
    r.elect(N1, 1, N2, N3);
    // n1 is cut off and keeps believing it leads term 1; the others move on.
    r.elect(N2, 2, N3, N4);
    r.append(N2, "a");
    r.replicate(N2, N3, 1);
    r.replicate(N2, N4, 1);
    r.commit(N2, 1);
    r.append(N1, "z"); // the stale leader still appends to its own log
    r.assertClean();
    r.replicate(N2, N1, 1); // it finally hears of term 2, steps down, loses z
    r.assertClean();
  }

  @Test
  void aLeaderElectedLateInAnOlderTermNeedNotHoldEntriesCommittedInNewerTerms() {
    Run r = new Run(5);
    r.campaign(N1, 2);
    r.vote(N2, N1, 2);
    r.vote(N3, N1, 2);
    r.elect(N4, 3, N2, N3, N5); // term 3 happens while term 2's vote responses are still in flight
    r.append(N4, "a");
    r.replicate(N4, N2, 1);
    r.replicate(N4, N3, 1);
    r.commit(N4, 1);
    r.on(N1, x -> x.role = NodeRole.LEADER); // the delayed votes arrive: n1 leads term 2
    r.assertClean();
  }

  @Test
  void aStaleLeaderNeedNotHoldAnOldTermEntryCommittedInANewerTerm() {
    // Leader Completeness is about the term an entry was committed in, not the entry's own term: here e (term 2)
    // is committed in term 4, and the leader of term 3, elected without ever seeing e, need not hold it.
    Run r = new Run(5);
    r.elect(N1, 2, N2);
    r.append(N1, "e");
    r.replicate(N1, N2, 1);
    r.elect(N3, 3, N4, N5);
    r.elect(N1, 4, N2, N4, N5);
    r.append(N1, "no-op");
    r.replicate(N1, N2, 2);
    r.replicate(N1, N4, 2);
    r.commit(N1, 2);
    r.assertClean();
    r.elect(N4, 5, N2, N5); // a leader of term 5 must hold e and the no-op: n4 does
    r.assertClean();
    r.elect(N5, 6, N3); // n5 does not
    r.assertOnlyLast(LEADER_COMPLETENESS);
  }

  @Test
  void restartsReapplyTheSameEntriesAndVotesSurvive() {
    Run r = committedEverywhere();
    r.crash(N2);
    r.restart(N2);
    r.replicate(N1, N2, 2);
    r.apply(N2, 1);
    r.apply(N2, 2);
    r.crash(N3);
    r.restart(N3); // its vote for nobody in term 1 survives; it votes in term 2 afresh
    r.vote(N3, N2, 2);
    r.assertClean();
  }

  // ---- each invariant broken alone ----

  @Test
  void aSecondLeaderInATermBreaksElectionSafety() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.on(N3, x -> {
      x.term = 1;
      x.role = NodeRole.LEADER;
    });
    r.assertOnlyLast(ELECTION_SAFETY);
    assertTrue(message(r).startsWith("n3 became leader of term 1, but n1 was already leader of term 1"), message(r));
    assertEquals(List.of(N3, N1), r.lastViolations().get(0).nodes());
  }

  @Test
  void twoLeadersOfOneTermInOneMultiNodeEventBreakElectionSafety() {
    Run r = new Run(3);
    r.event(-1, () -> {
      for (int k = 0; k < 2; k++) {
        r.node(k).term = 4;
        r.node(k).role = NodeRole.LEADER;
      }
    });
    r.assertOnlyLast(ELECTION_SAFETY);
  }

  @Test
  void aLeaderDeletingItsEntriesBreaksLeaderAppendOnly() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a", "b");
    r.on(N1, x -> x.truncateFrom(2));
    r.assertOnlyLast(LEADER_APPEND_ONLY);
    assertTrue(message(r).contains("n1, leader of term 1, deleted entries 2..2"), message(r));
  }

  @Test
  void aLeaderRewritingAnEntryBreaksLeaderAppendOnlyAndLogMatching() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a", "b");
    r.on(N1, x -> x.replace(1, entry(1, "c")));
    r.assertOnlyLast(LEADER_APPEND_ONLY, LOG_MATCHING);
  }

  @Test
  void aDivergentPrefixUnderTheSameIndexAndTermBreaksLogMatching() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a");
    r.elect(N1, 2, N2);
    r.append(N1, "b"); // n1: [a@1, b@2]
    r.on(N2, x -> { // n2: [d@2, b@2]: same entry 2 of term 2, different entry before it
      x.term = 2;
      x.append(entry(2, "d"));
      x.append(entry(2, "b"));
    });
    r.assertOnlyLast(LOG_MATCHING);
    assertTrue(message(r).contains("n1 holds that one, and the two logs differ at index 1"), message(r));
  }

  @Test
  void aNewLeaderMissingACommittedEntryBreaksLeaderCompleteness() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "put x=5");
    r.replicate(N1, N2, 1);
    r.commit(N1, 1);
    r.elect(N3, 2, N2);
    r.assertOnlyLast(LEADER_COMPLETENESS);
    assertTrue(message(r).startsWith("n3 became leader of term 2 without entry 1 (term 1, put x=5), committed by n1 at "),
        message(r));
  }

  @Test
  void anEntryCommittedInAnOlderTermThatANewerLeaderLacksBreaksLeaderCompleteness() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a");
    r.replicate(N1, N2, 1);
    r.campaign(N3, 2);
    r.on(N3, x -> x.role = NodeRole.LEADER); // no quorum, but nothing is committed yet
    r.assertClean();
    r.commit(N1, 1); // the term-1 leader commits a, which the term-2 leader lacks
    r.assertOnlyLast(LEADER_COMPLETENESS);
    assertTrue(message(r).startsWith("n3, leader of term 2, does not hold entry 1 (term 1, a)"), message(r));
  }

  @Test
  void committingADifferentEntryAtAnIndexBreaksStateMachineSafety() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a");
    r.replicate(N1, N2, 1);
    r.commit(N1, 1);
    r.on(N3, x -> {
      x.term = 2;
      x.append(entry(2, "b"));
      x.commit = 1;
    });
    r.assertOnlyLast(STATE_MACHINE_SAFETY);
  }

  @Test
  void applyingADifferentEntryAtAnIndexBreaksStateMachineSafety() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a");
    r.replicate(N1, N2, 1);
    r.commit(N1, 1);
    r.apply(N1, 1);
    r.on(N2, x -> { // n2 loses a and applies something else at index 1
      x.term = 2;
      x.replace(1, entry(2, "b"));
      x.commit = 1;
      x.applied = 1;
    });
    // n2 also lost a committed entry, which leaves it on n1 alone.
    r.assertOnlyLast(STATE_MACHINE_SAFETY, COMMITTED_ON_MAJORITY);
    assertEquals(3, r.lastViolations().size(), "the commit, the apply and the lost majority are reported");
  }

  @Test
  void aTermGoingDownBreaksTermMonotonic() {
    Run r = new Run(3);
    r.on(N2, x -> x.term = 3);
    r.on(N2, x -> x.term = 2);
    r.assertOnlyLast(TERM_MONOTONIC);
  }

  @Test
  void aTermLostInARestartBreaksTermMonotonic() {
    Run r = new Run(3);
    r.on(N2, x -> x.term = 3);
    r.crash(N2);
    r.on(N2, x -> {
      x.restart();
      x.term = 1;
    });
    r.assertOnlyLast(TERM_MONOTONIC);
  }

  @Test
  void twoVotesInOneTermAcrossARestartBreakSingleVotePerTerm() {
    Run r = new Run(3);
    r.vote(N2, N1, 2);
    r.crash(N2);
    r.on(N2, x -> {
      x.restart();
      x.votedFor = -1; // votedFor was not persisted
    });
    r.vote(N2, N3, 2);
    r.assertOnlyLast(SINGLE_VOTE_PER_TERM);
    assertEquals(List.of(N2, N3, N1), r.lastViolations().get(0).nodes());
  }

  @Test
  void aCommitIndexBeyondTheLogBreaksCommitIndexBounded() {
    Run r = committedEverywhere();
    r.commit(N2, 3);
    r.assertOnlyLast(COMMIT_INDEX_BOUNDED);
  }

  @Test
  void aCommitIndexGoingDownWithoutRestartBreaksCommitIndexMonotonic() {
    Run r = committedEverywhere();
    r.crash(N2);
    r.restart(N2);
    r.replicate(N1, N2, 2);
    r.apply(N2, 1);
    r.commit(N2, 1);
    r.assertOnlyLast(COMMIT_INDEX_MONOTONIC);
  }

  @Test
  void anEntryCommittedOnAMinorityBreaksCommittedOnMajority() {
    Run r = new Run(5);
    r.elect(N1, 1, N2, N3);
    r.append(N1, "a");
    r.replicate(N1, N2, 1);
    r.commit(N1, 1);
    r.assertOnlyLast(COMMITTED_ON_MAJORITY);
    assertTrue(message(r).contains("is held by only 2 of 5 nodes (n1, n2)"), message(r));
  }

  @Test
  void aCrashedNodesDurableLogStillCountsTowardsTheMajority() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a");
    r.replicate(N1, N2, 1);
    r.crash(N2);
    r.commit(N1, 1);
    r.assertClean();
  }

  @Test
  void aRestartThatLosesAnAcknowledgedCommittedEntryBreaksCommittedOnMajorityAtTheRestart() {
    // ack-before-persist: n2 acknowledged a, n1 committed it with n2's ack, then n2 crashed before a was durable.
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a");
    r.replicate(N1, N2, 1);
    r.commit(N1, 1);
    r.crash(N2);
    r.assertClean(); // a crashed node counts with its log as last seen while up
    r.on(N2, x -> {
      x.restart();
      x.truncateFrom(1);
    });
    r.assertOnlyLast(COMMITTED_ON_MAJORITY);
    assertTrue(message(r).contains("held by only 1 of 3 nodes (n1)") && message(r).contains("after n2 lost"),
        message(r));
  }

  @Test
  void aFollowerTruncatingACommittedEntryBreaksCommittedOnMajorityAtOnce() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a", "b");
    r.replicate(N1, N2, 2);
    r.commit(N1, 2);
    r.on(N2, x -> x.truncateFrom(2));
    r.assertOnlyLast(COMMITTED_ON_MAJORITY);
  }

  @Test
  void losingAnUncommittedEntryIsNoViolation() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a", "b");
    r.replicate(N1, N2, 2);
    r.commit(N1, 1);
    r.on(N2, x -> x.truncateFrom(2));
    r.assertClean();
  }

  @Test
  void aLeaderLoweringAMatchIndexBreaksMatchIndexMonotonic() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a", "b");
    r.replicate(N1, N2, 2);
    r.on(N1, x -> x.match[N2] = 2);
    r.on(N1, x -> x.match[N2] = 1); // a reordered old reply, taken without a max
    r.assertOnlyLast(MATCH_INDEX_MONOTONIC);
    assertTrue(message(r).contains("lowered its matchIndex for n2 from 2 to 1"), message(r));
  }

  @Test
  void aNewLeadershipStartsItsMatchIndexesAfresh() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a");
    r.replicate(N1, N2, 1);
    r.on(N1, x -> x.match[N2] = 1);
    r.campaign(N1, 2);
    r.vote(N2, N1, 2);
    r.on(N1, x -> { // leader of a new term: its matchIndexes start again from 0
      x.role = NodeRole.LEADER;
      java.util.Arrays.fill(x.match, 0);
    });
    r.on(N1, x -> x.match[N2] = 1);
    r.assertClean();
  }

  @Test
  void applyingBeyondTheCommitIndexBreaksAppliedCommitted() {
    Run r = new Run(3);
    r.elect(N1, 1, N2);
    r.append(N1, "a", "b");
    r.replicate(N1, N2, 2);
    r.commit(N1, 1);
    r.apply(N1, 2);
    r.assertOnlyLast(APPLIED_COMMITTED);
  }

  @Test
  void theFigure8CommitIsCaughtWhenTheOverwritingLeaderIsElected() {
    // Raft paper, Figure 8, with the bug: s1 counts replicas of its term-2 entry in term 4 and commits it.
    Run r = new Run(5);
    r.elect(N1, 2, N2, N3);
    r.append(N1, "x");
    r.replicate(N1, N2, 1);
    r.crash(N1);
    r.elect(N5, 3, N3, N4);
    r.append(N5, "y");
    r.crash(N5);
    r.restart(N1);
    r.elect(N1, 4, N2, N3);
    r.replicate(N1, N3, 1);
    r.commit(N1, 1); // the bug: entry 1 is from term 2, committed by counting replicas
    r.crash(N1);
    r.restart(N5);
    r.elect(N5, 5, N2, N3, N4); // n5's log (y@3) is more up to date than term 2's x: it wins
    r.assertOnlyLast(LEADER_COMPLETENESS);
  }
}
