package dev.raftsim.raft;

import static dev.raftsim.raft.Fixtures.put;
import static dev.raftsim.raft.TestNet.kind;
import static dev.raftsim.raft.TestNet.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration entries, single-server and joint changes, learners, the §4.2.3 vote guard, leadership transfer. */
class MembershipTest {

  /** n servers, the first {@code voters} of them initial voters, the others spares. */
  private static RaftConfig spares(int n, int voters) {
    return RaftConfig.defaults(n).withInitialVoters(Membership.all(voters));
  }

  private static long bits(int... nodes) {
    long b = 0;
    for (int i : nodes) {
      b |= 1L << i;
    }
    return b;
  }

  @Test
  void sparesStartWithTheInitialConfigurationAndNeverCampaign() {
    TestNet net = new TestNet(spares(4, 3));
    assertEquals(Membership.of(bits(0, 1, 2)), net.node(3).membership());
    net.timeout(3);
    assertEquals(Role.FOLLOWER, net.node(3).role());
    assertEquals(0, net.node(3).currentTerm(), "a spare does not start elections");
    assertTrue(net.inFlight.isEmpty());
    net.elect(0);
    net.deliverAll();
    assertEquals(0, net.node(3).lastIndex(), "the leader replicates to members only");
  }

  @Test
  void addVoterTakesEffectOnAppendAndCountsTheNewMajority() {
    TestNet net = new TestNet(spares(4, 3));
    net.elect(0);
    net.deliverAll();
    assertTrue(net.node(0).addVoter(3, net.hosts[0]), "caught up (the log is one batch long): added as a voter");
    Membership next = Membership.of(bits(0, 1, 2, 3));
    assertEquals(next, net.node(0).membership(), "in effect on the leader before it commits");
    int idx = net.node(0).lastIndex();
    assertEquals(idx, net.node(0).membershipIndex());
    assertTrue(net.node(0).commitIndex() < idx);
    assertFalse(net.node(0).remove(1, net.hosts[0]), "one change at a time");
    // Only n2 acknowledges: 2 of 4 is not a majority of the new configuration.
    net.take(to(2).or(to(3)));
    net.deliverAll();
    assertEquals(next, net.node(1).membership(), "in effect on a follower as soon as it is in its log");
    assertTrue(net.node(0).commitIndex() < idx, "2 of 4 voters do not commit");
    net.heartbeat(0);
    net.deliverAll();
    assertEquals(idx, net.node(0).commitIndex());
    assertEquals(next, net.node(3).membership());
    assertEquals("config {n1,n2,n3,n4}", net.node(3).entryAt(idx).describe());
  }

  @Test
  void noChangeBeforeAnEntryOfTheLeadersTermCommits() {
    RaftConfig cfg = spares(4, 3).withNoOpOnElection(false);
    TestNet net = new TestNet(cfg);
    net.elect(0);
    assertFalse(net.node(0).addVoter(3, net.hosts[0]), "nothing of term 1 committed yet");
    net.propose(0, put("x", "1"));
    net.deliverAll();
    assertTrue(net.node(0).addVoter(3, net.hosts[0]));

    TestNet bug = new TestNet(cfg.withBug(PlantedBug.SINGLE_SERVER_CHANGE_BEFORE_COMMIT));
    bug.elect(0);
    assertTrue(bug.node(0).addVoter(3, bug.hosts[0]), "the 2015 bug: changes at once");
  }

  @Test
  void truncationRestoresThePreviousConfiguration() {
    RaftConfig cfg = spares(4, 3);
    RaftNode f = RaftNode.restore(1, cfg, 1, -1, List.of(Entry.noOp(1), Entry.config(1, Membership.of(bits(0, 1)))));
    assertEquals(Membership.of(bits(0, 1)), f.membership(), "restored from the durable log");
    assertEquals(2, f.membershipIndex());
    SnapshotTest.Out out = new SnapshotTest.Out();
    f.start(out);
    // The leader of term 2 never had the uncommitted change: its entry at index 2 replaces it.
    f.step(2, new AppendEntries(2, 2, 1, 1, new Entry[] {Entry.noOp(2)}, 0), out);
    assertEquals(Membership.of(bits(0, 1, 2)), f.membership(), "truncated: the initial configuration again");
    assertEquals(0, f.membershipIndex());
  }

