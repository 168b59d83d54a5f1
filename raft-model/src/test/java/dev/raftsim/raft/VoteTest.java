package dev.raftsim.raft;

import static dev.raftsim.raft.Fixtures.cfg;
import static dev.raftsim.raft.Fixtures.log;
import static dev.raftsim.raft.TestNet.kind;
import static dev.raftsim.raft.TestNet.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VoteTest {

  /** Delivers a hand-made RequestVote to node {@code voter} and returns the reply it sends. */
  private static RequestVoteReply ask(RaftNode voter, TestNet.Host host, TestNet net, RequestVote rv) {
    int before = net.inFlight.size();
    voter.step(rv.candidateId(), rv, host);
    assertEquals(before + 1, net.inFlight.size(), "one reply expected");
    return (RequestVoteReply) net.inFlight.remove(net.inFlight.size() - 1).m();
  }

  @Test
  void grantsVoteToUpToDateCandidateAndResetsElectionTimer() {
    TestNet net = new TestNet(cfg(3));
    int resets = net.hosts[1].electionResets;
    RequestVoteReply r = ask(net.node(1), net.hosts[1], net, new RequestVote(1, 0, 0, 0));
    assertTrue(r.granted());
    assertEquals(1, r.term());
    assertEquals(0, net.node(1).votedFor());
    assertEquals(resets + 1, net.hosts[1].electionResets);
  }

  @Test
  void rejectsVoteRequestFromOlderTerm() {
    TestNet net = TestNet.restored(cfg(3), new long[] {1, 5, 1}, List.of(log(), log(), log()));
    int resets = net.hosts[1].electionResets;
    RequestVoteReply r = ask(net.node(1), net.hosts[1], net, new RequestVote(4, 0, 0, 0));
    assertFalse(r.granted());
    assertEquals(5, r.term(), "the reply carries the voter's newer term");
    assertEquals(-1, net.node(1).votedFor());
    assertEquals(resets, net.hosts[1].electionResets, "a denied vote does not reset the timer");
  }

  @Test
  void votesForAtMostOneCandidatePerTerm() {
    TestNet net = new TestNet(cfg(3));
    assertTrue(ask(net.node(1), net.hosts[1], net, new RequestVote(1, 0, 0, 0)).granted());
    assertFalse(ask(net.node(1), net.hosts[1], net, new RequestVote(1, 2, 0, 0)).granted(),
        "second candidate in the same term");
    assertTrue(ask(net.node(1), net.hosts[1], net, new RequestVote(1, 0, 0, 0)).granted(),
        "a repeated request from the same candidate is granted again");
    assertTrue(ask(net.node(1), net.hosts[1], net, new RequestVote(2, 2, 0, 0)).granted(),
        "a new term frees the vote");
    assertEquals(2, net.node(1).votedFor());
  }

  @Test
  void rejectsCandidateWhoseLastTermIsOlder() {
    TestNet net = TestNet.restored(cfg(3), new long[] {3, 3, 3}, List.of(log(1, 1, 1), log(1, 2), log()));
    assertFalse(ask(net.node(1), net.hosts[1], net, new RequestVote(4, 0, 3, 1)).granted(),
        "longer log but older last term loses");
    assertEquals(4, net.node(1).currentTerm(), "the term is adopted even when the vote is denied");
    assertEquals(-1, net.node(1).votedFor());
  }

  @Test
  void rejectsCandidateWithSameLastTermButShorterLog() {
    TestNet net = TestNet.restored(cfg(3), new long[] {2, 2, 2}, List.of(log(1, 2), log(1, 2, 2), log()));
    assertFalse(ask(net.node(1), net.hosts[1], net, new RequestVote(3, 0, 2, 2)).granted());
    assertTrue(ask(net.node(1), net.hosts[1], net, new RequestVote(3, 2, 3, 2)).granted(),
        "same last term and same length is up to date");
  }

  @Test
  void grantsCandidateWithNewerLastTermEvenIfShorter() {
    TestNet net = TestNet.restored(cfg(3), new long[] {3, 3, 3}, List.of(log(1, 3), log(1, 1, 1, 2), log()));
    assertTrue(ask(net.node(1), net.hosts[1], net, new RequestVote(4, 0, 2, 3)).granted());
  }

  @Test
  void votePersistedAndSyncedBeforeReply() {
    TestNet net = new TestNet(cfg(3));
    net.hosts[1].trace.clear();
    net.node(1).step(0, new RequestVote(1, 0, 0, 0), net.hosts[1]);
    List<String> t = net.hosts[1].trace;
    int write = t.indexOf("vote t1 0");
    int sync = t.indexOf("sync");
    int send = t.indexOf("send 0 RVR t1 granted");
    assertTrue(write >= 0 && sync > write && send > sync, "expected write, sync, send in order: " + t);
    assertEquals(0, net.hosts[1].sendsBeforeSync);
    net.assertDurableMatches(1);
  }

  @Test
  void higherTermStepsLeaderDownAndRearmsItsElectionTimer() {
    TestNet net = new TestNet(cfg(3));
    net.elect(0);
    int resets = net.hosts[0].electionResets;
    net.node(0).step(2, new RequestVoteReply(7, 2, false), net.hosts[0]);
    assertEquals(Role.FOLLOWER, net.node(0).role());
    assertEquals(7, net.node(0).currentTerm());
    assertEquals(-1, net.node(0).votedFor());
    assertEquals(-1, net.node(0).leaderHint());
    assertEquals(resets + 1, net.hosts[0].electionResets);
    net.assertDurableMatches(0);
  }

  @Test
  void candidateCountsDistinctVotersOnly() {
    TestNet net = new TestNet(cfg(5));
    net.timeout(0);
    TestNet.Envelope rv = net.takeOne(to(1));
    net.deliver(rv);
    TestNet.Envelope reply = net.takeOne(to(0));
    net.deliver(reply);
    net.deliver(reply); // the network duplicated it
    net.deliver(reply);
    assertEquals(Role.CANDIDATE, net.node(0).role());
    assertEquals(2, net.node(0).votesCounted());
    assertTrue(net.node(0).hasVoteFrom(1));
    net.deliver(net.takeOne(to(2)));
    net.deliver(net.takeOne(to(0)));
    assertEquals(Role.LEADER, net.node(0).role(), "self + n2 + n3 is a majority of 5");
  }

  @Test
  void staleVoteReplyFromEarlierElectionIsIgnored() {
    TestNet net = new TestNet(cfg(3));
    net.timeout(0);
    net.deliver(net.takeOne(to(1)));
    TestNet.Envelope oldGrant = net.takeOne(to(0));
    net.dropAll();
    net.timeout(0); // second election, term 2
    net.deliver(oldGrant);
    assertEquals(Role.CANDIDATE, net.node(0).role());
    assertEquals(1, net.node(0).votesCounted());
  }

  @Test
  void candidateRevertsToFollowerOnAppendEntriesOfItsTerm() {
    TestNet net = new TestNet(cfg(3));
    net.timeout(0);
    net.timeout(1);
    net.dropAll();
    assertEquals(Role.CANDIDATE, net.node(1).role());
    net.node(1).step(0, new AppendEntries(1, 0, 0, 0, AppendEntries.NO_ENTRIES, 0), net.hosts[1]);
    assertEquals(Role.FOLLOWER, net.node(1).role());
    assertEquals(1, net.node(1).currentTerm());
    assertEquals(0, net.node(1).leaderHint());
    assertEquals(0, net.node(1).votesCounted());
    AppendEntriesReply r = (AppendEntriesReply) net.takeOne(kind(AppendEntriesReply.class)).m();
    assertTrue(r.success());
  }

  @Test
  void electionPersistsTermAndSelfVoteBeforeRequestingVotes() {
    TestNet net = new TestNet(cfg(3));
    net.hosts[2].trace.clear();
    net.timeout(2);
    List<String> t = net.hosts[2].trace;
    assertEquals(List.of("vote t1 2", "sync", "timer election", "send 0 RV t1 last=0/0", "send 1 RV t1 last=0/0"), t);
  }
}
