package dev.raftsim.scenarios.internal;

import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.NodeRole;
import dev.raftsim.invariants.SafetyChecker;
import dev.raftsim.invariants.Violation;
import dev.raftsim.invariants.linearizability.Witness;
import dev.raftsim.raft.AppendEntries;
import dev.raftsim.raft.AppendEntriesReply;
import dev.raftsim.raft.ClientReply;
import dev.raftsim.raft.ClientRequest;
import dev.raftsim.raft.Command;
import dev.raftsim.raft.Entry;
import dev.raftsim.raft.Message;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.RaftConfig;
import dev.raftsim.raft.RaftNode;
import dev.raftsim.raft.RequestVote;
import dev.raftsim.raft.RequestVoteReply;
import dev.raftsim.raft.Role;
import dev.raftsim.raft.kv.KvServer;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.HistoryOp;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.coverage.CoverageTracker;
import dev.raftsim.scenarios.coverage.HostPoint;
import dev.raftsim.scenarios.coverage.RunCoverage;
import dev.raftsim.sim.MessageCodec;
import dev.raftsim.sim.Observer;
import dev.raftsim.sim.SimProcess;
import dev.raftsim.sim.Simulation;
import dev.raftsim.sim.SimulationConfig;
import dev.raftsim.sim.TraceSink;
import java.util.ArrayList;
import java.util.List;

/**
 * A Raft cluster on the simulator: servers 0..nodes-1, clients after them. It is also the checkers' read-only
 * {@link ClusterView} and the observer that runs them after every event that touches a server.
 */
public final class RaftCluster implements ClusterView, Observer {
  static final MessageCodec<Message> CODEC = new MessageCodec<>() {
    /**
     * Every message is fingerprinted when sent and again when delivered. A plain {@code m.fingerprint()} is an
     * interface call over six message classes that the JIT cannot inline; exact-class tests (all are final), most
     * frequent first, let it inline each one.
     */
    @Override
    public long fingerprint(Message m) {
      if (m instanceof AppendEntries ae) {
        return ae.fingerprint();
      } else if (m instanceof AppendEntriesReply r) {
        return r.fingerprint();
      } else if (m instanceof ClientRequest r) {
        return r.fingerprint();
      } else if (m instanceof ClientReply r) {
        return r.fingerprint();
      } else if (m instanceof RequestVote r) {
        return r.fingerprint();
      } else if (m instanceof RequestVoteReply r) {
        return r.fingerprint();
      }
      return m.fingerprint();
    }

    @Override
    public String summary(Message m) {
      return m.summary();
    }
  };

  private final RunSpec spec;
  private final ClusterConfig config;
  private final RaftConfig raftConfig;
  private final int nodes;
  private final Simulation<Message> sim;
  private final ServerProcess[] servers;
  /** servers[i].server.node(), kept beside them: the checkers read it a dozen times per event. */
  private final RaftNode[] raftNodes;
  private final ClientProcess[] clients;
  private final SafetyChecker checker;
  private final ArrayList<HistoryOp> history = new ArrayList<>();
  private final int[] outstanding;
  private Violation violation;
  /** The server whose input, just handled, changed nothing the checkers see (-1: none); valid for one event. */
  private int unchangedInput = -1;
  private int leadersElected;
  /** The highest log index applied so far on any server. */
  private int firstApplied;
  // By history position: the log index where the operation's command was first applied (0: not yet), and when.
  private long[] witnessIndex = new long[64];
  private long[] witnessAt = new long[64];
  private long firstLeaderMicros = -1;
  private final CoverageTracker coverage;

