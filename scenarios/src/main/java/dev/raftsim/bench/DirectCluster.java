package dev.raftsim.bench;

import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.NodeRole;
import dev.raftsim.invariants.SafetyChecker;
import dev.raftsim.invariants.Violation;
import dev.raftsim.raft.Command;
import dev.raftsim.raft.Entry;
import dev.raftsim.raft.Message;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.RaftConfig;
import dev.raftsim.raft.RaftNode;
import dev.raftsim.raft.RaftOutput;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A Raft cluster driven directly, without the simulator, so that logs of any length can be had at once: every node
 * is restored from the same durable log of {@code logLength} entries, node 0 is elected, and from then on the host
 * feeds the steady state (a client command proposed on the leader, its AppendEntries and replies delivered in FIFO
 * order, a heartbeat round every fourth round). After every event the checker runs, exactly as the simulated
 * cluster runs it, and its time can be measured alone.
 *
 * <p>Deterministic: no clock, no randomness; the same calls give the same event sequence.
 */
public final class DirectCluster implements ClusterView {
  /** Rounds between heartbeat rounds. */
  public static final int HEARTBEAT_EVERY = 4;

  private record InFlight(int from, int to, Message message) {}

  private final int size;
  private final RaftNode[] nodes;
  private final Host[] hosts;
  private final ArrayDeque<InFlight> queue = new ArrayDeque<>();
  private final SafetyChecker checker;
  private final int client;
  private long events;
  private long time;
  private long seq;
  private long rounds;
  private boolean timing;
  private long checkNanos;
  private long timedEvents;

  /** Builds the cluster with logs of {@code logLength} entries and elects node 0 (events counted, untimed). */
  public DirectCluster(int size, int logLength, SafetyChecker checker) {
    if (size < 3) {
      throw new IllegalArgumentException("need at least 3 nodes for a quorum that is not everyone");
    }
    this.size = size;
    this.checker = checker;
    this.client = size;
    RaftConfig cfg = RaftConfig.defaults(size);
    List<Entry> log = new ArrayList<>(logLength);
    for (int i = 1; i <= logLength; i++) {
      log.add(new Entry(1, new Command(client, i, Op.PUT, "x", "v")));
    }
    seq = logLength;
    nodes = new RaftNode[size];
    hosts = new Host[size];
    for (int i = 0; i < size; i++) {
      nodes[i] = RaftNode.restore(i, cfg, 1, -1, log);
      hosts[i] = new Host(i);
    }
    nodes[0].electionTimeout(hosts[0]);
    event(0);
    deliverAll();
    if (nodes[0].role() != dev.raftsim.raft.Role.LEADER) {
      throw new IllegalStateException("node 0 was not elected: " + nodes[0]);
    }
  }

  /** One steady-state round: a command proposed on the leader and delivered; every 4th round also a heartbeat. */
  public void round() {
    int index = nodes[0].propose(new Command(client, ++seq, Op.PUT, "x", "v"), hosts[0]);
    if (index < 0) {
      throw new IllegalStateException("node 0 lost its leadership");
    }
    event(0);
    deliverAll();
    if (++rounds % HEARTBEAT_EVERY == 0) {
      nodes[0].heartbeatTimeout(hosts[0]);
      event(0);
      deliverAll();
    }
  }

  /** Runs {@code n} rounds; returns the events they caused. */
  public long rounds(int n) {
    long before = events;
    for (int i = 0; i < n; i++) {
      round();
    }
    return events - before;
  }

  /** Runs {@code n} rounds with the checker's time measured; returns the events they caused. */
  public long timedRounds(int n) {
    long before = events;
    timing = true;
    try {
      for (int i = 0; i < n; i++) {
        round();
      }
    } finally {
      timing = false;
    }
    long done = events - before;
    timedEvents += done;
    return done;
  }

  private void deliverAll() {
    InFlight m;
    while ((m = queue.poll()) != null) {
      nodes[m.to()].step(m.from(), m.message(), hosts[m.to()]);
      event(m.to());
    }
  }

  private void event(int touched) {
    long index = events++;
    time += 100;
    if (checker == null) {
      return;
    }
    Violation v;
    if (timing) {
      long t0 = System.nanoTime();
      v = checker.afterEvent(this, index, time, touched);
      checkNanos += System.nanoTime() - t0;
    } else {
      v = checker.afterEvent(this, index, time, touched);
    }
    if (v != null) {
      throw new IllegalStateException("the benchmark cluster broke " + v.invariant() + ": " + v.message());
    }
    nodes[touched].clearLogChanged();
  }

  public long events() {
    return events;
  }

  /** Nanoseconds spent inside the checker during timed rounds (including one clock read per event). */
  public long checkNanos() {
    return checkNanos;
  }

  public long timedEvents() {
    return timedEvents;
  }

  public int leaderLogLength() {
    return nodes[0].lastIndex();
  }

  public RaftNode node(int i) {
    return nodes[i];
  }

  /** The nodes' side effects: messages are queued, persistence and timers are the host's business and ignored. */
  private final class Host implements RaftOutput {
    private final int id;

    Host(int id) {
      this.id = id;
    }

    @Override
    public void send(int to, Message m) {
      if (to >= size) {
        return; // no client processes here
      }
      queue.add(new InFlight(id, to, m));
    }

    @Override
    public void persistTermVote(long term, int votedFor) {}

    @Override
    public void persistTruncate(int fromIndex) {}

    @Override
    public void persistAppend(int index, Entry e) {}

    @Override
    public void sync() {}

    @Override
    public void resetElectionTimer() {}

    @Override
    public void resetHeartbeatTimer() {}

    @Override
    public void apply(int index, Entry e) {}
  }

  // ---------------------------------------------------------------- ClusterView

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isUp(int node) {
    return true;
  }

  @Override
  public long incarnation(int node) {
    return 0;
  }

  @Override
  public NodeRole role(int node) {
    return switch (nodes[node].role()) {
      case FOLLOWER -> NodeRole.FOLLOWER;
      case CANDIDATE -> NodeRole.CANDIDATE;
      case LEADER -> NodeRole.LEADER;
    };
  }

  @Override
  public long currentTerm(int node) {
    return nodes[node].currentTerm();
  }

  @Override
  public int votedFor(int node) {
    return nodes[node].votedFor();
  }

  @Override
  public int lastIndex(int node) {
    return nodes[node].lastIndex();
  }

  @Override
  public long termAt(int node, int index) {
    return nodes[node].termAt(index);
  }

  @Override
  public long entryDigest(int node, int index) {
    return nodes[node].entryAt(index).digest();
  }

  @Override
  public String describeEntry(int node, int index) {
    return nodes[node].entryAt(index).describe();
  }

  @Override
  public int commitIndex(int node) {
    return nodes[node].commitIndex();
  }

  @Override
  public int lastApplied(int node) {
    return nodes[node].lastApplied();
  }

  @Override
  public int logChangedFrom(int node) {
    return nodes[node].logChangedFrom();
  }
}
