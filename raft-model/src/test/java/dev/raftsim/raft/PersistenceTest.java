package dev.raftsim.raft;

import static dev.raftsim.raft.Fixtures.cfg;
import static dev.raftsim.raft.Fixtures.log;
import static dev.raftsim.raft.Fixtures.put;
import static dev.raftsim.raft.TestNet.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PersistenceTest {

  @Test
  void restoreKeepsTermVoteAndLogAndResetsVolatileState() {
    TestNet net = new TestNet(cfg(3));
    net.elect(0);
    net.propose(0, put("a", "1"));
    net.deliverAll();
    net.heartbeat(0);
    net.deliverAll();
    RaftNode before = net.node(1);
    assertEquals(2, before.commitIndex());
    net.crash(1);
    net.restart(1);
    RaftNode after = net.node(1);
    assertEquals(before.currentTerm(), after.currentTerm());
    assertEquals(before.votedFor(), after.votedFor());
    assertEquals(before.lastIndex(), after.lastIndex());
    assertEquals(before.prefixDigest(2), after.prefixDigest(2));
    assertEquals(Role.FOLLOWER, after.role());
    assertEquals(0, after.commitIndex());
    assertEquals(0, after.lastApplied());
    assertEquals(-1, after.leaderHint());
    assertEquals(1, after.logChangedFrom());
    assertEquals(List.of("timer election"), net.hosts[1].trace, "start arms the election timer");
  }

  @Test
  void restartedNodeReappliesFromScratchAsCommitsAdvance() {
    TestNet net = new TestNet(cfg(3));
    net.elect(0);
    net.propose(0, put("a", "1"));
    net.deliverAll();
    net.crash(2);
    net.restart(2);
    net.heartbeat(0);
    net.deliverAll();
    assertEquals(List.of(1, 2), net.hosts[2].appliedIndexes);
  }

  @Test
  void restoredVoterDoesNotVoteTwiceInTheSameTerm() {
    TestNet net = new TestNet(cfg(3));
    net.timeout(0);
    net.deliver(net.takeOne(to(1)));
    net.dropAll();
    net.crash(1);
    net.restart(1);
    assertEquals(0, net.node(1).votedFor());
    net.timeout(2); // term 1 as well
    net.deliver(net.takeOne(to(1)));
    RequestVoteReply r = (RequestVoteReply) net.takeOne(to(2)).m();
    assertFalse(r.granted());
  }

  @Test
  void wholeClusterRestartKeepsCommittedEntries() {
    TestNet net = new TestNet(cfg(3));
    net.elect(0);
    for (int k = 0; k < 3; k++) {
      net.propose(0, put("k" + k, "v"));
    }
    net.deliverAll();
    long committed = net.node(0).prefixDigest(4);
    for (int i = 0; i < 3; i++) {
      net.crash(i);
    }
    for (int i = 0; i < 3; i++) {
      net.restart(i);
    }
    net.elect(2);
    net.heartbeat(2);
    net.deliverAll();
    for (int i = 0; i < 3; i++) {
      assertEquals(committed, net.node(i).prefixDigest(4));
      assertEquals(5, net.node(i).commitIndex());
    }
  }

  @Test
  void restoreRejectsInconsistentDurableState() {
    RaftConfig c = cfg(3);
    assertThrows(IllegalArgumentException.class, () -> RaftNode.restore(0, c, 1, 3, List.of()));
    assertThrows(IllegalArgumentException.class, () -> RaftNode.restore(0, c, -1, -1, List.of()));
    assertThrows(IllegalArgumentException.class, () -> RaftNode.restore(0, c, 1, -1, log(1, 2)), "entry above term");
    assertThrows(IllegalArgumentException.class, () -> RaftNode.restore(0, c, 3, -1, log(2, 1)), "terms decrease");
    assertThrows(IllegalArgumentException.class, () -> RaftNode.restore(3, c, 1, -1, List.of()));
  }

  @Test
  void everySendInACorrectRunFollowsSyncOfItsWrites() {
    TestNet net = new TestNet(cfg(5));
    net.elect(0);
    for (int k = 0; k < 10; k++) {
      net.propose(0, put("k" + k, "v"));
    }
    net.deliverAll(4);
    net.elect(3, 0);
    net.heartbeat(3);
    net.deliverAll();
    for (int i = 0; i < 5; i++) {
      assertEquals(0, net.hosts[i].sendsBeforeSync, "node " + i);
      net.assertDurableMatches(i);
    }
  }
}
