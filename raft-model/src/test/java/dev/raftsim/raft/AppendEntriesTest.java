package dev.raftsim.raft;

import static dev.raftsim.raft.Fixtures.cfg;
import static dev.raftsim.raft.Fixtures.log;
import static dev.raftsim.raft.Fixtures.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Follower-side AppendEntries handling, driven with hand-made requests from "leader" node 0. */
class AppendEntriesTest {

  private TestNet net;

  /** Node 1 restored in {@code term} with {@code followerLog}; node 0 plays the leader. */
  private RaftNode follower(long term, List<Entry> followerLog) {
    net = TestNet.restored(cfg(3), new long[] {term, term, term}, List.of(log(), followerLog, log()));
    return net.node(1);
  }

  private AppendEntriesReply send(RaftNode f, long term, int prev, long prevTerm, List<Entry> entries, int commit) {
    f.step(0, new AppendEntries(term, 0, prev, prevTerm, entries.toArray(new Entry[0]), commit), net.hosts[1]);
    return (AppendEntriesReply) net.takeOne(TestNet.to(0)).m();
  }

  private static List<Entry> logOf(RaftNode node) {
    List<Entry> l = new ArrayList<>();
    for (int i = 1; i <= node.lastIndex(); i++) {
      l.add(node.entryAt(i));
    }
    return l;
  }

  @Test
  void rejectsOlderTermWithoutTouchingState() {
    RaftNode f = follower(3, log(1, 2));
    int resets = net.hosts[1].electionResets;
    AppendEntriesReply r = send(f, 2, 0, 0, log(2), 2);
    assertFalse(r.success());
    assertEquals(3, r.term());
    assertEquals(2, f.lastIndex());
    assertEquals(-1, f.leaderHint());
    assertEquals(resets, net.hosts[1].electionResets, "an old leader does not reset the timer");
  }

  @Test
  void rejectsWhenLogTooShortWithLengthHint() {
    RaftNode f = follower(2, log(1, 1));
    int resets = net.hosts[1].electionResets;
    AppendEntriesReply r = send(f, 2, 5, 2, List.of(), 0);
    assertFalse(r.success());
    assertEquals(3, r.conflictIndex(), "lastIndex + 1");
    assertEquals(0, r.conflictTerm());
    assertEquals(0, f.leaderHint(), "the leader is still recognised");
    assertEquals(resets + 1, net.hosts[1].electionResets, "the current leader resets the timer");
  }

  @Test
  void rejectsTermMismatchWithFirstIndexOfConflictingTerm() {
    RaftNode f = follower(4, log(1, 2, 2, 2, 3));
    AppendEntriesReply r = send(f, 4, 4, 3, List.of(), 0);
    assertFalse(r.success());
    assertEquals(2, r.conflictTerm());
    assertEquals(2, r.conflictIndex(), "first index of term 2");
    assertEquals(5, f.lastIndex(), "a failed check deletes nothing");
  }

  @Test
  void truncatesAtFirstRealConflictAndAppends() {
    List<Entry> mine = log(1, 1, 2, 2);
    RaftNode f = follower(3, mine);
    f.clearLogChanged();
    List<Entry> theirs = log(3, 3);
    List<Entry> batch = new ArrayList<>(List.of(mine.get(1)));
    batch.addAll(theirs); // index 2 matches, index 3 conflicts
    AppendEntriesReply r = send(f, 3, 1, 1, batch, 0);
    assertTrue(r.success());
    assertEquals(4, r.matchIndex());
    assertEquals(List.of(mine.get(0), mine.get(1), theirs.get(0), theirs.get(1)), logOf(f));
    assertTrue(net.hosts[1].trace.contains("truncate 3"), net.hosts[1].trace.toString());
    assertFalse(net.hosts[1].trace.contains("append 2 t1"), "the matching entry is not rewritten");
    assertEquals(3, f.logChangedFrom());
    net.assertDurableMatches(1);
  }