  @Test
  void jointConsensusLeavesJointOnceCommittedAndARemovedLeaderStepsDown() {
    TestNet net = new TestNet(spares(5, 3));
    net.elect(0);
    net.deliverAll();
    assertTrue(net.node(0).replaceVoters(bits(2, 3, 4), net.hosts[0]));
    Membership joint = net.node(0).membership();
    assertTrue(joint.isJoint());
    assertEquals("joint {n1,n2,n3}->{n3,n4,n5}", Entry.config(1, joint).describe());
    assertFalse(net.node(0).addVoter(1, net.hosts[0]), "no change while joint");
    net.deliverAll();
    // C_old,new committed (both majorities), C_new proposed by itself, committed, and the leader left.
    net.heartbeat(0);
    net.deliverAll();
    Membership fin = Membership.of(bits(2, 3, 4));
    for (int i : new int[] {2, 3, 4}) {
      assertEquals(fin, net.node(i).membership(), "node " + i);
    }
    assertEquals(Role.FOLLOWER, net.node(0).role(), "a leader outside C_new steps down once C_new commits");
    net.timeout(0);
    assertEquals(Role.FOLLOWER, net.node(0).role(), "and never campaigns again");
  }

  @Test
  void jointCommitmentNeedsBothMajorities() {
    TestNet net = new TestNet(spares(5, 3));
    net.elect(0);
    net.deliverAll();
    net.node(0).replaceVoters(bits(0, 3, 4), net.hosts[0]);
    int idx = net.node(0).lastIndex();
    // Only the new servers answer: a majority of C_new ({n1,n4,n5}) but not of C_old.
    net.take(to(1).or(to(2)));
    net.deliverAll();
    assertTrue(net.node(0).commitIndex() < idx, "C_new's majority alone does not commit C_old,new");
    net.heartbeat(0);
    net.deliverAll();
    assertTrue(net.node(0).commitIndex() >= idx);
  }

  @Test
  void aVoterThatIsBehindIsStagedAsALearnerAndPromotedOnceCaughtUp() {
    TestNet net = new TestNet(spares(4, 3).withMaxEntriesPerAppend(2));
    net.elect(0);
    for (int k = 0; k < 6; k++) {
      net.propose(0, put("k" + k, "v"));
    }
    net.deliverAll();
    assertTrue(net.node(0).addVoter(3, net.hosts[0]));
    assertEquals(new Membership(bits(0, 1, 2), bits(3), 0), net.node(0).membership(), "a learner first");
    assertEquals(bits(3), net.node(0).pendingPromotions());
    net.deliverAll();
    net.heartbeat(0);
    net.deliverAll();
    net.heartbeat(0);
    net.deliverAll();
    assertEquals(Membership.of(bits(0, 1, 2, 3)), net.node(3).membership(), "promoted once caught up");
    assertEquals(net.node(0).lastIndex(), net.node(3).lastIndex());
  }

  @Test
  void learnersNeitherVoteNorCount() {
    TestNet net = new TestNet(spares(4, 2));
    net.elect(0);
    net.deliverAll();
    assertTrue(net.node(0).addLearner(3, net.hosts[0]));
    net.deliverAll();
    assertEquals("config {n1,n2} +learner n4", net.node(3).membership().describe());
    int before = net.node(0).commitIndex();
    net.propose(0, put("a", "1"));
    net.take(to(1)); // only the learner acknowledges
    net.deliverAll();
    assertEquals(before, net.node(0).commitIndex(), "a learner's acknowledgement does not count");
    net.timeout(3);
    assertEquals(0, net.inFlight.size(), "a learner does not campaign");
  }

  @Test
  void aServerThatHeardTheLeaderIgnoresRequestVoteButNotATransfer() {
    TestNet net = new TestNet(spares(4, 3));
    net.elect(0);
    net.deliverAll();
    assertTrue(net.node(0).remove(2, net.hosts[0]));
    net.deliverAll();
    net.heartbeat(0);
    net.deliverAll();
    assertEquals(Membership.of(bits(0, 1)), net.node(1).membership());
    assertEquals(Membership.of(bits(0, 1, 2)), net.node(2).membership(), "the leader stopped replicating to n3");
    long t = net.node(1).currentTerm();
    // n3 never learned of its removal and campaigns (dissertation §4.2.3): n2 heard the leader, so it ignores it.
    net.timeout(2);
    assertEquals(Role.CANDIDATE, net.node(2).role());
    net.deliver(net.takeOne(to(1).and(kind(RequestVote.class))));
    assertEquals(t, net.node(1).currentTerm(), "ignored: not even the term is taken");
    assertEquals(Role.LEADER, net.node(0).role());
    net.node(1).step(2, new RequestVote(t + 5, 2, 99, t, false, true), net.hosts[1]);
    assertEquals(t + 5, net.node(1).currentTerm(), "a transfer's election is not ignored");
  }

  @Test
  void aServerThatLearnedItsRemovalNeverCampaigns() {
    TestNet net = new TestNet(spares(4, 3));
    net.elect(0);
    net.deliverAll();
    assertTrue(net.node(0).remove(0, net.hosts[0]), "the leader removes itself");
    net.deliverAll();
    net.heartbeat(0);
    net.deliverAll();
    assertEquals(Role.FOLLOWER, net.node(0).role());
    net.timeout(0);
    assertEquals(Role.FOLLOWER, net.node(0).role());
    assertTrue(net.inFlight.isEmpty());
  }

