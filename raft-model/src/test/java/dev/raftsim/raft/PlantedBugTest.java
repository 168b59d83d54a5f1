package dev.raftsim.raft;

import static dev.raftsim.raft.Fixtures.cfg;
import static dev.raftsim.raft.Fixtures.cfgNoOp;
import static dev.raftsim.raft.Fixtures.log;
import static dev.raftsim.raft.Fixtures.put;
import static dev.raftsim.raft.TestNet.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.kv.KvServer;
import dev.raftsim.raft.kv.KvStateMachine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each planted bug, shown to change behaviour in a targeted situation, against the correct model. */
class PlantedBugTest {

  // ---- figure8-commit ----

  private static int figure8Commit(RaftConfig c) {
    TestNet net = TestNet.restored(c, new long[] {3, 3, 3}, List.of(log(1, 2), log(1), log(1)));
    net.elect(0);
    assertEquals(2, net.node(0).matchIndex(1), "the term-2 entry is on every node");
    return net.node(0).commitIndex();
  }

  @Test
  void figure8CommitCommitsAnOldTermEntryByCounting() {
    assertEquals(0, figure8Commit(cfgNoOp(3)));
    assertEquals(2, figure8Commit(cfgNoOp(3).withBug(PlantedBug.FIGURE8_COMMIT)));
  }

  // ---- forget-vote-on-restart ----

  private static boolean secondVoteAfterRestart(RaftConfig c) {
    TestNet net = new TestNet(c);
    net.timeout(0);
    net.deliver(net.takeOne(to(1))); // node 1 votes for node 0 in term 1
    net.dropAll();
    net.crash(1);
    net.restart(1);
    net.timeout(2); // another candidate in term 1
    net.deliver(net.takeOne(to(1)));
    return ((RequestVoteReply) net.takeOne(to(2)).m()).granted();
  }

  @Test
  void forgetVoteOnRestartLetsANodeVoteTwiceInOneTerm() {
    assertFalse(secondVoteAfterRestart(cfg(3)));
    assertTrue(secondVoteAfterRestart(cfg(3).withBug(PlantedBug.FORGET_VOTE_ON_RESTART)));
  }

  // ---- count-votes-not-voters ----

  private static Role afterDuplicatedVote(RaftConfig c) {
    TestNet net = new TestNet(c);
    net.timeout(0);
    net.deliver(net.takeOne(to(1)));
    TestNet.Envelope grant = net.takeOne(to(0));
    net.deliver(grant);
    net.deliver(grant); // duplicated by the network
    return net.node(0).role();
  }

  @Test
  void countVotesNotVotersLetsADuplicatedReplyElect() {
    assertEquals(Role.CANDIDATE, afterDuplicatedVote(cfg(5)));
    assertEquals(Role.LEADER, afterDuplicatedVote(cfg(5).withBug(PlantedBug.COUNT_VOTES_NOT_VOTERS)));
  }

  // ---- accept-stale-vote ----

  private static RaftNode afterStaleVotes(RaftConfig c) {
    TestNet net = new TestNet(c);
    net.timeout(0); // term 1
    net.deliver(net.takeOne(to(1)));
    net.deliver(net.takeOne(to(2)));
    List<TestNet.Envelope> oldGrants = net.take(to(0));
    net.dropAll();
    net.timeout(0); // term 2: nobody has voted in it yet
    net.dropAll();
    oldGrants.forEach(net::deliver);
    return net.node(0);
  }

  @Test
  void acceptStaleVoteCountsAGrantFromAnEarlierTerm() {
    RaftNode correct = afterStaleVotes(cfg(5));
    assertEquals(Role.CANDIDATE, correct.role());
    assertEquals(1, correct.votesCounted());
    RaftNode buggy = afterStaleVotes(cfg(5).withBug(PlantedBug.ACCEPT_STALE_VOTE));
    assertEquals(Role.LEADER, buggy.role());
    assertEquals(2, buggy.currentTerm());
  }

