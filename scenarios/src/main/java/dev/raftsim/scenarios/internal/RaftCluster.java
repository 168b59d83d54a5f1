package dev.raftsim.scenarios.internal;

import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.NodeRole;
import dev.raftsim.invariants.SafetyChecker;
import dev.raftsim.invariants.Violation;
import dev.raftsim.invariants.linearizability.Witness;
import dev.raftsim.raft.Op;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.HistoryOp;
import dev.raftsim.scenarios.ImplementationCatalog;
import dev.raftsim.scenarios.NodeFailure;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.coverage.CoverageTracker;
import dev.raftsim.scenarios.coverage.HostPoint;
import dev.raftsim.scenarios.coverage.RunCoverage;
import dev.raftsim.sim.Context;
import dev.raftsim.sim.MessageCodec;
import dev.raftsim.sim.Observer;
import dev.raftsim.sim.SimProcess;
import dev.raftsim.sim.Simulation;
import dev.raftsim.sim.SimulationConfig;
import dev.raftsim.sim.TraceSink;
import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.KvOperation;
import dev.raftsim.spi.MessageFormat;
import dev.raftsim.spi.NodeSetup;
import dev.raftsim.spi.NodeState;
import dev.raftsim.spi.RaftClient;
import dev.raftsim.spi.RaftImplementation;
import dev.raftsim.spi.RaftServer;
import dev.raftsim.spi.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Raft cluster on the simulator: servers 0..nodes-1, clients after them, hosting any implementation of the SPI
 * ({@code dev.raftsim.spi}) and reaching it only through it. It is also the checkers' read-only {@link ClusterView}
 * and the observer that runs them after every event that touches a server.
 */
public final class RaftCluster implements ClusterView, Observer {
  /** The invariant name of a finding about the implementation itself: it threw, or broke the SPI's contract. */
  public static final String IMPLEMENTATION_ERROR = NodeFailure.INVARIANT;

  /** The implementation's own codec, unwrapped: its exact-class dispatch is what keeps the hot path fast. */
  private static final class ImplCodec implements MessageCodec<Object> {
    private final MessageFormat format;

    ImplCodec(MessageFormat format) {
      this.format = format;
    }

    @Override
    public long fingerprint(Object m) {
      return format.fingerprint(m);
    }

    @Override
    public String summary(Object m) {
      return format.summary(m);
    }

    @Override
    public Object duplicate(Object m) {
      return format.immutableMessages() ? m : format.copy(m);
    }
  }

  /** The implementation's codec beside the host's standard client protocol. */
  private static final class StandardClientCodec implements MessageCodec<Object> {
    private final MessageFormat format;

    StandardClientCodec(MessageFormat format) {
      this.format = format;
    }

    @Override
    public long fingerprint(Object m) {
      if (m instanceof StandardClient.Call c) {
        return c.fingerprint();
      } else if (m instanceof StandardClient.Answer a) {
        return a.fingerprint();
      }
      return format.fingerprint(m);
    }

    @Override
    public String summary(Object m) {
      if (m instanceof StandardClient.Call c) {
        return c.summary();
      } else if (m instanceof StandardClient.Answer a) {
        return a.summary();
      }
      return format.summary(m);
    }

    @Override
    public Object duplicate(Object m) {
      return format.immutableMessages() || m instanceof StandardClient.Call || m instanceof StandardClient.Answer ? m
          : format.copy(m);
    }
  }