  @Test
  void leadershipTransferSendsTimeoutNowAndRefusesCommandsMeanwhile() {
    TestNet net = new TestNet(RaftConfig.defaults(3));
    net.elect(0);
    net.deliverAll();
    net.take(to(2)); // (none left)
    net.propose(0, put("a", "1"));
    net.take(to(2)); // n3 falls behind
    net.deliverAll();
    assertTrue(net.node(0).transferLeadership(2, net.hosts[0]));
    assertTrue(net.node(0).transferring());
    assertEquals(-1, net.propose(0, put("b", "2")), "no new commands during a transfer");
    assertTrue(net.inFlight.stream().noneMatch(e -> e.m() instanceof TimeoutNow), "not before n3 caught up");
    net.deliverAll();
    assertEquals(Role.LEADER, net.node(2).role(), "the target campaigned at once and won");
    assertEquals(Role.FOLLOWER, net.node(0).role());
  }

  @Test
  void anUnfinishedTransferIsAbandonedAfterAnElectionTimeoutOfHeartbeats() {
    TestNet net = new TestNet(RaftConfig.defaults(3));
    net.elect(0);
    net.deliverAll();
    assertTrue(net.node(0).transferLeadership(1, net.hosts[0]));
    net.take(kind(TimeoutNow.class));
    for (int k = 0; k < 10; k++) {
      net.heartbeat(0);
      net.deliverAll();
    }
    assertFalse(net.node(0).transferring());
    assertTrue(net.propose(0, put("c", "3")) > 0);
  }

  @Test
  void theSnapshotKeepsTheConfigurationAndARestartRestoresIt() {
    for (boolean bug : new boolean[] {false, true}) {
      RaftConfig cfg = bug ? spares(4, 3).withBug(PlantedBug.SNAPSHOT_DROPS_CONFIG) : spares(4, 3);
      TestNet net = new TestNet(cfg);
      net.elect(0);
      net.deliverAll();
      net.node(0).addVoter(3, net.hosts[0]);
      net.deliverAll();
      net.heartbeat(0);
      net.deliverAll();
      RaftNode l = net.node(0);
      int idx = l.lastApplied();
      l.compact(new Snapshot(idx, l.termAt(idx), l.prefixDigest(idx), 7, null), new SnapshotTest.Out());
      Membership four = Membership.of(bits(0, 1, 2, 3));
      assertEquals(four, l.membership(), "the node itself keeps it either way");
      RaftNode r = RaftNode.restore(0, cfg, l.currentTerm(), l.votedFor(), l.snapshot(), List.of());
      if (bug) {
        assertNull(l.snapshot().config(), "planted bug: the snapshot lost the configuration");
        assertEquals(Membership.of(bits(0, 1, 2)), r.membership());
      } else {
        assertEquals(four, l.snapshot().config(), "compaction records the configuration");
        assertEquals(four, r.membership(), "a restart from the snapshot restores it");
      }
    }
  }

  @Test
  void installingASnapshotTakesItsConfiguration() {
    RaftConfig cfg = spares(4, 3);
    Snapshot s = new Snapshot(3, 1, 42, 7, null).withConfig(Membership.of(bits(1, 2, 3)), 2);
    RaftNode f = new RaftNode(3, cfg);
    SnapshotTest.Out out = new SnapshotTest.Out();
    f.step(0, new InstallSnapshot(1, 0, s), out);
    assertEquals(Membership.of(bits(1, 2, 3)), f.membership());
    assertEquals(2, f.membershipIndex());
    RaftNode r = RaftNode.restore(3, cfg, 1, -1, s, List.of());
    assertEquals(Membership.of(bits(1, 2, 3)), r.membership(), "restart from the snapshot");
  }

  @Test
  void aRestartRestoresTheConfigurationFromTheDurableLog() {
    TestNet net = new TestNet(spares(4, 3));
    net.elect(0);
    net.deliverAll();
    net.node(0).addLearner(3, net.hosts[0]);
    net.deliverAll();
    net.crash(1);
    net.restart(1);
    assertEquals(new Membership(bits(0, 1, 2), bits(3), 0), net.node(1).membership());
  }

  @Test
  void runsWithoutMembershipFingerprintAsBefore() {
    // A node that never saw a configuration hashes no membership fields: equal to one built with spares' configuration
    // only where the configurations agree, and different where they do not.
    RaftNode a = new RaftNode(0, RaftConfig.defaults(3));
    RaftNode b = new RaftNode(0, RaftConfig.defaults(3).withInitialVoters(bits(0, 1)));
    assertFalse(a.fingerprint() == b.fingerprint());
    assertEquals(a.fingerprint(), a.copy().fingerprint());
    assertTrue(b.sameState(b.copy()));
  }
}