  public RaftCluster(RunSpec spec, SafetyChecker checker, TraceSink sink) {
    this.spec = spec;
    this.config = spec.cluster();
    this.raftConfig = config.raftConfig();
    this.nodes = config.nodes();
    this.checker = checker;
    this.servers = new ServerProcess[nodes];
    this.raftNodes = new RaftNode[nodes];
    this.clients = new ClientProcess[config.clients()];
    this.outstanding = new int[config.clients()];
    java.util.Arrays.fill(outstanding, -1);
    this.coverage = new CoverageTracker(nodes, true);
    if (spec.plan().initialNetwork().dropProbability() > 0) {
      coverage.hit(HostPoint.NETWORK_LOSSY);
    }
    if (spec.plan().initialNetwork().duplicateProbability() > 0) {
      coverage.hit(HostPoint.NETWORK_DUPLICATING);
    }
    SimulationConfig simConfig = new SimulationConfig(spec.seed(), nodes, nodes + config.clients(), spec.plan(), 2,
        config.writebackMicros());
    this.sim = new Simulation<>(simConfig, CODEC, this::create);
    sim.setObserver(this);
    sim.setTraceSink(sink);
    sim.setPrimaryResolver(new dev.raftsim.sim.PrimaryResolver() {
      @Override
      public int primary() {
        return currentLeader();
      }

      @Override
      public long tenure() {
        int leader = currentLeader();
        return leader < 0 ? -1 : node(leader).currentTerm();
      }
    });
  }

  /** The up leader with the highest term, or -1: what primary-targeted faults aim at. */
  public int currentLeader() {
    int best = -1;
    for (int i = 0; i < nodes; i++) {
      if (sim.isUp(i) && servers[i] != null && node(i).role() == dev.raftsim.raft.Role.LEADER
          && (best < 0 || node(i).currentTerm() > node(best).currentTerm())) {
        best = i;
      }
    }
    return best;
  }

  private SimProcess<Message> create(int id, int incarnation, List<Object> durable) {
    if (id < nodes) {
      KvServer server;
      if (incarnation == 0) {
        server = new KvServer(id, raftConfig);
      } else {
        PersistRecord.Recovered r = PersistRecord.recover(durable);
        server = KvServer.restore(id, raftConfig, r.term(), r.votedFor(), r.log());
        RaftNode before = raftNodes[id];
        if (before != null && (r.log().size() < before.lastIndex() || r.term() < before.currentTerm())) {
          coverage.hit(HostPoint.RESTART_LOST_UNSYNCED_WRITES);
        }
      }
      server.countCoverageInto(coverage.modelCounters());
      servers[id] = new ServerProcess(this, server);
      raftNodes[id] = server.node();
      return servers[id];
    }
    if (incarnation != 0) {
      throw new IllegalStateException("clients never restart");
    }
    ClientProcess c = new ClientProcess(this, id);
    clients[id - nodes] = c;
    return c;
  }

  public ClusterConfig config() {
    return config;
  }

  public Simulation<Message> simulation() {
    return sim;
  }

  /** Runs to the spec's end (or the first violation), then the end-of-run checks. */
  public void run() {
    sim.runUntil(spec.durationMicros());
    if (violation == null && checker != null) {
      violation = checker.atEnd(this, sim.eventCount(), sim.now());
    }
  }

  public Violation violation() {
    return violation;
  }

  /** Records a violation found outside the per-event checkers (e.g. by the history check at the end). */
  public void setViolation(Violation v) {
    if (violation == null) {
      violation = v;
    }
  }

  /**
   * The first application of each log index on any server, in index order: a server applies index i only after
   * i - 1, so the first application of i never precedes that of i - 1. The command's operation is still
   * outstanding then (a server answers a client only after applying its command), so it is the operation the
   * entry belongs to. With a correct Raft this order, with these instants, is a linearization of the client
   * history (see {@link #linearizationWitness}).
   */
  void applied(int index, Entry e, long now) {
    if (index != firstApplied + 1) {
      // Seen before, or (only with a planted bug) past a gap: the witness then stops short and the search decides.
      return;
    }
    firstApplied = index;
    Command c = e.command();
    int client = c == null ? -1 : c.clientId() - nodes;
    if (client < 0 || client >= outstanding.length) {
      return;
    }
    int at = outstanding[client];
    if (at < 0 || history.get(at).seq() != c.seq() || witnessIndex.length > at && witnessIndex[at] != 0) {
      return;
    }
    if (at >= witnessIndex.length) {
      witnessIndex = java.util.Arrays.copyOf(witnessIndex, Math.max(at + 1, witnessIndex.length * 2));
      witnessAt = java.util.Arrays.copyOf(witnessAt, witnessIndex.length);
    }
    witnessIndex[at] = index;
    witnessAt[at] = now;
  }