  @Test
  void staleShortAppendDoesNotTruncateMatchingEntries() {
    List<Entry> mine = log(1, 2, 2, 2);
    RaftNode f = follower(2, mine);
    f.clearLogChanged();
    AppendEntriesReply r = send(f, 2, 1, 1, List.of(mine.get(1)), 0);
    assertTrue(r.success());
    assertEquals(2, r.matchIndex(), "match covers only what the request proved");
    assertEquals(mine, logOf(f));
    assertEquals(5, f.logChangedFrom(), "nothing rewritten");
    assertFalse(net.hosts[1].trace.stream().anyMatch(s -> s.startsWith("truncate")));
  }

  @Test
  void reorderedAppendsConvergeToTheLongerLog() {
    TestNet cluster = new TestNet(Fixtures.cfgNoOp(3));
    cluster.elect(0);
    cluster.propose(0, put("a", "1"));
    TestNet.Envelope first = cluster.takeOne(TestNet.to(1));
    cluster.propose(0, put("b", "2"));
    TestNet.Envelope second = cluster.takeOne(TestNet.to(1));
    cluster.deliver(second);
    cluster.deliver(first);
    assertEquals(2, cluster.node(1).lastIndex());
    cluster.deliverAll();
    assertEquals(2, cluster.node(0).matchIndex(1), "the late reply with match=1 did not lower matchIndex");
    assertEquals(3, cluster.node(0).nextIndex(1));
  }

  @Test
  void commitIsBoundedByLastNewEntryNotByLogEnd() {
    RaftNode f = follower(2, log(1, 1, 1, 1));
    AppendEntriesReply r = send(f, 2, 2, 1, List.of(), 4);
    assertTrue(r.success());
    assertEquals(2, r.matchIndex());
    assertEquals(2, f.commitIndex(), "min(leaderCommit=4, last new entry=2)");
    assertEquals(List.of(1, 2), net.hosts[1].appliedIndexes);
    send(f, 2, 4, 1, List.of(), 3);
    assertEquals(3, f.commitIndex(), "min(leaderCommit=3, last new entry=4)");
  }

  @Test
  void commitIndexNeverDecreasesOnStaleRequest() {
    RaftNode f = follower(2, log(1, 1, 1));
    send(f, 2, 3, 1, List.of(), 3);
    assertEquals(3, f.commitIndex());
    send(f, 2, 1, 1, List.of(), 1);
    assertEquals(3, f.commitIndex());
    assertEquals(3, f.lastApplied());
  }

  @Test
  void appliesCommittedEntriesInOrderExactlyOnce() {
    RaftNode f = follower(2, log());
    List<Entry> es = log(1, 1, 2);
    send(f, 2, 0, 0, es.subList(0, 2), 1);
    send(f, 2, 2, 1, es.subList(2, 3), 3);
    send(f, 2, 3, 2, List.of(), 3); // heartbeat: nothing new to apply
    assertEquals(List.of(1, 2, 3), net.hosts[1].appliedIndexes);
    assertEquals(es, net.hosts[1].applied);
  }

  @Test
  void successfulReplyIsSentOnlyAfterEntriesAreDurable() {
    RaftNode f = follower(2, log());
    net.hosts[1].trace.clear();
    send(f, 2, 0, 0, log(1, 2), 0);
    List<String> t = net.hosts[1].trace;
    assertEquals(List.of("timer election", "append 1 t1", "append 2 t2", "sync", "send 0 AER t2 ok match=2"), t);
    net.assertDurableMatches(1);
  }

  @Test
  void heartbeatsShareOneEmptyArray() {
    TestNet cluster = new TestNet(cfg(3));
    cluster.elect(0);
    cluster.heartbeat(0);
    for (TestNet.Envelope e : cluster.inFlight) {
      assertSame(AppendEntries.NO_ENTRIES, ((AppendEntries) e.m()).entries());
    }
  }
}