  // ---- truncate-on-stale-append ----

  private static int afterReorderedAppends(RaftConfig c) {
    TestNet net = new TestNet(c);
    net.elect(0);
    net.propose(0, put("a", "1"));
    TestNet.Envelope first = net.takeOne(to(1));
    net.propose(0, put("b", "2"));
    TestNet.Envelope second = net.takeOne(to(1));
    net.deliver(second);
    net.deliver(first); // stale: covers a prefix of what node 1 already has
    return net.node(1).lastIndex();
  }

  @Test
  void truncateOnStaleAppendLosesEntriesOnReorder() {
    assertEquals(2, afterReorderedAppends(cfgNoOp(3)));
    assertEquals(1, afterReorderedAppends(cfgNoOp(3).withBug(PlantedBug.TRUNCATE_ON_STALE_APPEND)));
  }

  // ---- skip-up-to-date-check ----

  private static boolean votesForEmptyLog(RaftConfig c) {
    RaftNode voter = RaftNode.restore(1, c, 1, -1, log(1, 1));
    boolean[] granted = new boolean[1];
    voter.step(0, new RequestVote(2, 0, 0, 0), new CollectingOutput() {
      @Override
      public void send(int to, Message m) {
        granted[0] = ((RequestVoteReply) m).granted();
      }
    });
    return granted[0];
  }

  @Test
  void skipUpToDateCheckVotesForACandidateMissingEntries() {
    assertFalse(votesForEmptyLog(cfg(3)));
    assertTrue(votesForEmptyLog(cfg(3).withBug(PlantedBug.SKIP_UP_TO_DATE_CHECK)));
  }

  // ---- commit-beyond-match ----

  private static RaftNode afterHeartbeatWithHighCommit(RaftConfig c) {
    // Entries 2 and 3 are leftovers of an old term that the new leader may not have.
    RaftNode f = RaftNode.restore(1, c, 1, -1, log(1, 1, 1));
    f.step(0, new AppendEntries(2, 0, 1, 1, AppendEntries.NO_ENTRIES, 3), CopyFingerprintTest.SINK);
    return f;
  }

  @Test
  void commitBeyondMatchCommitsEntriesTheLeaderNeverVouchedFor() {
    assertEquals(1, afterHeartbeatWithHighCommit(cfg(3)).commitIndex());
    RaftNode buggy = afterHeartbeatWithHighCommit(cfg(3).withBug(PlantedBug.COMMIT_BEYOND_MATCH));
    assertEquals(3, buggy.commitIndex());
    assertEquals(3, buggy.lastApplied());
  }

  // ---- ack-before-persist ----

  private static int durableAfterAckAndCrash(RaftConfig c, boolean[] acked) {
    TestNet net = TestNet.restored(c, new long[] {1, 1, 1}, List.of(log(), log(), log()));
    RaftNode f = net.node(1);
    f.step(0, new AppendEntries(1, 0, 0, 0, log(1, 1).toArray(new Entry[0]), 0), net.hosts[1]);
    AppendEntriesReply r = (AppendEntriesReply) net.takeOne(to(0)).m();
    acked[0] = r.success() && r.matchIndex() == 2;
    net.crash(1); // before the host's background writeback
    net.restart(1);
    return net.node(1).lastIndex();
  }

  @Test
  void ackBeforePersistAcknowledgesEntriesThatACrashLoses() {
    boolean[] acked = new boolean[1];
    assertEquals(2, durableAfterAckAndCrash(cfg(3), acked));
    assertTrue(acked[0]);
    assertEquals(0, durableAfterAckAndCrash(cfg(3).withBug(PlantedBug.ACK_BEFORE_PERSIST), acked));
    assertTrue(acked[0], "acknowledged all the same");
  }