  /**
   * For each operation of {@link #history()}: the log index where its command first took effect and when, or
   * {@link Witness#NEVER}. Retries of a command may sit at several indices; only the first one applies it.
   */
  public Witness linearizationWitness() {
    long[] positions = new long[history.size()];
    long[] instants = new long[history.size()];
    for (int k = 0; k < positions.length; k++) {
      boolean applied = k < witnessIndex.length && witnessIndex[k] != 0;
      positions[k] = applied ? witnessIndex[k] : Witness.NEVER;
      instants[k] = applied ? witnessAt[k] : 0;
    }
    return new Witness(positions, instants);
  }

  public List<HistoryOp> history() {
    return history;
  }

  public int leadersElected() {
    return leadersElected;
  }

  public long firstLeaderMicros() {
    return firstLeaderMicros;
  }

  /** Client commands in the longest committed prefix any server reached. */
  public int commandsCommitted() {
    int best = -1;
    int bestCommit = -1;
    for (int i = 0; i < nodes; i++) {
      if (servers[i] != null && node(i).commitIndex() > bestCommit) {
        bestCommit = node(i).commitIndex();
        best = i;
      }
    }
    int count = 0;
    // Planted bugs can push commitIndex past the log's end; count what is there.
    int upTo = best < 0 ? 0 : Math.min(bestCommit, node(best).lastIndex());
    for (int idx = 1; idx <= upTo; idx++) {
      if (!node(best).entryAt(idx).isNoOp()) {
        count++;
      }
    }
    return count;
  }

  public RaftNode node(int i) {
    RaftNode n = raftNodes[i];
    if (n == null) {
      throw new NullPointerException("server " + i + " has not started");
    }
    return n;
  }

  public KvServer server(int i) {
    return servers[i].server;
  }

  void leaderElected(int node, long term, long now) {
    leadersElected++;
    if (firstLeaderMicros < 0) {
      firstLeaderMicros = now;
    }
  }

  void invoked(int clientProcess, long seq, Op op, String key, String value, long now) {
    int c = clientProcess - nodes;
    if (outstanding[c] >= 0) {
      throw new IllegalStateException("client " + (c + 1) + " invoked while an operation is outstanding");
    }
    outstanding[c] = history.size();
    history.add(new HistoryOp(history.size(), c + 1, seq, op, key, value, null, now, -1));
  }

  void completed(int clientProcess, long seq, String result, long now) {
    int c = clientProcess - nodes;
    int at = outstanding[c];
    if (at < 0 || history.get(at).seq() != seq) {
      throw new IllegalStateException("client " + (c + 1) + " completed #" + seq + " it was not waiting for");
    }
    history.set(at, history.get(at).complete(result, now));
    outstanding[c] = -1;
  }

  // ---------------------------------------------------------------- scripted clients

  /** Stops client c (1-based) from generating its own workload: scenarios drive it. */
  public void scriptClient(int c) {
    clients[c - 1].setScripted(true);
  }

  /** Makes client c (1-based) invoke an operation now; false if it is still busy with an earlier one. */
  public boolean invoke(int c, Op op, String key) {
    ClientProcess cp = clients[c - 1];
    if (!cp.idle()) {
      return false;
    }
    cp.invoke(sim.contextOf(nodes + c - 1), op, key);
    return true;
  }

  // ---------------------------------------------------------------- Observer

  /** A server finished a message or timer input; {@code unchanged}: it left the node as the checkers last saw it. */
  void inputHandled(int node, boolean unchanged) {
    unchangedInput = unchanged ? node : -1;
  }

  @Override
  public void afterEvent(long eventIndex, long timeMicros, int touchedNode) {
    boolean unchanged = touchedNode >= 0 && touchedNode == unchangedInput;
    unchangedInput = -1;
    if (!unchanged && touchedNode < nodes) {
      coverage.afterEvent(this);
    }
    if (checker == null || touchedNode >= nodes) {
      return;
    }
    Violation v = unchanged ? checker.afterUnchangedEvent(this, eventIndex, timeMicros, touchedNode)
        : checker.afterEvent(this, eventIndex, timeMicros, touchedNode);
    if (touchedNode >= 0) {
      if (raftNodes[touchedNode] != null) {
        raftNodes[touchedNode].clearLogChanged();
      }
    } else {
      for (int i = 0; i < nodes; i++) {
        if (raftNodes[i] != null) {
          raftNodes[i].clearLogChanged();
        }
      }
    }
    if (v != null && violation == null) {
      violation = v;
      sim.stop();
    }
  }

