package dev.raftsim.raft.kv;

import static dev.raftsim.raft.Fixtures.cfg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.ClientReply;
import dev.raftsim.raft.ClientRequest;
import dev.raftsim.raft.Message;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.TestNet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvClientTest {

  static final class Recorder implements ClientOutput {
    final List<int[]> sendsTo = new ArrayList<>();
    final List<Message> sent = new ArrayList<>();
    final List<String> completions = new ArrayList<>();
    int timerResets;
    int timerCancels;

    @Override
    public void send(int to, Message m) {
      sendsTo.add(new int[] {to});
      sent.add(m);
    }

    @Override
    public void resetRetryTimer() {
      timerResets++;
    }

    @Override
    public void cancelRetryTimer() {
      timerCancels++;
    }

    @Override
    public void completed(int clientId, long seq, Op op, String key, String value, String result) {
      completions.add("c" + clientId + "#" + seq + " " + op + " " + key + " -> " + result);
    }

    int lastTo() {
      return sendsTo.get(sendsTo.size() - 1)[0];
    }

    ClientRequest last() {
      return (ClientRequest) sent.get(sent.size() - 1);
    }
  }

  @Test
  void firstRequestGoesToClientIdModClusterSize() {
    KvClient c = new KvClient(7, 5);
    Recorder out = new Recorder();
    assertTrue(c.idle());
    c.invoke(Op.PUT, "x", "1", out);
    assertFalse(c.idle());
    assertEquals(2, out.lastTo());
    assertEquals(new ClientRequest(7, 1, Op.PUT, "x", "1"), out.last());
    assertEquals(1, out.timerResets);
  }

  @Test
  void notLeaderReplyWithHintRedirectsTheSameRequest() {
    KvClient c = new KvClient(5, 5);
    Recorder out = new Recorder();
    c.invoke(Op.GET, "x", null, out);
    c.onReply(0, new ClientReply(5, 1, false, null, 3), out);
    assertEquals(3, out.lastTo());
    assertEquals(1, out.last().seq());
    assertEquals(2, out.timerResets);
  }

  @Test
  void notLeaderReplyWithoutHintGoesRoundRobin() {
    KvClient c = new KvClient(9, 5);
    Recorder out = new Recorder();
    c.invoke(Op.GET, "x", null, out);
    assertEquals(4, out.lastTo());
    c.onReply(4, new ClientReply(9, 1, false, null, -1), out);
    assertEquals(1, out.sent.size(), "no known leader: wait for the retry timer instead of flooding");
    c.onRetryTimeout(out);
    assertEquals(0, out.lastTo(), "wraps around");
  }

  @Test
  void duplicatedOrLateRefusalsDoNotMultiplyResends() {
    KvClient c = new KvClient(5, 5);
    Recorder out = new Recorder();
    c.invoke(Op.GET, "x", null, out); // to server 0
    c.onReply(0, new ClientReply(5, 1, false, null, 3), out); // redirected to 3
    c.onReply(0, new ClientReply(5, 1, false, null, 3), out); // the network duplicated the refusal
    c.onReply(2, new ClientReply(5, 1, false, null, 4), out); // a server we are not waiting for
    assertEquals(2, out.sent.size());
    assertEquals(3, out.lastTo());
  }

  @Test
  void retryTimeoutResendsToTheNextServer() {
    KvClient c = new KvClient(5, 3);
    Recorder out = new Recorder();
    c.invoke(Op.APPEND, "x", "a", out);
    c.onRetryTimeout(out);
    c.onRetryTimeout(out);
    assertEquals(List.of(2, 0, 1), out.sendsTo.stream().map(a -> a[0]).toList());
    assertTrue(out.sent.stream().allMatch(m -> ((ClientRequest) m).seq() == 1));
  }

  @Test
  void repliesForOtherOperationsAreIgnored() {
    KvClient c = new KvClient(5, 3);
    Recorder out = new Recorder();
    c.onReply(0, new ClientReply(5, 1, true, "x", 0), out); // idle
    c.invoke(Op.GET, "x", null, out);
    c.onReply(2, new ClientReply(5, 2, true, "stale", 0), out); // another seq
    c.onReply(2, new ClientReply(6, 1, true, "other", 0), out); // another client
    assertFalse(c.idle());
    assertTrue(out.completions.isEmpty());
    assertEquals(1, out.sent.size());
  }

  @Test
  void okReplyCompletesOnceAndNextOperationGetsNextSeq() {
    KvClient c = new KvClient(5, 3);
    Recorder out = new Recorder();
    c.invoke(Op.GET, "x", null, out);
    c.onReply(2, new ClientReply(5, 1, true, "v", 0), out);
    c.onReply(2, new ClientReply(5, 1, true, "v", 0), out); // duplicate
    assertEquals(List.of("c5#1 GET x -> v"), out.completions);
    assertEquals(1, out.timerCancels);
    assertTrue(c.idle());
    c.onRetryTimeout(out); // a stale timer firing does nothing
    assertEquals(1, out.sent.size());
    c.invoke(Op.PUT, "x", "w", out);
    assertEquals(2, out.last().seq());
    assertEquals(2, out.lastTo(), "sticks with the server that answered");
    assertThrows(IllegalStateException.class, () -> c.invoke(Op.GET, "x", null, out));
    assertThrows(IllegalArgumentException.class, () -> new KvClient(2, 3), "collides with a server id");
  }

  @Test
  void clientCompletesThroughALeaderChange() {
    TestNet net = TestNet.kv(cfg(3));
    net.elect(1);
    KvClient client = new KvClient(3, 3); // first guess: server 0, a follower
    Recorder out = new Recorder();
    client.invoke(Op.PUT, "x", "1", out);
    for (int round = 0; round < 10 && !client.idle(); round++) {
      for (int k = 0; k < out.sent.size(); k++) {
        net.clientSend(3, out.sendsTo.get(k)[0], out.sent.get(k));
      }
      out.sent.clear();
      out.sendsTo.clear();
      net.deliverAll();
      List<TestNet.Envelope> replies = new ArrayList<>(net.toClients);
      net.toClients.clear();
      for (TestNet.Envelope e : replies) {
        client.onReply(e.from(), (ClientReply) e.m(), out);
      }
    }
    assertEquals(List.of("c3#1 PUT x -> null"), out.completions);
    assertEquals(1, client.leaderGuess());
  }
}
