package dev.raftsim.raft;

import static dev.raftsim.raft.Fixtures.cfg;
import static dev.raftsim.raft.Fixtures.cfgNoOp;
import static dev.raftsim.raft.Fixtures.log;
import static dev.raftsim.raft.Fixtures.put;
import static dev.raftsim.raft.TestNet.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderTest {

  private static List<Entry> concat(List<Entry> a, List<Entry> b) {
    List<Entry> l = new ArrayList<>(a);
    l.addAll(b);
    return l;
  }

  private static List<Entry> repeat(long term, int count) {
    long[] terms = new long[count];
    java.util.Arrays.fill(terms, term);
    return log(terms);
  }

  private static long failures(TestNet net, int follower) {
    return net.hosts[follower].trace.stream().filter(s -> s.startsWith("send") && s.contains("AER") && s.contains("fail"))
        .count();
  }

  private static void assertSameLog(RaftNode a, RaftNode b) {
    assertEquals(a.lastIndex(), b.lastIndex());
    assertEquals(a.prefixDigest(a.lastIndex()), b.prefixDigest(b.lastIndex()));
    for (int i = 1; i <= a.lastIndex(); i++) {
      assertEquals(a.entryAt(i), b.entryAt(i));
    }
  }

  @Test
  void fastBacktrackingSkipsAWholeConflictingTermInOneRound() {
    List<Entry> common = repeat(1, 5);
    List<Entry> leaderLog = concat(common, repeat(3, 20));
    List<Entry> staleLog = concat(common, repeat(2, 30));
    TestNet net = TestNet.restored(cfg(3), new long[] {5, 5, 5}, List.of(leaderLog, staleLog, common));
    net.elect(0);
    assertEquals(1, failures(net, 1), "one rejection: conflictTerm 2 is absent on the leader");
    assertEquals(1, failures(net, 2), "one rejection: log too short");
    assertSameLog(net.node(0), net.node(1));
    assertSameLog(net.node(0), net.node(2));
    assertEquals(26, net.node(0).commitIndex());
    net.assertDurableMatches(1);
  }

  @Test
  void backtrackingUsesLeadersLastIndexOfConflictTerm() {
    TestNet net = TestNet.restored(cfgNoOp(3), new long[] {3, 3, 3},
        List.of(log(1, 1, 2, 2, 3), log(1, 1, 2, 2, 2, 2, 2), log()));
    net.timeout(0);
    net.deliver(net.takeOne(to(1)));
    net.deliver(net.takeOne(to(0))); // vote from node 1: leader
    assertEquals(Role.LEADER, net.node(0).role());
    net.deliver(net.takeOne(to(1))); // AE prev=5/3 fails: node 1 has term 2 there, from index 3
    AppendEntriesReply hint = (AppendEntriesReply) net.takeOne(to(0)).m();
    assertEquals(2, hint.conflictTerm());
    assertEquals(3, hint.conflictIndex());
    net.node(0).step(1, hint, net.hosts[0]);
    assertEquals(5, net.node(0).nextIndex(1), "leader's last index of term 2, plus one");
    net.deliverAll(2);
    assertSameLog(net.node(0), net.node(1));
    assertEquals(1, failures(net, 1));
  }

  @Test
  void matchIndexIsMonotoneUnderReorderedReplies() {
    TestNet net = new TestNet(cfgNoOp(3));
    net.elect(0);
    net.propose(0, put("a", "1"));
    net.propose(0, put("b", "2"));
    net.deliver(net.takeOne(e -> e.to() == 1 && ((AppendEntries) e.m()).entryCount() == 1));
    TestNet.Envelope oldReply = net.takeOne(to(0));
    net.deliver(net.takeOne(e -> e.to() == 1));
    net.deliver(net.takeOne(to(0)));
    assertEquals(2, net.node(0).matchIndex(1));
    net.deliver(oldReply);
    assertEquals(2, net.node(0).matchIndex(1));
    assertEquals(3, net.node(0).nextIndex(1));
  }

  @Test
  void staleRejectionDoesNotMoveNextIndexBelowMatch() {
    TestNet net = new TestNet(cfgNoOp(3));
    net.elect(0);
    net.propose(0, put("a", "1"));
    net.deliverAll();
    assertEquals(1, net.node(0).matchIndex(1));
    net.node(0).step(1, AppendEntriesReply.reject(1, 1, 1, 0), net.hosts[0]);
    assertEquals(2, net.node(0).nextIndex(1));
    assertTrue(net.inFlight.isEmpty(), "no retry for a hint that changes nothing");
  }

  @Test
  void oldTermEntryIsNotCommittedByCountingReplicas() {
    // Paper Figure 8 (c): the leader of term 4 copies its term-2 entry to a majority.
    TestNet net = TestNet.restored(cfgNoOp(3), new long[] {3, 3, 3}, List.of(log(1, 2), log(1), log(1)));
    net.elect(0);
    assertEquals(2, net.node(0).matchIndex(1));
    assertEquals(2, net.node(0).matchIndex(2));
    assertEquals(0, net.node(0).commitIndex(), "index 2 is on all nodes but is from term 2, not term 4");
    assertEquals(0, net.node(1).commitIndex());
  }

  @Test
  void oldTermEntryCommitsOnceACurrentTermEntryCommits() {
    TestNet net = TestNet.restored(cfgNoOp(3), new long[] {3, 3, 3}, List.of(log(1, 2), log(1), log(1)));
    net.elect(0);
    net.propose(0, put("x", "1"));
    net.deliverAll();
    assertEquals(3, net.node(0).commitIndex());
    assertEquals(List.of(1, 2, 3), net.hosts[0].appliedIndexes);
    net.heartbeat(0);
    net.deliverAll();
    assertEquals(3, net.node(1).commitIndex());
    assertEquals(3, net.node(2).lastApplied());
  }

  @Test
  void appendEntriesCarryAtMostMaxEntriesAndStreamUntilCaughtUp() {
    RaftConfig c = cfgNoOp(3).withMaxEntriesPerAppend(3);
    TestNet net = TestNet.restored(c, new long[] {1, 1, 1}, List.of(repeat(1, 10), log(), log()));
    net.timeout(0);
    net.deliver(net.takeOne(to(1)));
    net.deliver(net.takeOne(to(0)));
    net.take(to(2));
    assertEquals(Role.LEADER, net.node(0).role());
    int maxSeen = 0;
    while (!net.inFlight.isEmpty()) {
      TestNet.Envelope e = net.inFlight.get(0);
      if (e.m() instanceof AppendEntries ae) {
        maxSeen = Math.max(maxSeen, ae.entryCount());
      }
      net.deliver(e);
    }
    assertEquals(3, maxSeen);
    assertEquals(10, net.node(1).lastIndex(), "replies pull the next batch without waiting for heartbeats");
  }

  @Test
  void heartbeatCarriesPendingEntriesFromNextIndex() {
    TestNet net = new TestNet(cfgNoOp(3));
    net.elect(0);
    net.propose(0, put("a", "1"));
    net.dropAll(); // the immediate AppendEntries is lost
    net.heartbeat(0);
    AppendEntries ae = (AppendEntries) net.takeOne(to(1)).m();
    assertEquals(1, ae.entryCount());
    assertEquals(0, ae.prevLogIndex());
    assertEquals(2, net.hosts[0].heartbeatResets, "armed on election, re-armed by the heartbeat");
  }

  @Test
  void leaderIgnoresElectionTimeoutAndFollowerIgnoresHeartbeatTimeout() {
    TestNet net = new TestNet(cfg(3));
    net.elect(0);
    RaftNode before = net.node(0).copy();
    net.timeout(0);
    assertTrue(net.node(0).sameState(before));
    assertTrue(net.inFlight.isEmpty());
    RaftNode f = net.node(1).copy();
    net.heartbeat(1);
    assertTrue(net.node(1).sameState(f));
    assertTrue(net.inFlight.isEmpty());
  }

  @Test
  void proposeOnNonLeaderReturnsMinusOneAndChangesNothing() {
    TestNet net = new TestNet(cfg(3));
    RaftNode before = net.node(1).copy();
    assertEquals(-1, net.propose(1, put("a", "1")));
    assertTrue(net.node(1).sameState(before));
    assertEquals(List.of("timer election"), net.hosts[1].trace, "only the start's timer reset");
  }

  @Test
  void proposePersistsThenSendsToAllFollowers() {
    TestNet net = new TestNet(cfg(3));
    net.elect(0);
    net.hosts[0].trace.clear();
    int idx = net.propose(0, put("a", "1"));
    assertEquals(2, idx, "after the no-op");
    assertEquals(List.of("append 2 t1", "sync", "send 1 AE t1 prev=1/1 n=1 commit=1", "send 2 AE t1 prev=1/1 n=1 commit=1"),
        net.hosts[0].trace);
  }

  @Test
  void newLeaderAppendsNoOpOnlyWhenConfigured() {
    TestNet with = new TestNet(cfg(3));
    with.elect(0);
    assertEquals(1, with.node(0).lastIndex());
    assertNull(with.node(0).entryAt(1).command());
    assertEquals(1, with.node(0).commitIndex(), "the no-op commits once replicated");
    TestNet without = new TestNet(cfgNoOp(3));
    without.elect(0);
    assertEquals(0, without.node(0).lastIndex());
  }

  @Test
  void singleNodeClusterElectsItselfAndCommitsAlone() {
    TestNet net = new TestNet(cfg(1));
    net.timeout(0);
    assertEquals(Role.LEADER, net.node(0).role());
    assertEquals(1, net.node(0).commitIndex());
    assertEquals(2, net.propose(0, put("a", "1")));
    assertEquals(2, net.node(0).commitIndex());
    assertEquals(List.of(1, 2), net.hosts[0].appliedIndexes);
    assertTrue(net.inFlight.isEmpty());
  }

  @Test
  void leaderStepsDownOnHigherTermReply() {
    TestNet net = new TestNet(cfg(3));
    net.elect(0);
    net.node(0).step(1, AppendEntriesReply.reject(5, 1, 0, 0), net.hosts[0]);
    assertEquals(Role.FOLLOWER, net.node(0).role());
    assertEquals(5, net.node(0).currentTerm());
    net.assertDurableMatches(0);
    assertEquals(Collections.emptyList(), net.inFlight);
  }
}