  private final RunSpec spec;
  private final ClusterConfig config;
  private final RaftImplementation impl;
  private final MessageFormat format;
  private final NodeSetup.Settings settings;
  private final Set<String> options;
  private final boolean ownClient;
  private boolean reportsProgress;
  private boolean reportsMembership;
  private boolean halfCommitQuorum;
  private final int nodes;
  private final Simulation<Object> sim;
  private final ServerProcess[] servers;
  /** servers[i].server, kept beside them: the checkers read it a dozen times per event. */
  private final RaftServer[] raftNodes;
  private final ClientProcess[] clients;
  private final SafetyChecker checker;
  private final ArrayList<HistoryOp> history = new ArrayList<>();
  private final int[] outstanding;
  private Violation violation;
  /** Set when the implementation under test threw: the run stops and no checker looks at the broken node again. */
  private boolean nodeFailed;
  /** The server whose input, just handled, changed nothing the checkers see (-1: none); valid for one event. */
  private int unchangedInput = -1;
  /**
   * The server (-1: none) whose input, just handled, changed only its matchIndex for server {@link #matchPeer}, as a
   * leader; valid for one event.
   */
  private int matchOnlyInput = -1;
  private int matchPeer = -1;
  /** The server (-1: none) whose input, just handled, only appended to its log or moved its commit indexes. */
  private int appendOnlyInput = -1;
  private int leadersElected;
  /** The highest log index applied so far on any server. */
  private int firstApplied;
  // By history position: the log index where the operation's command was first applied (0: not yet), and when.
  private long[] witnessIndex = new long[64];
  private long[] witnessAt = new long[64];
  private long firstLeaderMicros = -1;
  private final CoverageTracker coverage;
  /** The sink the kernel's trace goes to (null: none), and the state trace when one is written (null: none). */
  private final TraceSink traceSink;
  private StateTracer stateTracer;
  private int readIndexReads;
  private int leaseReads;
  /** When each log index was first applied on any server (index 0: time 0); grown as the log grows. */
  private long[] firstAppliedAt = new long[64];
  /** By history position: served without the log (its witnessIndex holds the applied index it read). */
  private boolean[] readOffLog = new boolean[64];
  private dev.raftsim.scenarios.Workload workload;
  private long snapshotsTaken;
  private long snapshotsInstalled;
  /** Client commands among log indexes 1..firstApplied, counted at their first application anywhere. */
  private int commandsFirstApplied;
  /**
   * With snapshots on: the client command (null: none) first applied at each index (index i at i - 1), for entries
   * logs no longer hold.
   */
  private final ArrayList<ClientCommand> firstAppliedCommands = new ArrayList<>();
  /** Carries out the plan's reconfiguration requests and counts configuration changes and transfers. */
  private final MembershipHost membership;