  @Test
  void ackBeforePersistStillSyncsTermChanges() {
    TestNet net = TestNet.restored(cfg(3).withBug(PlantedBug.ACK_BEFORE_PERSIST), new long[] {1, 1, 1},
        List.of(log(), log(), log()));
    net.node(1).step(0, new AppendEntries(2, 0, 0, 0, log(1).toArray(new Entry[0]), 0), net.hosts[1]);
    assertEquals(2, net.hosts[1].durableTerm, "only the log writes are left unsynced by the bug");
    net.node(1).step(0, new AppendEntries(2, 0, 1, 1, log(2).toArray(new Entry[0]), 0), net.hosts[1]);
    assertTrue(net.hosts[1].hasUnsyncedWrites());
    assertEquals(1, net.hosts[1].durableLog.size());
  }

  // ---- stale-read (KV layer) ----

  private static List<TestNet.Envelope> getRepliesRightAway(RaftConfig c) {
    TestNet net = TestNet.kv(c);
    net.elect(0);
    net.clientSend(3, 0, new ClientRequest(3, 1, Op.GET, "x", null));
    net.deliver(net.inFlight.get(0));
    return List.copyOf(net.toClients);
  }

  @Test
  void staleReadAnswersGetWithoutTheLog() {
    assertTrue(getRepliesRightAway(cfg(3)).isEmpty(), "correct: the GET waits for its log entry to commit");
    List<TestNet.Envelope> buggy = getRepliesRightAway(cfg(3).withBug(PlantedBug.STALE_READ));
    assertEquals(1, buggy.size());
    assertTrue(((ClientReply) buggy.get(0).m()).ok());
  }

  @Test
  void staleReadReturnsAnOverwrittenValueFromADeposedLeader() {
    RaftConfig c = cfg(3).withBug(PlantedBug.STALE_READ);
    TestNet net = TestNet.kv(c);
    net.elect(0);
    net.clientSend(3, 0, new ClientRequest(3, 1, Op.PUT, "x", "old"));
    net.deliverAll();
    net.heartbeat(0);
    net.deliverAll();
    net.toClients.clear();
    net.elect(1, 0); // node 0 is cut off and does not know it lost leadership
    net.clientSend(4, 1, new ClientRequest(4, 1, Op.PUT, "x", "new"));
    net.deliverAll(0);
    assertTrue(((ClientReply) net.toClients.remove(0).m()).ok(), "x=new committed");
    KvServer old = net.server(0);
    assertEquals(Role.LEADER, old.node().role());
    net.clientSend(3, 0, new ClientRequest(3, 2, Op.GET, "x", null));
    net.deliver(net.inFlight.get(net.inFlight.size() - 1));
    ClientReply r = (ClientReply) net.toClients.remove(0).m();
    assertTrue(r.ok());
    assertEquals("old", r.value(), "a linearizability violation the history checker should catch");
  }

  // ---- duplicate-apply (KV layer) ----

  @Test
  void duplicateApplyAppliesARetriedAppendTwice() {
    Command append = new Command(9, 1, Op.APPEND, "x", "a");
    KvStateMachine correct = new KvStateMachine(cfg(3));
    correct.apply(append);
    correct.apply(append);
    assertEquals("a", correct.read("x"));
    KvStateMachine buggy = new KvStateMachine(cfg(3).withBug(PlantedBug.DUPLICATE_APPLY));
    buggy.apply(append);
    buggy.apply(append);
    assertEquals("aa", buggy.read("x"));
  }

  /** An output that ignores everything unless overridden. */
  static class CollectingOutput implements RaftOutput {
    @Override public void send(int to, Message m) {}
    @Override public void persistTermVote(long term, int votedFor) {}
    @Override public void persistTruncate(int fromIndex) {}
    @Override public void persistAppend(int index, Entry e) {}
    @Override public void sync() {}
    @Override public void resetElectionTimer() {}
    @Override public void resetHeartbeatTimer() {}
    @Override public void apply(int index, Entry e) {}
  }
}