  @Override
  public void faultApplied(dev.raftsim.sim.Fault fault, int touchedNode) {
    boolean wasLeader = touchedNode >= 0 && touchedNode < nodes && raftNodes[touchedNode] != null
        && raftNodes[touchedNode].role() == Role.LEADER;
    coverage.fault(fault, touchedNode, wasLeader);
  }

  /** The coverage this run reached so far. */
  public RunCoverage coverage() {
    return coverage.result();
  }

  /** The collector itself: clients count into it; the benchmark switches its abstract states off. */
  public CoverageTracker coverageTracker() {
    return coverage;
  }

  // ---------------------------------------------------------------- ClusterView

  @Override
  public int size() {
    return nodes;
  }

  @Override
  public boolean isUp(int node) {
    return sim.isUp(node);
  }

  @Override
  public long incarnation(int node) {
    return sim.incarnation(node);
  }

  @Override
  public NodeRole role(int node) {
    return ROLES[node(node).role().ordinal()];
  }

  /** NodeRole by Role.ordinal(), checked once below so the two enums can never drift apart silently. */
  private static final NodeRole[] ROLES = new NodeRole[Role.values().length];

  static {
    for (Role r : Role.values()) {
      ROLES[r.ordinal()] = switch (r) {
        case FOLLOWER -> NodeRole.FOLLOWER;
        case CANDIDATE -> NodeRole.CANDIDATE;
        case LEADER -> NodeRole.LEADER;
      };
    }
  }

  @Override
  public long currentTerm(int node) {
    return node(node).currentTerm();
  }

  @Override
  public int votedFor(int node) {
    return node(node).votedFor();
  }

  @Override
  public int lastIndex(int node) {
    return node(node).lastIndex();
  }

  @Override
  public long termAt(int node, int index) {
    return node(node).termAt(index);
  }

  @Override
  public long entryDigest(int node, int index) {
    Entry e = node(node).entryAt(index);
    return e.digest();
  }

  @Override
  public String describeEntry(int node, int index) {
    return node(node).entryAt(index).describe();
  }

  @Override
  public int commitIndex(int node) {
    return node(node).commitIndex();
  }

  @Override
  public int lastApplied(int node) {
    return node(node).lastApplied();
  }

  @Override
  public int logChangedFrom(int node) {
    return node(node).logChangedFrom();
  }

  // ---------------------------------------------------------------- scenario control (host actions)

  /**
   * The lab's {@code rf.Start()}: hands server {@code node} a request of client {@code c} (1-based) as if it had
   * just arrived, without going through the network or the client's retry logic (the client ignores the answer).
   * Returns the log index the server appended it at, or -1 when the server is down, paused or not the leader.
   */
  public int start(int node, int c, long seq, Op op, String key, String value) {
    if (!sim.isUp(node) || sim.isPaused(node) || servers[node] == null
        || node(node).role() != dev.raftsim.raft.Role.LEADER) {
      return -1;
    }
    int client = nodes + c - 1;
    int before = node(node).lastIndex();
    servers[node].onMessage(sim.contextOf(node), client,
        new dev.raftsim.raft.ClientRequest(client, seq, op, key, value));
    return node(node).lastIndex() > before ? node(node).lastIndex() : -1;
  }

  /**
   * Fires server {@code node}'s election timeout now (etcd's MsgHup): a follower or candidate starts an election,
   * a leader ignores it. False when the node is down or paused.
   */
  public boolean campaign(int node) {
    if (!sim.isUp(node) || sim.isPaused(node) || servers[node] == null) {
      return false;
    }
    servers[node].onTimer(sim.contextOf(node), ServerProcess.ELECTION_TIMER);
    return true;
  }

  /**
   * Makes client c (1-based) scripted from now on and cancels its pending think timer, so it invokes nothing more on
   * its own (an operation in flight still completes). Unlike {@link #scriptClient}, which needs the client process
   * to exist, this is for host actions once the run has started (clients start at time 0).
   */
  public void stopClientWorkload(int c) {
    clients[c - 1].setScripted(true);
    sim.contextOf(nodes + c - 1).cancelTimer(ClientProcess.THINK_TIMER);
  }
}