  public RaftCluster(RunSpec spec, SafetyChecker checker, TraceSink sink) {
    this.spec = spec;
    this.config = spec.cluster();
    this.impl = ImplementationCatalog.require(spec.impl().name());
    this.format = impl.messageFormat();
    dev.raftsim.scenarios.ProtocolKnobs knobs = config.protocol();
    this.settings = new NodeSetup.Settings(config.electionMinMicros(), config.electionMaxMicros(),
        config.heartbeatMicros(), config.noOpOnElection(), config.maxEntriesPerAppend(),
        !knobs.equals(dev.raftsim.scenarios.ProtocolKnobs.PLAIN), knobs.readMode().cliName(), knobs.preVote(),
        knobs.checkQuorum(), knobs.clockDriftPermille(), config.snapshotEvery());
    // raftsim's planted bugs and the choice's own switches, as far as the implementation declares them (the CLI
    // rejects undeclared ones up front; a scenario's own bugs reach only an implementation that has them).
    TreeSet<String> opts = new TreeSet<>(spec.impl().options());
    config.bugs().forEach(b -> opts.add(b.cliName()));
    TreeSet<String> declared = new TreeSet<>();
    impl.options().forEach(o -> declared.add(o.name()));
    opts.retainAll(declared);
    this.options = Set.copyOf(opts);
    this.nodes = config.nodes();
    this.checker = checker;
    this.servers = new ServerProcess[nodes];
    this.raftNodes = new RaftServer[nodes];
    this.clients = new ClientProcess[config.clients()];
    this.outstanding = new int[config.clients()];
    java.util.Arrays.fill(outstanding, -1);
    // Abstract states are computed only where they are reported: a campaign turns them on for its schedules.
    this.coverage = new CoverageTracker(nodes, false);
    if (spec.plan().initialNetwork().dropProbability() > 0) {
      coverage.hit(HostPoint.NETWORK_LOSSY);
    }
    if (spec.plan().initialNetwork().duplicateProbability() > 0) {
      coverage.hit(HostPoint.NETWORK_DUPLICATING);
    }
    // Named timers, then the executor's; clients: the protocol's timers, then the workload's think timer.
    this.ownClient = impl.ownClientProtocol();
    int timerKinds = Math.max(impl.timers() + 1, (ownClient ? impl.clientTimers() : 1) + 1);
    SimulationConfig simConfig = new SimulationConfig(spec.seed(), nodes, nodes + config.clients(), spec.plan(),
        timerKinds, config.writebackMicros());
    MessageCodec<Object> codec = ownClient ? new ImplCodec(format) : new StandardClientCodec(format);
    this.sim = new Simulation<>(simConfig, codec, this::create);
    // Restarts read the journal back: compacted (if the implementation can), a long run with crashes stays as fast
    // and small as a short one.
    java.util.function.UnaryOperator<List<Object>> compactor = impl.journalCompactor();
    if (compactor != null) {
      for (int i = 0; i < nodes; i++) {
        sim.storage(i).compactWith(compactor::apply);
      }
    }
    this.membership = new MembershipHost(this, config.initialVoters());
    sim.setHostActions(membership);
    sim.setObserver(this);
    sim.setTraceSink(sink);
    this.traceSink = sink;
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

  /** Stands in for a server whose creation failed (the run has already stopped with an implementation error). */
  private static final class DeadServer implements RaftServer {
    @Override
    public void start() {}

    @Override
    public void onMessage(int from, Object message) {}

    @Override
    public void onTimer(int timer) {}

    @Override
    public void onClientCommand(ClientCommand command) {}

    @Override
    public Role role() {
      return Role.FOLLOWER;
    }

    @Override
    public long currentTerm() {
      return 0;
    }

    @Override
    public int votedFor() {
      return -1;
    }

    @Override
    public int lastIndex() {
      return 0;
    }

    @Override
    public long termAt(int index) {
      return 0;
    }

    @Override
    public long entryDigest(int index) {
      return 0;
    }

    @Override
    public String describeEntry(int index) {
      return "";
    }

    @Override
    public ClientCommand entryCommand(int index) {
      return null;
    }

    @Override
    public int commitIndex() {
      return 0;
    }

    @Override
    public int lastApplied() {
      return 0;
    }

    @Override
    public int logChangedFrom() {
      return 1;
    }

    @Override
    public void markObserved() {}
  }

  /** The up leader with the highest term, or -1: what primary-targeted faults aim at. */
  public int currentLeader() {
    int best = -1;
    for (int i = 0; i < nodes; i++) {
      if (sim.isUp(i) && raftNodes[i] != null && node(i).role() == Role.LEADER
          && (best < 0 || node(i).currentTerm() > node(best).currentTerm())) {
        best = i;
      }
    }
    return best;
  }

  private SimProcess<Object> create(int id, int incarnation, List<Object> durable) {
    if (id < nodes) {
      RaftServer before = raftNodes[id];
      int lastBefore = -1;
      long termBefore = -1;
      if (before != null && !(before instanceof DeadServer)) {
        lastBefore = before.lastIndex();
        termBefore = before.currentTerm();
      }
      if (servers[id] != null) {
        servers[id].kill(); // the previous incarnation: anything it still calls is a contract violation
      }
      ServerProcess p = new ServerProcess(this, id, impl.timers(), !format.immutableMessages());
      p.bind(sim.contextOf(id));
      servers[id] = p;
      NodeSetup setup = new NodeSetup(id, nodes, config.initialVoters(), incarnation, durable, options, settings);
      try {
        p.creating(true);
        p.server = impl.newServer(setup, p);
        if (p.server == null) {
          implementationError(id, "newServer returned null");
        } else {
          if (incarnation > 0 && lastBefore >= 0 && (p.server.lastIndex() < lastBefore
              || p.server.currentTerm() < termBefore)) {
            coverage.hit(HostPoint.RESTART_LOST_UNSYNCED_WRITES);
          }
          p.server.countCoverageInto(coverage.modelCounters());
        }
      } catch (ServerProcess.SpiContractException e) {
        // already recorded
      } catch (RuntimeException | AssertionError | StackOverflowError e) {
        if (!nodeThrew(id, e)) {
          throw e;
        }
      } finally {
        p.creating(false);
      }
      if (p.server == null) {
        p.server = new DeadServer();
      }
      raftNodes[id] = p.server;
      if (incarnation == 0 && id == 0) {
        reportsProgress = p.server.reportsLeaderProgress();
        reportsMembership = p.server.reportsMembership();
        halfCommitQuorum = p.server.halfCommitQuorumWhenEven();
      }
      return p;
    }
    if (incarnation != 0) {
      throw new IllegalStateException("clients never restart");
    }
    ClientProcess c = new ClientProcess(this, id, ownClient ? impl.clientTimers() : 1);
    RaftClient stub = null;
    if (ownClient) {
      try {
        stub = impl.newClient(id, nodes, c);
      } catch (RuntimeException | AssertionError | StackOverflowError e) {
        if (!nodeThrew(id, e)) {
          throw e;
        }
      }
    }
    c.bind(stub != null ? stub : new StandardClient(id, nodes, c));
    clients[id - nodes] = c;
    return c;
  }

  /**
   * Records a finding about the implementation (it threw, or broke the SPI's contract) at the current event and
   * stops the run. The first finding wins.
   */
  void implementationError(int process, String what) {
    if (violation == null) {
      long event = Math.max(0, sim.eventCount() - 1);
      String who = process < nodes ? "n" + (process + 1) : "client " + (process - nodes + 1);
      violation = new Violation(IMPLEMENTATION_ERROR, "implementation error at event " + event + ": " + who
          + " broke the SPI contract: " + what, event, sim.now(), process < nodes ? List.of(process) : List.of());
    }
    nodeFailed = true;
    sim.stop();
  }

  /** The implementation hosted. */
  public RaftImplementation implementation() {
    return impl;
  }

  MessageFormat format() {
    return format;
  }

  int processCount() {
    return nodes + clients.length;
  }

  /**
   * The one catch point for what escapes a call into the implementation under test (every call goes through
   * {@link ServerProcess}, {@link ClientProcess} or {@link #create}): records it as a {@link NodeFailure} finding at
   * the event being handled and stops the run. Returns false when the throw site is raftsim's own host code: then
   * it is raftsim's fault, and the caller rethrows it.
   */
  boolean nodeThrew(int process, Throwable e) {
    if (!NodeFailure.thrownByNode(e)) {
      return false;
    }
    if (violation == null) {
      long at = Math.max(0, sim.eventCount() - 1);
      violation = process < nodes ? NodeFailure.violation(process, e, at, sim.now())
          : NodeFailure.violation("client " + (process - nodes + 1), List.of(), e, at, sim.now());
    }
    nodeFailed = true;
    sim.stop();
    return true;
  }

  public ClusterConfig config() {
    return config;
  }

  /**
   * Writes the state trace of this run through {@code tracer} (call before {@link #run()}): its init record now,
   * then a record after every event that touches a server. Costs nothing when never called.
   */
  public void traceStates(StateTracer tracer) {
    if (sim.eventCount() != 0 || stateTracer != null) {
      throw new IllegalStateException("the state trace must be attached once, before the run starts");
    }
    // Fresh servers built as the host builds them at their start events, read and dropped before they act.
    NodeState[] boot = new NodeState[nodes];
    for (int i = 0; i < nodes; i++) {
      ServerProcess p = new ServerProcess(this, i, impl.timers(), false);
      p.bind(sim.contextOf(i));
      p.creating(true);
      try {
        boot[i] = impl.newServer(new NodeSetup(i, nodes, config.initialVoters(), 0, List.of(), options, settings), p);
      } finally {
        p.creating(false);
        p.kill();
      }
    }
    tracer.init(spec, impl.name(), new BootView(boot), traceSink);
    stateTracer = tracer;
    sim.setTraceSink(tracer); // it passes every record on to the sink that was there
  }

  public Simulation<Object> simulation() {
    return sim;
  }

  /** Runs to the spec's end (or the first violation), then the end-of-run checks. */
  public void run() {
    sim.runUntil(spec.durationMicros());
    if (violation == null && sim.budgetExceeded() != null) {
      violation = new Violation(NodeFailure.BUDGET, sim.budgetExceeded(), Math.max(0, sim.eventCount() - 1), sim.now(),
          List.of());
    }
    if (violation == null && checker != null && !sim.cancelled()) {
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
  void applied(int node, int index, int clientId, long seq, long now) {
    if (index != firstApplied + 1) {
      // Seen before, or (only with a planted bug) past a gap: the witness then stops short and the search decides.
      return;
    }
    firstApplied = index;
    if (index >= firstAppliedAt.length) {
      firstAppliedAt = java.util.Arrays.copyOf(firstAppliedAt, Math.max(index + 1, firstAppliedAt.length * 2));
    }
    firstAppliedAt[index] = now;
    if (config.snapshotEvery() > 0) {
      firstAppliedCommands.add(clientId < 0 ? null : raftNodes[node].entryCommand(index));
    }
    if (clientId >= 0) {
      commandsFirstApplied++;
    }
    int client = clientId < 0 ? -1 : clientId - nodes;
    if (client < 0 || client >= outstanding.length) {
      return;
    }
    int at = outstanding[client];
    if (at < 0 || history.get(at).seq() != seq || witnessIndex.length > at && witnessIndex[at] != 0
        || readOffLog.length > at && readOffLog[at]) {
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
   * Witness positions: entry i at i << 16, and the reads a leader answered with entries up to i applied right after
   * it, ordered by their instants: the later of the read's invocation and entry i's first application. A correct
   * leader answers such a read before any server applies i + 1 (its leadership was confirmed after the read was
   * invoked, and only it commits), so that order is a linearization; when it is not, the search decides.
   */
  private static final int READ_SLOTS_BITS = 16;

  /** A leader answered a GET without the log (see {@link dev.raftsim.raft.RaftOutput#readServed}). */
  void readServed(int server, String mode, int clientProcess, long seq, int appliedIndex, long now) {
    if (mode.equals("lease")) {
      leaseReads++;
    } else {
      readIndexReads++;
    }
    // A read answered by a leader while a leader of a higher term is up: right only if its confirmation (or lease)
    // came before that term began; the read path's hardest case, so a coverage point.
    long term = node(server).currentTerm();
    for (int i = 0; i < nodes; i++) {
      if (i != server && sim.isUp(i) && raftNodes[i] != null && node(i).role() == Role.LEADER
          && node(i).currentTerm() > term) {
        coverage.hit(HostPoint.READ_SERVED_BESIDE_NEWER_LEADER, now, server);
        if (node(i).commitIndex() > appliedIndex) {
          // ...and that leader has committed entries the read does not reflect: stale if one was acknowledged
          // before the read was invoked.
          coverage.hit(HostPoint.READ_SERVED_BEHIND_NEWER_COMMIT, now, server);
        }
        break;
      }
    }
    int client = clientProcess - nodes;
    if (client < 0 || client >= outstanding.length || appliedIndex > firstApplied) {
      return; // a scenario's direct request, or (only with a planted bug) a read of entries never applied first
    }
    int at = outstanding[client];
    if (at < 0 || history.get(at).seq() != seq) {
      return;
    }
    if (appliedIndex < firstApplied && firstAppliedAt[appliedIndex + 1] < history.get(at).invokeMicros()) {
      // An entry was applied somewhere (so committed, and perhaps acknowledged) before this read was invoked, and the
      // read does not reflect it: a stale read if that entry wrote the key read and its reply had reached its client.
      coverage.hit(HostPoint.READ_MISSED_EARLIER_ENTRY, now, server);
      if (coverage.hits(HostPoint.READ_MISSED_EARLIER_ENTRY) <= MISSED_WRITES_SCANS) {
        missedWrites(at, appliedIndex, server, now);
      }
    }
    // A later serve replaces an earlier one: the earlier reply may have been lost and the client retried (the client
    // takes the first reply that reaches it, so a delayed earlier reply can still make this wrong: the search decides).
    if (at >= witnessIndex.length) {
      witnessIndex = java.util.Arrays.copyOf(witnessIndex, Math.max(at + 1, witnessIndex.length * 2));
      witnessAt = java.util.Arrays.copyOf(witnessAt, witnessIndex.length);
    }
    if (at >= readOffLog.length) {
      readOffLog = java.util.Arrays.copyOf(readOffLog, Math.max(at + 1, readOffLog.length * 2));
    }
    readOffLog[at] = true;
    witnessIndex[at] = appliedIndex;
    witnessAt[at] = Math.max(history.get(at).invokeMicros(), appliedIndex == 0 ? 0 : firstAppliedAt[appliedIndex]);
  }

  /**
   * How many stale reads of one run have their missed writes looked for: each look walks the history, and a
   * buggy hour-long run can serve thousands of stale reads over a history of a million operations.
   */
  private static final int MISSED_WRITES_SCANS = 256;

  /**
   * A read at history position {@code at}, served with entries up to {@code appliedIndex}, missed an entry first
   * applied before it was invoked: whether a missed entry was a client's write, and whether one wrote the read's key.
   * Walks the history, so only on that rare near miss.
   */
  private void missedWrites(int at, int appliedIndex, int server, long now) {
    HistoryOp read = history.get(at);
    if (read.op() == null) {
      return; // a user's workload: no keys to compare
    }
    long invoked = read.invokeMicros();
    boolean missed = false;
    for (int k = 0; k < history.size() && k < witnessIndex.length; k++) {
      HistoryOp w = history.get(k);
      long index = witnessIndex[k];
      if (w.op() == null || w.op() == Op.GET || index <= appliedIndex || index > firstApplied
          || firstAppliedAt[(int) index] >= invoked) {
        continue;
      }
      missed = true;
      if (read.key().equals(w.key())) {
        coverage.hit(HostPoint.READ_MISSED_WRITE_TO_KEY, now, server);
        break;
      }
    }
    if (missed) {
      coverage.hit(HostPoint.READ_MISSED_CLIENT_WRITE, now, server);
    }
  }

  /** GETs answered by ReadIndex (including lease reads that fell back to it). */
  public int readIndexReads() {
    return readIndexReads;
  }

  /** GETs answered under a leader lease. */
  public int leaseReads() {
    return leaseReads;
  }

  /**
   * For each operation of {@link #history()}: the log index where its command first took effect and when, or
   * {@link Witness#NEVER}. Retries of a command may sit at several indices; only the first one applies it.
   */
  public Witness linearizationWitness() {
    long[] positions = new long[history.size()];
    long[] instants = new long[history.size()];
    List<long[]> reads = new ArrayList<>(); // {applied index, instant, history position}
    for (int k = 0; k < positions.length; k++) {
      boolean offLog = k < readOffLog.length && readOffLog[k];
      boolean applied = k < witnessIndex.length && (witnessIndex[k] != 0 || offLog);
      positions[k] = applied ? witnessIndex[k] << READ_SLOTS_BITS : Witness.NEVER;
      instants[k] = applied ? witnessAt[k] : 0;
      if (offLog) {
        reads.add(new long[] {witnessIndex[k], witnessAt[k], k});
      }
    }
    reads.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
        : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
    int slot = 0;
    for (int r = 0; r < reads.size(); r++) {
      long[] read = reads.get(r);
      slot = r > 0 && reads.get(r - 1)[0] == read[0] ? slot + 1 : 1;
      if (slot < 1 << READ_SLOTS_BITS) {
        positions[(int) read[2]] = read[0] << READ_SLOTS_BITS | slot;
      } else {
        positions[(int) read[2]] = Witness.NEVER; // the witness fails and the search decides
      }
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
      if (raftNodes[i] != null && node(i).commitIndex() > bestCommit) {
        bestCommit = node(i).commitIndex();
        best = i;
      }
    }
    int count = 0;
    // Planted bugs can push commitIndex past the log's end; count what is there.
    int upTo = best < 0 ? 0 : Math.min(bestCommit, node(best).lastIndex());
    int from = 1;
    if (best >= 0 && node(best).snapshotIndex() > 0) {
      // Its snapshot no longer holds the entries: count those up to the highest index applied anywhere from their
      // first applications (the same entries, by State Machine Safety, which the checkers assert), the rest here.
      // (best's snapshot base <= its lastApplied <= firstApplied.)
      count = commandsFirstApplied;
      from = firstApplied + 1;
    }
    for (int idx = from; idx <= upTo; idx++) {
      if (node(best).entryCommand(idx) != null) {
        count++;
      }
    }
    return count;
  }

  /**
   * The client command (null: a no-op) first applied at {@code index} on any server (with snapshots on; State
   * Machine Safety, which the checkers assert, makes it the committed entry's there).
   */
  public ClientCommand firstAppliedCommand(int index) {
    if (index < 1 || index > firstAppliedCommands.size()) {
      throw new IndexOutOfBoundsException("no entry applied at " + index + " (applied " + firstAppliedCommands.size()
          + ", snapshots " + (config.snapshotEvery() > 0 ? "on" : "off") + ")");
    }
    return firstAppliedCommands.get(index - 1);
  }

  /** Snapshots servers took of their own state machines, and snapshots installed from a leader, so far. */
  public long snapshotsTaken() {
    return snapshotsTaken;
  }

  public long snapshotsInstalled() {
    return snapshotsInstalled;
  }

  /** Protocol events counted over the run, by name, in a fixed order (RunResult.counters). */
  public java.util.Map<String, Long> counters() {
    java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
    m.put("snapshotsTaken", snapshotsTaken);
    m.put("snapshotsInstalled", snapshotsInstalled);
    m.put("configChanges", membership.configChanges());
    m.put("leadershipTransfers", membership.leadershipTransfers());
    return m;
  }

  void snapshotTaken() {
    snapshotsTaken++;
  }

  void snapshotInstalled() {
    snapshotsInstalled++;
  }

  /** What the checkers read of server {@code i} (its current incarnation). */
  public NodeState node(int i) {
    RaftServer n = raftNodes[i];
    if (n == null) {
      throw new NullPointerException("server " + i + " has not started");
    }
    return n;
  }

  void leaderElected(int node, long term, long now) {
    leadersElected++;
    membership.leaderElected(node, term);
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

  /** An operation of a user's workload (see {@link dev.raftsim.scenarios.Workload}). */
  void invoked(int clientProcess, long seq, dev.raftsim.spi.Operation op, long now) {
    int c = clientProcess - nodes;
    if (outstanding[c] >= 0) {
      throw new IllegalStateException("client " + (c + 1) + " invoked while an operation is outstanding");
    }
    outstanding[c] = history.size();
    history.add(new HistoryOp(history.size(), c + 1, seq, null, "", op.describe(), null, now, -1, op));
  }

  /** The clients' workload: null for the built-in KV one. Set before the run starts. */
  public void useWorkload(dev.raftsim.scenarios.Workload w) {
    workload = w;
  }

  dev.raftsim.scenarios.Workload workload() {
    return workload;
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

  /**
   * A server finished a message or timer input; {@code unchanged}: it left the node as the checkers last saw it;
   * {@code matchPeer} (-1: no): it left it so except for its matchIndex for that server; {@code appendOnly}: except
   * for entries appended to its log, its commit index and lastApplied (see {@code SafetyChecker.afterAppendEvent}).
   */
  void inputHandled(int node, boolean unchanged, int matchPeer, boolean appendOnly) {
    unchangedInput = unchanged ? node : -1;
    matchOnlyInput = matchPeer >= 0 ? node : -1;
    this.matchPeer = matchPeer;
    appendOnlyInput = appendOnly ? node : -1;
  }

  @Override
  public void afterEvent(long eventIndex, long timeMicros, int touchedNode) {
    boolean unchanged = touchedNode >= 0 && touchedNode == unchangedInput;
    int onlyMatchOf = touchedNode >= 0 && touchedNode == matchOnlyInput ? matchPeer : -1;
    boolean appendOnly = touchedNode >= 0 && touchedNode == appendOnlyInput;
    unchangedInput = -1;
    matchOnlyInput = -1;
    appendOnlyInput = -1;
    if (!unchanged && touchedNode < nodes && !nodeFailed) {
      coverage.afterEvent(this, timeMicros);
      if (reportsMembership) {
        membership.afterEvent(touchedNode);
      }
    }
    if ((checker == null && stateTracer == null) || touchedNode >= nodes || nodeFailed) {
      return;
    }
    Violation v = checker == null ? null
        : unchanged ? checker.afterUnchangedEvent(this, eventIndex, timeMicros, touchedNode)
        : onlyMatchOf >= 0 ? checker.afterMatchIndexEvent(this, eventIndex, timeMicros, touchedNode, onlyMatchOf)
        : appendOnly ? checker.afterAppendEvent(this, eventIndex, timeMicros, touchedNode)
        : checker.afterEvent(this, eventIndex, timeMicros, touchedNode);
    if (stateTracer != null) {
      stateTracer.afterEvent(this, eventIndex, timeMicros, touchedNode);
    }
    if (touchedNode >= 0) {
      if (raftNodes[touchedNode] != null) {
        raftNodes[touchedNode].markObserved();
      }
    } else {
      for (int i = 0; i < nodes; i++) {
        if (raftNodes[i] != null) {
          raftNodes[i].markObserved();
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
    // A network fault touches no one node in the kernel's terms, but an isolation has one subject: was it the leader?
    int subject = fault instanceof dev.raftsim.sim.Fault.Isolate iso ? iso.node() : touchedNode;
    boolean wasLeader = subject >= 0 && subject < nodes && raftNodes[subject] != null
        && raftNodes[subject].role() == Role.LEADER;
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

  static NodeRole nodeRole(Role r) {
    return ROLES[r.ordinal()];
  }

  /** Whether the implementation keeps matchIndex and nextIndex on leaders and reports them (raftsim's does). */
  @Override
  public boolean reportsLeaderProgress() {
    return reportsProgress;
  }

  @Override
  public int matchIndex(int node, int peer) {
    return node(node).matchIndex(peer);
  }

  @Override
  public int nextIndex(int node, int peer) {
    return node(node).nextIndex(peer);
  }

  /** NodeRole by spi.Role.ordinal(), checked once below so the two enums can never drift apart silently. */
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
    return node(node).entryDigest(index);
  }

  @Override
  public String describeEntry(int node, int index) {
    return node(node).describeEntry(index);
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

  @Override
  public int snapshotIndex(int node) {
    return node(node).snapshotIndex();
  }

  @Override
  public long snapshotTerm(int node) {
    return node(node).snapshotTerm();
  }

  @Override
  public long snapshotStateDigest(int node) {
    return node(node).snapshotStateDigest();
  }

  @Override
  public boolean reportsMembership() {
    return reportsMembership;
  }

  @Override
  public boolean halfCommitQuorumWhenEven() {
    return halfCommitQuorum;
  }

  @Override
  public long voters(int node) {
    return reportsMembership ? node(node).voters() & NodeSetup.allServers(nodes) : NodeSetup.allServers(nodes);
  }

  @Override
  public long learners(int node) {
    return reportsMembership ? node(node).learners() : 0;
  }

  @Override
  public long jointOldVoters(int node) {
    return reportsMembership ? node(node).jointOldVoters() : 0;
  }

  @Override
  public int configIndex(int node) {
    return reportsMembership ? node(node).configIndex() : 0;
  }

  @Override
  public boolean isConfigEntry(int node, int index) {
    return reportsMembership && node(node).isConfigEntry(index);
  }

  // ---------------------------------------------------------------- scenario control (host actions)

  /**
   * The lab's {@code rf.Start()}: hands server {@code node} a request of client {@code c} (1-based) as if it had
   * just arrived, without going through the network or the client's retry logic (the client ignores the answer).
   * Returns the log index the server appended it at, or -1 when the server is down, paused or not the leader.
   */
  public int start(int node, int c, long seq, Op op, String key, String value) {
    if (!sim.isUp(node) || sim.isPaused(node) || raftNodes[node] == null || node(node).role() != Role.LEADER) {
      return -1;
    }
    int client = nodes + c - 1;
    int before = node(node).lastIndex();
    KvOperation.Kind kind = switch (op) {
      case PUT -> KvOperation.Kind.PUT;
      case APPEND -> KvOperation.Kind.APPEND;
      case GET -> KvOperation.Kind.GET;
    };
    servers[node].clientCommand(sim.contextOf(node), new ClientCommand(client, seq, new KvOperation(kind, key, value)));
    return node(node).lastIndex() > before ? node(node).lastIndex() : -1;
  }

  /**
   * Fires server {@code node}'s election timeout now (etcd's MsgHup): a follower or candidate starts an election,
   * a leader ignores it. False when the node is down or paused.
   */
  public boolean campaign(int node) {
    if (!sim.isUp(node) || sim.isPaused(node) || raftNodes[node] == null) {
      return false;
    }
    return servers[node].campaign(sim.contextOf(node));
  }

  /**
   * Asks server {@code node}, as leader, to change the membership (a host action: scenarios, the reconfiguration
   * client). False when it is down or paused, or refused.
   */
  public boolean changeMembership(int node, dev.raftsim.spi.MembershipChange change) {
    if (!sim.isUp(node) || sim.isPaused(node) || raftNodes[node] == null) {
      return false;
    }
    return servers[node].changeMembership(sim.contextOf(node), change);
  }

  /** Asks server {@code node}, as leader, to hand leadership to {@code target}; false when down, paused or refused. */
  public boolean transferLeadership(int node, int target) {
    if (!sim.isUp(node) || sim.isPaused(node) || raftNodes[node] == null) {
      return false;
    }
    return servers[node].transferLeadership(sim.contextOf(node), target);
  }

  /** Carries out one reconfiguration request now, as the plan's host actions do; returns what it did. */
  public String reconfigure(dev.raftsim.scenarios.Reconfiguration.Action action) {
    dev.raftsim.sim.HostActions.Outcome o = membership.perform(action);
    if (o.fault() != null) {
      sim.inject(o.fault());
    }
    return o.detail();
  }

  /** The host's liveness rules for membership changes (see {@link MembershipLiveness}). */
  public static SafetyChecker membershipLiveness(dev.raftsim.invariants.LivenessConfig config) {
    return new MembershipLiveness(config);
  }

  /** Membership requests a leader accepted so far. */
  public long reconfigurationsAccepted() {
    return membership.requestsAccepted();
  }

  /**
   * Makes client c (1-based) scripted from now on and cancels its pending think timer, so it invokes nothing more on
   * its own (an operation in flight still completes). Unlike {@link #scriptClient}, which needs the client process
   * to exist, this is for host actions once the run has started (clients start at time 0).
   */
  public void stopClientWorkload(int c) {
    clients[c - 1].setScripted(true);
    Context<Object> ctx = sim.contextOf(nodes + c - 1);
    ctx.cancelTimer(clients[c - 1].thinkTimer());
  }
}
