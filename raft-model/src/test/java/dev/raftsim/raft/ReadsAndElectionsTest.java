package dev.raftsim.raft;

import static dev.raftsim.raft.TestNet.kind;
import static dev.raftsim.raft.TestNet.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ReadIndex rounds, leases, PreVote and CheckQuorum on the bare node (the KV layer's use of them is tested apart). */
class ReadsAndElectionsTest {
  private static final long ELECTION = 150_000;

  private static RaftConfig cfg(int n, ReadMode mode, boolean preVote, boolean checkQuorum, PlantedBug... bugs) {
    return new RaftConfig(n, true, 8, Set.of(bugs), new ProtocolOptions(mode, preVote, checkQuorum, ELECTION, 2000));
  }

  @Test
  void preVoteElectsWithoutAnyTermMovingBeforeTheRealElection() {
    TestNet net = new TestNet(cfg(3, ReadMode.LOG, true, false));
    net.timeout(0);
    assertEquals(0, net.node(0).currentTerm(), "a pre-candidate keeps its term");
    assertTrue(net.inFlight.stream().allMatch(e -> ((RequestVote) e.m()).preVote()));
    net.deliver(net.takeOne(to(1)));
    assertEquals(0, net.node(1).currentTerm(), "answering a pre-vote changes nothing");
    net.deliverAll();
    assertEquals(Role.LEADER, net.node(0).role());
    assertEquals(1, net.node(0).currentTerm());
  }

  @Test
  void aPartitionedNodeWithPreVoteDoesNotInflateItsTerm() {
    TestNet net = new TestNet(cfg(3, ReadMode.LOG, true, false));
    net.elect(0);
    for (int k = 0; k < 5; k++) {
      net.timeout(2);
      net.deliverAll(2);
    }
    assertEquals(1, net.node(2).currentTerm());
    // Back in touch, its pre-votes are refused: the others heard from the leader since their timers last fired.
    net.timeout(2);
    net.deliverAll();
    assertEquals(Role.LEADER, net.node(0).role());
    assertEquals(1, net.node(0).currentTerm());
  }

  @Test
  void withoutPreVoteThePartitionedNodesTermClimbs() {
    TestNet net = new TestNet(cfg(3, ReadMode.LOG, false, false));
    net.elect(0);
    for (int k = 0; k < 3; k++) {
      net.timeout(2);
      net.deliverAll(2);
    }
    assertEquals(4, net.node(2).currentTerm(), "the control: plain Raft bumps the term on every timeout");
  }

  @Test
  void checkQuorumLeaderStepsDownAfterAnElectionTimeoutWithoutAQuorum() {
    TestNet net = new TestNet(cfg(3, ReadMode.LOG, false, true));
    net.elect(0);
    net.hosts[0].clock = ELECTION - 1;
    net.heartbeat(0);
    assertEquals(Role.LEADER, net.node(0).role(), "within the election timeout it still leads");
    net.dropAll();
    net.hosts[0].clock = ELECTION + 10;
    net.heartbeat(0);
    assertEquals(Role.FOLLOWER, net.node(0).role(), "cut off for an election timeout: it steps down");
    assertEquals(1, net.node(0).currentTerm());
  }

  @Test
  void checkQuorumLeaderStaysWhileAQuorumAnswers() {
    TestNet net = new TestNet(cfg(3, ReadMode.LOG, false, true));
    net.elect(0);
    for (long t = 50_000; t <= 5 * ELECTION; t += 50_000) {
      net.hosts[0].clock = t;
      net.heartbeat(0);
      net.deliverAll(2);
    }
    assertEquals(Role.LEADER, net.node(0).role());
  }

  @Test
  void aFollowerThatHeardTheLeaderIgnoresHigherTermVotesUntilItsTimerFires() {
    TestNet net = new TestNet(cfg(3, ReadMode.LOG, false, true));
    net.elect(0);
    net.node(1).step(2, new RequestVote(5, 2, 9, 1), net.hosts[1]);
    assertTrue(net.take(kind(RequestVoteReply.class)).isEmpty(), "ignored: no reply");
    assertEquals(1, net.node(1).currentTerm(), "not even the term is taken");
    net.timeout(1); // its own timer fired: the leader may be gone
    net.dropAll();
    net.node(1).step(2, new RequestVote(5, 2, 9, 1), net.hosts[1]);
    RequestVoteReply r = (RequestVoteReply) net.takeOne(kind(RequestVoteReply.class)).m();
    assertTrue(r.granted());
  }

  @Test
  void aReadRoundIsConfirmedOnlyByRepliesToIt() {
    TestNet net = new TestNet(cfg(3, ReadMode.READ_INDEX, false, false));
    net.elect(0);
    assertTrue(net.node(0).readIndexReady());
    net.heartbeat(0);
    List<TestNet.Envelope> oldReplies = net.take(e -> e.to() != 0); // heartbeats of the current round, held back
    long round = net.node(0).startReadRound(net.hosts[0]);
    assertTrue(round > net.node(0).confirmedReadRound());
    net.take(e -> ((AppendEntries) e.m()).readRound() == round); // the read's own round is lost
    for (TestNet.Envelope e : oldReplies) {
      net.deliver(e);
    }
    net.deliverAll();
    assertTrue(net.node(0).confirmedReadRound() < round, "replies to an earlier round confirm nothing");
    net.heartbeat(0); // heartbeats now carry the read's round
    net.deliverAll();
    assertTrue(net.node(0).confirmedReadRound() >= round);
  }

  @Test
  void plantedStaleAckConfirmsAReadWithTheRoundAlreadyAcknowledged() {
    TestNet net = new TestNet(cfg(3, ReadMode.READ_INDEX, false, false, PlantedBug.READINDEX_STALE_ACK));
    net.elect(0);
    long round = net.node(0).startReadRound(net.hosts[0]);
    net.dropAll(); // cut off: nobody answers the read's heartbeats
    assertTrue(net.node(0).confirmedReadRound() >= round, "the bug: confirmed without a fresh reply");
  }

  @Test
  void noReadIndexBeforeAnEntryOfTheLeadersTermCommits() {
    TestNet net = new TestNet(new RaftConfig(3, false, 8, Set.of(),
        new ProtocolOptions(ReadMode.READ_INDEX, false, false, ELECTION, 2000)));
    net.elect(0);
    assertFalse(net.node(0).readIndexReady(), "no entry of term 1 committed yet (no no-op)");
    net.propose(0, new Command(3, 1, Op.PUT, "x", "1"));
    net.deliverAll();
    assertTrue(net.node(0).readIndexReady());
    TestNet bugged = new TestNet(new RaftConfig(3, false, 8, Set.of(PlantedBug.READINDEX_BEFORE_TERM_COMMIT),
        new ProtocolOptions(ReadMode.READ_INDEX, false, false, ELECTION, 2000)));
    bugged.elect(0);
    assertTrue(bugged.node(0).readIndexReady(), "the planted bug (etcd #7331)");
  }

  @Test
  void theLeaseLastsTheElectionTimeoutDividedByTheDriftBound() {
    TestNet net = new TestNet(cfg(3, ReadMode.LEASE, false, false));
    net.hosts[0].clock = 1_000;
    net.elect(0);
    assertTrue(net.node(0).holdsLease(1_000), "a quorum acknowledged the round sent at 1 ms");
    long lease = ELECTION * 1000 / 2000;
    assertTrue(net.node(0).holdsLease(1_000 + lease - 1));
    assertFalse(net.node(0).holdsLease(1_000 + lease));
    TestNet bugged = new TestNet(cfg(3, ReadMode.LEASE, false, false, PlantedBug.LEASE_WITHOUT_CHECKQUORUM));
    bugged.elect(0);
    assertTrue(bugged.node(0).holdsLease(100 * ELECTION), "the planted bug: a lease as long as it believes it leads");
  }

  @Test
  void leaseModeGuardsVotesEvenWithoutCheckQuorum() {
    TestNet net = new TestNet(cfg(3, ReadMode.LEASE, false, false));
    net.elect(0);
    net.node(1).step(2, new RequestVote(5, 2, 9, 1), net.hosts[1]);
    assertTrue(net.take(kind(RequestVoteReply.class)).isEmpty());
    TestNet plain = new TestNet(cfg(3, ReadMode.READ_INDEX, false, false));
    plain.elect(0);
    plain.node(1).step(2, new RequestVote(5, 2, 9, 1), plain.hosts[1]);
    assertTrue(((RequestVoteReply) plain.takeOne(kind(RequestVoteReply.class)).m()).granted(),
        "the control: without a lease or CheckQuorum, Figure 2's vote");
  }

  @Test
  void plainOptionsLeaveMessagesAsFigure2Has() {
    TestNet net = new TestNet(new RaftConfig(3, true, 8, Set.of()));
    net.elect(0);
    net.heartbeat(0);
    assertTrue(net.inFlight.stream().allMatch(e -> ((AppendEntries) e.m()).readRound() == 0));
    AppendEntries ae = new AppendEntries(1, 0, 0, 0, AppendEntries.NO_ENTRIES, 0);
    assertEquals(ae.fingerprint(), new AppendEntries(1, 0, 0, 0, AppendEntries.NO_ENTRIES, 0, 0).fingerprint());
    assertFalse(ae.fingerprint() == new AppendEntries(1, 0, 0, 0, AppendEntries.NO_ENTRIES, 0, 7).fingerprint());
  }
}
