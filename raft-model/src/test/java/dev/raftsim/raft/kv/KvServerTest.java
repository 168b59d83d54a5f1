package dev.raftsim.raft.kv;

import static dev.raftsim.raft.Fixtures.cfg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.ClientReply;
import dev.raftsim.raft.ClientRequest;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.Role;
import dev.raftsim.raft.TestNet;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvServerTest {

  private static final int CLIENT = 3;

  private static ClientReply onlyReply(TestNet net) {
    assertEquals(1, net.toClients.size(), () -> "replies: " + net.toClients);
    return (ClientReply) net.toClients.remove(0).m();
  }

  private static TestNet clusterWithLeader0() {
    TestNet net = TestNet.kv(cfg(3));
    net.elect(0);
    return net;
  }

  @Test
  void followerRepliesNotLeaderWithHint() {
    TestNet net = clusterWithLeader0();
    net.clientSend(CLIENT, 1, new ClientRequest(CLIENT, 1, Op.PUT, "x", "1"));
    net.deliverAll();
    ClientReply r = onlyReply(net);
    assertFalse(r.ok());
    assertEquals(0, r.leaderHint());
    assertEquals(1, net.server(1).node().lastIndex(), "nothing proposed");
  }

  @Test
  void leaderRepliesOnceCommittedWithTheResult() {
    TestNet net = clusterWithLeader0();
    net.clientSend(CLIENT, 0, new ClientRequest(CLIENT, 1, Op.PUT, "x", "1"));
    net.deliver(net.inFlight.get(0));
    assertTrue(net.toClients.isEmpty(), "not before commit");
    assertEquals(1, net.server(0).pendingCount());
    net.deliverAll();
    ClientReply put = onlyReply(net);
    assertTrue(put.ok());
    assertNull(put.value());
    net.clientSend(CLIENT, 0, new ClientRequest(CLIENT, 2, Op.GET, "x", null));
    net.deliverAll();
    ClientReply get = onlyReply(net);
    assertTrue(get.ok());
    assertEquals("1", get.value());
    assertEquals(2, get.seq());
    assertEquals(0, net.server(0).pendingCount());
    assertEquals(List.of(1, 2, 3), net.hosts[0].appliedIndexes, "applies reach the host too");
  }

  @Test
  void identicalPendingRequestIsProposedOnce() {
    TestNet net = clusterWithLeader0();
    ClientRequest req = new ClientRequest(CLIENT, 1, Op.APPEND, "x", "a");
    net.clientSend(CLIENT, 0, req);
    net.clientSend(CLIENT, 0, req);
    net.deliver(net.inFlight.get(0));
    net.deliver(net.inFlight.get(net.inFlight.size() - 1));
    assertEquals(2, net.server(0).node().lastIndex(), "no-op + one append");
    net.deliverAll();
    assertTrue(onlyReply(net).ok());
    assertEquals("a", net.server(0).stateMachine().read("x"));
  }

  @Test
  void retryOfAnAppliedCommandIsAnsweredWithoutReapplying() {
    TestNet net = clusterWithLeader0();
    ClientRequest req = new ClientRequest(CLIENT, 1, Op.APPEND, "x", "a");
    net.clientSend(CLIENT, 0, req);
    net.deliverAll();
    net.toClients.clear(); // the reply was lost
    net.clientSend(CLIENT, 0, req);
    net.deliverAll();
    assertTrue(onlyReply(net).ok());
    assertEquals(3, net.server(0).node().lastIndex(), "the retry went through the log again");
    net.heartbeat(0);
    net.deliverAll();
    for (int i = 0; i < 3; i++) {
      assertEquals("a", net.server(i).stateMachine().read("x"), "server " + i);
    }
  }

  @Test
  void pendingRequestsAreFailedWhenTheLeaderStepsDown() {
    TestNet net = clusterWithLeader0();
    net.clientSend(CLIENT, 0, new ClientRequest(CLIENT, 1, Op.PUT, "x", "1"));
    net.deliver(net.inFlight.get(0));
    net.dropAll(); // its AppendEntries are lost
    net.elect(1, 0);
    net.heartbeat(1);
    net.deliverAll(); // node 0 learns about term 2 from node 1's heartbeat
    assertEquals(Role.FOLLOWER, net.server(0).node().role());
    ClientReply r = onlyReply(net);
    assertFalse(r.ok());
    assertEquals(1, r.leaderHint());
    assertEquals(0, net.server(0).pendingCount());
  }

  @Test
  void restoredServerRebuildsItsStateMachine() {
    TestNet net = clusterWithLeader0();
    net.clientSend(CLIENT, 0, new ClientRequest(CLIENT, 1, Op.PUT, "x", "1"));
    net.deliverAll();
    net.crash(2);
    net.restart(2);
    assertEquals("", net.server(2).stateMachine().read("x"));
    net.heartbeat(0);
    net.deliverAll();
    assertEquals("1", net.server(2).stateMachine().read("x"));
    assertEquals(net.server(0).stateMachine().digest(), net.server(2).stateMachine().digest());
  }

  @Test
  void singleServerAnswersWithinTheRequest() {
    TestNet net = TestNet.kv(cfg(1));
    net.timeout(0);
    net.clientSend(1, 0, new ClientRequest(1, 1, Op.PUT, "x", "1"));
    net.deliverAll();
    assertTrue(onlyReply(net).ok());
  }

  @Test
  void clientRequestsMustComeFromTheClientsOwnProcess() {
    TestNet net = clusterWithLeader0();
    KvServer s = net.server(0);
    assertThrows(IllegalArgumentException.class,
        () -> s.onMessage(4, new ClientRequest(CLIENT, 1, Op.GET, "x", null), net.hosts[0]));
    assertThrows(IllegalArgumentException.class,
        () -> s.onMessage(2, new ClientRequest(2, 1, Op.GET, "x", null), net.hosts[0]), "2 is a server id");
    assertThrows(IllegalArgumentException.class,
        () -> s.onMessage(CLIENT, new ClientReply(CLIENT, 1, true, null, 0), net.hosts[0]));
  }

  @Test
  void copyAndFingerprintCoverPendingRequests() {
    TestNet net = clusterWithLeader0();
    KvServer before = net.server(0).copy();
    net.clientSend(CLIENT, 0, new ClientRequest(CLIENT, 1, Op.PUT, "x", "1"));
    net.deliver(net.inFlight.get(0));
    assertEquals(0, before.pendingCount());
    assertEquals(1, net.server(0).pendingCount());
    assertFalse(before.fingerprint() == net.server(0).fingerprint());
    assertEquals(net.server(0).fingerprint(), net.server(0).copy().fingerprint());
  }
}
