package dev.raftsim.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.kv.KvServer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A tiny hand-driven cluster for tests: messages wait in {@link #inFlight} until a test delivers them;
 * each node's {@link Host} records everything the node does and models a disk whose writes become
 * durable only on sync (a crash drops unsynced writes).
 */
public final class TestNet {

  public record Envelope(int from, int to, Message m) {
    @Override
    public String toString() {
      return from + "->" + to + " " + m.summary();
    }
  }

  private record Write(int kind, long term, int vote, int index, Entry entry) {}

  public final RaftConfig cfg;
  public final int n;
  private final RaftNode[] nodes;
  private final KvServer[] servers;
  public final Host[] hosts;
  private final boolean[] crashed;
  public final List<Envelope> inFlight = new ArrayList<>();
  /** Messages addressed to client processes (ids >= n). */
  public final List<Envelope> toClients = new ArrayList<>();

  public TestNet(RaftConfig cfg) {
    this(cfg, false);
  }

  private TestNet(RaftConfig cfg, boolean kv) {
    this.cfg = cfg;
    this.n = cfg.clusterSize();
    this.nodes = new RaftNode[n];
    this.servers = kv ? new KvServer[n] : null;
    this.hosts = new Host[n];
    this.crashed = new boolean[n];
    for (int i = 0; i < n; i++) {
      hosts[i] = new Host(i);
      if (kv) {
        servers[i] = new KvServer(i, cfg);
        nodes[i] = servers[i].node();
        servers[i].start(hosts[i]);
      } else {
        nodes[i] = new RaftNode(i, cfg);
        nodes[i].start(hosts[i]);
      }
    }
  }

  /** A cluster of KvServers. */
  public static TestNet kv(RaftConfig cfg) {
    return new TestNet(cfg, true);
  }

  /** A cluster whose nodes start from the given durable states (term, vote, log) instead of fresh. */
  public static TestNet restored(RaftConfig cfg, long[] terms, List<List<Entry>> logs) {
    TestNet net = new TestNet(cfg, false);
    for (int i = 0; i < net.n; i++) {
      Host h = net.hosts[i];
      h.durableTerm = terms[i];
      h.durableVote = -1;
      h.durableLog.clear();
      h.durableLog.addAll(logs.get(i));
      net.nodes[i] = RaftNode.restore(i, cfg, terms[i], -1, logs.get(i));
      h.clearRecords();
      net.nodes[i].start(h);
    }
    return net;
  }

  public RaftNode node(int i) {
    return nodes[i];
  }

  public KvServer server(int i) {
    return servers[i];
  }

  // ---- inputs ----

  public void timeout(int i) {
    if (servers != null) {
      servers[i].electionTimeout(hosts[i]);
    } else {
      nodes[i].electionTimeout(hosts[i]);
    }
  }

  public void heartbeat(int i) {
    if (servers != null) {
      servers[i].heartbeatTimeout(hosts[i]);
    } else {
      nodes[i].heartbeatTimeout(hosts[i]);
    }
  }

  public int propose(int i, Command c) {
    return nodes[i].propose(c, hosts[i]);
  }

  /** Client process {@code clientId} sends {@code m} to server {@code to} (goes in flight). */
  public void clientSend(int clientId, int to, Message m) {
    inFlight.add(new Envelope(clientId, to, m));
  }

  public void deliver(Envelope e) {
    inFlight.remove(e);
    if (crashed[e.to()]) {
      return;
    }
    if (servers != null) {
      servers[e.to()].onMessage(e.from(), e.m(), hosts[e.to()]);
    } else {
      nodes[e.to()].step(e.from(), e.m(), hosts[e.to()]);
    }
  }

  /** Delivers in FIFO order until nothing is in flight; messages to or from {@code isolated} are dropped. */
  public int deliverAll(int... isolated) {
    int delivered = 0;
    while (!inFlight.isEmpty()) {
      Envelope e = inFlight.remove(0);
      if (contains(isolated, e.from()) || contains(isolated, e.to())) {
        continue;
      }
      deliver(e);
      delivered++;
      if (delivered > 100_000) {
        throw new AssertionError("message storm");
      }
    }
    return delivered;
  }

  /** Removes and returns the in-flight messages matching {@code p} (to hold, reorder or duplicate). */
  public List<Envelope> take(Predicate<Envelope> p) {
    List<Envelope> out = new ArrayList<>();
    Iterator<Envelope> it = inFlight.iterator();
    while (it.hasNext()) {
      Envelope e = it.next();
      if (p.test(e)) {
        out.add(e);
        it.remove();
      }
    }
    return out;
  }

  public Envelope takeOne(Predicate<Envelope> p) {
    List<Envelope> l = take(p);
    assertEquals(1, l.size(), () -> "expected exactly one matching message in flight, got " + l);
    return l.get(0);
  }

  public void dropAll() {
    inFlight.clear();
  }

  public static Predicate<Envelope> to(int node) {
    return e -> e.to() == node;
  }

  public static Predicate<Envelope> from(int node) {
    return e -> e.from() == node;
  }

  public static Predicate<Envelope> kind(Class<? extends Message> k) {
    return e -> k.isInstance(e.m());
  }

  /** Times node i out and delivers everything; asserts it became leader. */
  public void elect(int i, int... isolated) {
    timeout(i);
    deliverAll(isolated);
    assertEquals(Role.LEADER, nodes[i].role(), () -> "node " + i + " should lead: " + nodes[i]);
  }

  // ---- crashes ----

  public void crash(int i) {
    crashed[i] = true;
    hosts[i].pendingWrites.clear();
    inFlight.removeIf(e -> e.to() == i);
  }

  public void restart(int i) {
    Host h = hosts[i];
    h.clearRecords();
    if (servers != null) {
      servers[i] = KvServer.restore(i, cfg, h.durableTerm, h.durableVote, h.durableLog);
      nodes[i] = servers[i].node();
      crashed[i] = false;
      servers[i].start(h);
    } else {
      nodes[i] = RaftNode.restore(i, cfg, h.durableTerm, h.durableVote, h.durableLog);
      crashed[i] = false;
      nodes[i].start(h);
    }
  }

  public boolean isCrashed(int i) {
    return crashed[i];
  }

  public List<Integer> leaders() {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!crashed[i] && nodes[i].role() == Role.LEADER) {
        l.add(i);
      }
    }
    return l;
  }

  /** After a correct node's input, its durable state equals its in-memory persistent state. */
  public void assertDurableMatches(int i) {
    Host h = hosts[i];
    RaftNode node = nodes[i];
    assertTrue(h.pendingWrites.isEmpty(), "unsynced writes left on node " + i);
    assertEquals(node.currentTerm(), h.durableTerm, "durable term of node " + i);
    assertEquals(node.votedFor(), h.durableVote, "durable vote of node " + i);
    assertEquals(node.lastIndex(), h.durableLog.size(), "durable log length of node " + i);
    for (int k = 1; k <= node.lastIndex(); k++) {
      assertEquals(node.entryAt(k), h.durableLog.get(k - 1), "durable entry " + k + " of node " + i);
    }
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /** Records one node's effects and models its disk. */
  public final class Host implements RaftOutput {
    public final int id;
    public long durableTerm;
    public int durableVote = -1;
    public final List<Entry> durableLog = new ArrayList<>();
    private final List<Write> pendingWrites = new ArrayList<>();
    /** Everything the node did, in order, e.g. "vote t3 1", "append 4 t2", "sync", "send 2 RVR t3 granted". */
    public final List<String> trace = new ArrayList<>();
    public final List<Entry> applied = new ArrayList<>();
    public final List<Integer> appliedIndexes = new ArrayList<>();
    public int electionResets;
    public int heartbeatResets;
    /** Sends issued while writes were still unsynced. */
    public int sendsBeforeSync;
    /** The node's clock, set by the test (CheckQuorum and leases read it). */
    public long clock;

    Host(int id) {
      this.id = id;
    }

    void clearRecords() {
      trace.clear();
      applied.clear();
      appliedIndexes.clear();
      electionResets = 0;
      heartbeatResets = 0;
    }

    public boolean hasUnsyncedWrites() {
      return !pendingWrites.isEmpty();
    }

    @Override
    public long localTimeMicros() {
      return clock;
    }

    @Override
    public void send(int to, Message m) {
      if (!pendingWrites.isEmpty()) {
        sendsBeforeSync++;
      }
      trace.add("send " + to + " " + m.summary());
      Envelope e = new Envelope(id, to, m);
      if (to >= n) {
        toClients.add(e);
      } else {
        inFlight.add(e);
      }
    }

    @Override
    public void persistTermVote(long term, int votedFor) {
      trace.add("vote t" + term + " " + votedFor);
      pendingWrites.add(new Write(0, term, votedFor, 0, null));
    }

    @Override
    public void persistTruncate(int fromIndex) {
      trace.add("truncate " + fromIndex);
      pendingWrites.add(new Write(1, 0, 0, fromIndex, null));
    }

    @Override
    public void persistAppend(int index, Entry e) {
      trace.add("append " + index + " t" + e.term());
      pendingWrites.add(new Write(2, 0, 0, index, e));
    }

    @Override
    public void sync() {
      trace.add("sync");
      for (Write w : pendingWrites) {
        switch (w.kind()) {
          case 0 -> {
            durableTerm = w.term();
            durableVote = w.vote();
          }
          case 1 -> {
            while (durableLog.size() >= w.index()) {
              durableLog.remove(durableLog.size() - 1);
            }
          }
          default -> {
            assertEquals(durableLog.size() + 1, w.index(), "append must extend the durable log");
            durableLog.add(w.entry());
          }
        }
      }
      pendingWrites.clear();
    }

    @Override
    public void resetElectionTimer() {
      trace.add("timer election");
      electionResets++;
    }

    @Override
    public void resetHeartbeatTimer() {
      trace.add("timer heartbeat");
      heartbeatResets++;
    }

    @Override
    public void apply(int index, Entry e) {
      trace.add("apply " + index);
      assertEquals(appliedIndexes.size() + 1, index, "applies must be in order, exactly once");
      appliedIndexes.add(index);
      applied.add(e);
    }
  }
}
