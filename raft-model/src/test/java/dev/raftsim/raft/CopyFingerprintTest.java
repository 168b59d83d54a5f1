package dev.raftsim.raft;

import static dev.raftsim.raft.Fixtures.cfg;
import static dev.raftsim.raft.Fixtures.cfgNoOp;
import static dev.raftsim.raft.Fixtures.log;
import static dev.raftsim.raft.Fixtures.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CopyFingerprintTest {

  /** An output that swallows everything, for driving copies. */
  static final RaftOutput SINK = new RaftOutput() {
    @Override public void send(int to, Message m) {}
    @Override public void persistTermVote(long term, int votedFor) {}
    @Override public void persistTruncate(int fromIndex) {}
    @Override public void persistAppend(int index, Entry e) {}
    @Override public void sync() {}
    @Override public void resetElectionTimer() {}
    @Override public void resetHeartbeatTimer() {}
    @Override public void apply(int index, Entry e) {}
  };

  @Test
  void copyIsIndependentOfTheOriginal() {
    TestNet net = new TestNet(cfg(3));
    net.elect(0);
    RaftNode leader = net.node(0);
    RaftNode copy = leader.copy();
    assertTrue(copy.sameState(leader));
    assertEquals(leader.fingerprint(), copy.fingerprint());
    copy.propose(put("a", "1"), SINK);
    copy.step(1, AppendEntriesReply.ok(1, 1, 2), SINK);
    assertEquals(1, leader.lastIndex());
    assertEquals(2, leader.nextIndex(1));
    assertEquals(3, copy.nextIndex(1));
    assertNotEquals(leader.fingerprint(), copy.fingerprint());
    leader.propose(put("b", "2"), SINK);
    assertEquals("a", copy.entryAt(2).command().key(), "the original's append did not leak into the copy");
  }

  @Test
  void equalStatesReachedDifferentlyHaveEqualFingerprints() {
    // Same entries delivered as one batch or as two.
    List<Entry> es = log(1, 1, 1);
    RaftNode a = RaftNode.restore(1, cfg(3), 1, -1, List.of());
    RaftNode b = RaftNode.restore(1, cfg(3), 1, -1, List.of());
    a.step(0, new AppendEntries(1, 0, 0, 0, es.toArray(new Entry[0]), 2), SINK);
    b.step(0, new AppendEntries(1, 0, 0, 0, new Entry[] {es.get(0)}, 0), SINK);
    b.step(0, new AppendEntries(1, 0, 1, 1, new Entry[] {es.get(1), es.get(2)}, 2), SINK);
    assertTrue(a.sameState(b));
    assertEquals(a.fingerprint(), b.fingerprint());
    RaftNode c = RaftNode.restore(1, cfg(3), 1, -1, List.of());
    c.step(0, new AppendEntries(1, 0, 0, 0, new Entry[] {es.get(0), es.get(1), new Entry(1, put("x", "y"))}, 2),
        SINK);
    assertFalse(a.sameState(c));
    assertNotEquals(a.fingerprint(), c.fingerprint(), "same terms, different command at index 3");
  }

  @Test
  void fingerprintChangesWithEveryField() {
    TestNet net = new TestNet(cfgNoOp(3));
    List<Long> prints = new ArrayList<>();
    RaftNode n1 = net.node(1);
    prints.add(n1.fingerprint());
    n1.step(0, new RequestVote(1, 0, 0, 0), SINK); // term + vote
    prints.add(n1.fingerprint());
    n1.step(0, new AppendEntries(1, 0, 0, 0, AppendEntries.NO_ENTRIES, 0), SINK); // leaderHint
    prints.add(n1.fingerprint());
    n1.step(0, new AppendEntries(1, 0, 0, 0, log(1, 1).toArray(new Entry[0]), 0), SINK); // log
    prints.add(n1.fingerprint());
    n1.step(0, new AppendEntries(1, 0, 2, 1, AppendEntries.NO_ENTRIES, 1), SINK); // commit + applied
    prints.add(n1.fingerprint());

    RaftNode n2 = net.node(2);
    n2.electionTimeout(SINK); // role, term, vote, voters
    prints.add(n2.fingerprint());
    n2.step(0, new RequestVoteReply(1, 0, true), SINK); // leader, next/match
    prints.add(n2.fingerprint());
    long unchanged = n2.fingerprint();
    n2.step(0, AppendEntriesReply.ok(1, 0, 0), SINK); // matchIndex stays 0, nextIndex stays 1
    assertEquals(unchanged, n2.fingerprint(), "a no-op input keeps the fingerprint");
    n2.propose(put("a", "1"), SINK); // log and own match/next
    prints.add(n2.fingerprint());
    n2.step(0, AppendEntriesReply.ok(1, 0, 1), SINK); // peer match, next and commit
    prints.add(n2.fingerprint());
    Set<Long> distinct = new HashSet<>(prints);
    assertEquals(prints.size(), distinct.size(), "each change yields a new fingerprint: " + prints);
  }

  @Test
  void fingerprintSeesLeaderHintAndVoterSetAlone() {
    RaftNode a = RaftNode.restore(1, cfg(3), 2, -1, List.of());
    RaftNode b = a.copy();
    b.step(0, new AppendEntries(2, 0, 0, 0, AppendEntries.NO_ENTRIES, 0), SINK);
    RaftNode c = a.copy();
    c.step(2, new AppendEntries(2, 2, 0, 0, AppendEntries.NO_ENTRIES, 0), SINK);
    assertNotEquals(b.fingerprint(), c.fingerprint(), "differ only in leaderHint");
    assertFalse(b.sameState(c));

    RaftNode cand = RaftNode.restore(0, cfg(5), 0, -1, List.of());
    cand.electionTimeout(SINK);
    RaftNode v1 = cand.copy();
    v1.step(1, new RequestVoteReply(1, 1, true), SINK);
    RaftNode v2 = cand.copy();
    v2.step(2, new RequestVoteReply(1, 2, true), SINK);
    assertEquals(v1.votesCounted(), v2.votesCounted());
    assertNotEquals(v1.fingerprint(), v2.fingerprint(), "same count, different voters");
  }

  @Test
  void logChangedFromTracksLowestRewrittenIndex() {
    RaftNode f = RaftNode.restore(1, cfg(3), 2, -1, log(1, 1, 1, 1));
    assertEquals(1, f.logChangedFrom(), "everything is new after restore");
    f.clearLogChanged();
    assertEquals(5, f.logChangedFrom());
    f.step(0, new AppendEntries(2, 0, 4, 1, log(2).toArray(new Entry[0]), 0), SINK);
    assertEquals(5, f.logChangedFrom());
    f.step(0, new AppendEntries(2, 0, 2, 1, log(2).toArray(new Entry[0]), 0), SINK);
    assertEquals(3, f.logChangedFrom(), "index 3 rewritten");
    assertEquals(3, f.lastIndex());
    f.clearLogChanged();
    assertEquals(4, f.logChangedFrom());
    RaftNode fresh = new RaftNode(0, cfg(3));
    assertEquals(1, fresh.logChangedFrom());
    RaftNode copy = f.copy();
    assertEquals(4, copy.logChangedFrom());
  }

  @Test
  void copyOfLargeLogKeepsGrowing() {
    TestNet net = new TestNet(cfg(1));
    net.timeout(0);
    for (int k = 0; k < 100; k++) {
      net.propose(0, put("k", "v"));
    }
    RaftNode c = net.node(0).copy();
    for (int k = 0; k < 50; k++) {
      c.propose(put("k", "v"), SINK);
    }
    assertEquals(151, c.lastIndex());
    assertEquals(151, c.commitIndex());
    assertEquals(101, net.node(0).lastIndex());
  }

  @Test
  void nodeIsNotReenterableFromCallbacks() {
    RaftNode node = new RaftNode(0, cfg(3));
    RaftOutput reentering = new RaftOutput() {
      @Override public void send(int to, Message m) {}
      @Override public void persistTermVote(long term, int votedFor) {}
      @Override public void persistTruncate(int fromIndex) {}
      @Override public void persistAppend(int index, Entry e) {}
      @Override public void sync() {}
      @Override public void resetElectionTimer() {
        node.electionTimeout(SINK);
      }
      @Override public void resetHeartbeatTimer() {}
      @Override public void apply(int index, Entry e) {}
    };
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> node.start(reentering));
    node.start(SINK); // usable again afterwards
    assertEquals(Role.FOLLOWER, node.role());
  }
}
