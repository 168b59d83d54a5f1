package dev.raftsim.raft;

import static dev.raftsim.raft.Fixtures.cfg;
import static dev.raftsim.raft.Fixtures.put;
import static dev.raftsim.raft.TestNet.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole-cluster elections in the hand-driven harness. */
class ElectionTest {

  @Test
  void threeNodesElectExactlyOneLeaderAndAgreeOnTerm() {
    TestNet net = new TestNet(cfg(3));
    net.elect(1);
    assertEquals(List.of(1), net.leaders());
    for (int i = 0; i < 3; i++) {
      assertEquals(1, net.node(i).currentTerm());
      assertEquals(1, net.node(i).leaderHint());
      assertEquals(1, net.node(i).lastIndex(), "no-op replicated");
    }
    net.heartbeat(1);
    net.deliverAll();
    for (int i = 0; i < 3; i++) {
      assertEquals(1, net.node(i).commitIndex(), "followers learn the commit from the next heartbeat");
      net.assertDurableMatches(i);
    }
  }

  @Test
  void fiveNodesElectAndReplicate() {
    TestNet net = new TestNet(cfg(5));
    net.elect(3);
    for (int k = 0; k < 5; k++) {
      net.propose(3, put("k" + k, "v" + k));
    }
    net.deliverAll();
    net.heartbeat(3);
    net.deliverAll();
    for (int i = 0; i < 5; i++) {
      assertEquals(6, net.node(i).commitIndex());
      assertEquals(6, net.hosts[i].applied.size());
      assertEquals(net.node(3).prefixDigest(6), net.node(i).prefixDigest(6));
    }
  }

  @Test
  void splitVoteResolvesInALaterTerm() {
    TestNet net = new TestNet(cfg(5));
    net.timeout(0);
    net.timeout(1);
    // n3 votes for n1 and n4 for n2; everything else is lost, so nobody reaches 3 votes.
    net.deliver(net.takeOne(e -> e.from() == 0 && e.to() == 2));
    net.deliver(net.takeOne(e -> e.from() == 1 && e.to() == 3));
    net.dropAll();
    assertTrue(net.leaders().isEmpty());
    net.timeout(0); // term 2
    net.deliverAll();
    assertEquals(List.of(0), net.leaders());
    assertEquals(2, net.node(0).currentTerm());
  }

  @Test
  void isolatedLeaderIsReplacedAndRejoinsAsFollower() {
    TestNet net = new TestNet(cfg(3));
    net.elect(0);
    net.propose(0, put("lost", "1")); // never leaves node 0
    net.dropAll();
    net.elect(1, 0);
    assertEquals(2, net.node(1).currentTerm());
    net.propose(1, put("kept", "2"));
    net.deliverAll(0);
    assertEquals(Role.LEADER, net.node(0).role(), "the old leader does not know yet");
    net.heartbeat(0); // its stale heartbeats meet term 2 and it steps down
    net.deliverAll();
    assertEquals(Role.FOLLOWER, net.node(0).role());
    net.heartbeat(1);
    net.deliverAll();
    assertEquals(net.node(1).lastIndex(), net.node(0).lastIndex());
    assertEquals(net.node(1).prefixDigest(net.node(1).lastIndex()), net.node(0).prefixDigest(net.node(0).lastIndex()));
    assertEquals("kept", net.node(0).entryAt(3).command().key(), "the uncommitted entry was replaced");
  }

  @Test
  void noLeaderWithoutQuorum() {
    TestNet net = new TestNet(cfg(5));
    net.timeout(0);
    net.deliverAll(2, 3, 4);
    assertEquals(Role.CANDIDATE, net.node(0).role());
    assertEquals(2, net.node(0).votesCounted());
  }

  @Test
  void followerTimeoutStartsElectionWithIncrementedTerm() {
    TestNet net = new TestNet(cfg(3));
    net.elect(0);
    net.timeout(2);
    assertEquals(Role.CANDIDATE, net.node(2).role());
    assertEquals(2, net.node(2).currentTerm());
    RequestVote rv = (RequestVote) net.inFlight.get(0).m();
    assertEquals(new RequestVote(2, 2, 1, 1), rv);
    net.deliver(net.takeOne(to(0)));
    assertEquals(Role.FOLLOWER, net.node(0).role(), "the leader steps down on the higher term");
  }
}
