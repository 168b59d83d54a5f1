package dev.raftsim.scenarios.internal;

import dev.raftsim.sim.Context;
import dev.raftsim.sim.Prng;
import dev.raftsim.sim.SimProcess;
import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.DurableStore;
import dev.raftsim.spi.NodeHost;
import dev.raftsim.spi.RaftServer;
import dev.raftsim.spi.Randomness;
import dev.raftsim.spi.Role;
import dev.raftsim.spi.VirtualExecutor;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * Hosts one server incarnation of any SPI implementation on the simulator: the {@link NodeHost} it acts through
 * (network, named timers, executor, disk, randomness) and the single catch point around every call into it. A
 * throw from the implementation, or a call that breaks the SPI's contract, becomes an implementation error of the
 * run (see {@link RaftCluster#implementationError}).
 */
final class ServerProcess implements SimProcess<Object>, NodeHost, VirtualExecutor, DurableStore, Randomness {
  /** More tasks than this in one event is a runaway loop in the implementation, not a workload. */
  private static final int MAX_TASKS_PER_EVENT = 1_000_000;

  private final RaftCluster cluster;
  private final int self;
  private final int timers;
  /** The kernel timer kind the executor's scheduled tasks share. */
  private final int executorTimer;
  private final boolean copyMessages;
  RaftServer server;
  private Context<Object> ctx;
  /** True only while the host is inside a call into this incarnation. */
  private boolean active;
  /** False once this incarnation crashed: the host is dead to it. */
  private boolean alive = true;
  private ArrayDeque<Runnable> immediate;
  private PriorityQueue<Task> scheduled;
  private long taskSeq;
  /** Inside {@link #runDueTasks}: it re-arms the executor's timer itself when it is done. */
  private boolean runningTasks;
  private Role roleBefore;
  private long termBefore;
  private int voteBefore;
  private int lastBefore;
  private int commitBefore;
  private int appliedBefore;
  private int snapshotBefore;
  /** A leader's matchIndex for the server whose message is being handled (-1: not a leader or not from a server). */
  private int peerBefore = -1;
  private int matchBefore;

  private record Task(long at, long seq, Runnable run) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  ServerProcess(RaftCluster cluster, int self, int timers, boolean copyMessages) {
    this.cluster = cluster;
    this.self = self;
    this.timers = timers;
    this.executorTimer = timers;
    this.copyMessages = copyMessages;
  }

  /** Called by the factory: the creation itself is a call into the implementation, so the host is open during it. */
  void bind(Context<Object> c) {
    ctx = c;
  }

  /** Opens (true) or closes (false) the host around the implementation's {@code newServer}. */
  void creating(boolean on) {
    active = on;
  }

  /** The kernel dropped this incarnation (a crash): any later call from it is a contract violation. */
  void kill() {
    alive = false;
    immediate = null;
    scheduled = null;
  }

  // ---------------------------------------------------------------- SimProcess: the catch point

  @Override
  public void onStart(Context<Object> c) {
    ctx = c;
    try {
      capture();
      active = true;
      server.start();
      drain();
    } catch (RuntimeException | Error e) {
      failed(e);
    } finally {
      active = false;
    }
    after(false);
  }

  @Override
  public void onMessage(Context<Object> c, int from, Object message) {
    ctx = c;
    try {
      capture();
      capturePeer(from);
      active = true;
      if (message instanceof StandardClient.Call call) {
        server.onClientCommand(call.command());
      } else {
        server.onMessage(from, message);
      }
      drain();
    } catch (RuntimeException | Error e) {
      failed(e);
    } finally {
      active = false;
    }
    after(true);
  }

  @Override
  public void onTimer(Context<Object> c, int timer) {
    ctx = c;
    try {
      capture();
      active = true;
      if (timer == executorTimer) {
        runDueTasks();
      } else {
        server.onTimer(timer);
      }
      drain();
    } catch (RuntimeException | Error e) {
      failed(e);
    } finally {
      active = false;
    }
    after(true);
  }

  /** A host action (scenario {@code start}): the command as if a client had just delivered it. */
  void clientCommand(Context<Object> c, ClientCommand command) {
    ctx = c;
    try {
      capture();
      active = true;
      server.onClientCommand(command);
      drain();
    } catch (RuntimeException | Error e) {
      failed(e);
    } finally {
      active = false;
    }
    after(true);
  }

  /** A host action (scenario {@code campaign}): false when the implementation cannot start an election on demand. */
  boolean campaign(Context<Object> c) {
    return hostAction(c, RaftServer::campaign);
  }

  /** A host action (reconfiguration): asks this server, as leader, to change the membership. */
  boolean changeMembership(Context<Object> c, dev.raftsim.spi.MembershipChange change) {
    return hostAction(c, s -> s.changeMembership(change));
  }

  /** A host action (reconfiguration): asks this server, as leader, to hand leadership to {@code target}. */
  boolean transferLeadership(Context<Object> c, int target) {
    return hostAction(c, s -> s.transferLeadership(target));
  }

  /** One call into the server on the host's behalf, with its effects drained like an input's; false if it threw. */
  private boolean hostAction(Context<Object> c, java.util.function.Predicate<RaftServer> call) {
    ctx = c;
    capture();
    active = true;
    boolean done = false;
    try {
      done = call.test(server);
      drain();
    } catch (RuntimeException | Error e) {
      failed(e);
    } finally {
      active = false;
    }
    after(true);
    return done;
  }

  /**
   * What escaped a call into the implementation: a contract breach (already recorded when raised), or a throw that
   * {@link RaftCluster#nodeThrew} records as a finding about the node. A throw from raftsim's own host code, or the
   * JVM's own trouble, stays raftsim's error.
   */
  static void escaped(RaftCluster cluster, int process, Throwable e) {
    if (e instanceof SpiContractException) {
      return;
    }
    boolean finding = (e instanceof RuntimeException || e instanceof AssertionError || e instanceof StackOverflowError)
        && cluster.nodeThrew(process, e);
    if (!finding) {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) e;
    }
  }

  private void failed(Throwable e) {
    escaped(cluster, self, e);
  }

  /** One deterministic line: the exception, its message and where the implementation threw it. */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      sb.append(": ").append(e.getMessage());
    }
    StackTraceElement[] st = e.getStackTrace();
    if (st.length > 0) {
      sb.append(" (at ").append(st[0].getClassName()).append('.').append(st[0].getMethodName());
      if (st[0].getLineNumber() > 0) {
        sb.append(':').append(st[0].getLineNumber());
      }
      sb.append(')');
    }
    return sb.toString();
  }

  /** A call that breaks the contract: recorded at once (the implementation might swallow the exception). */
  private void contract(String what) {
    String msg = "n" + (self + 1) + " " + what;
    cluster.implementationError(self, what);
    throw new SpiContractException(msg);
  }

  private void checkActive(String call) {
    if (!active) {
      contract(alive ? "called " + call + " outside a call from the host (another thread, or a kept callback)"
          : "called " + call + " after it crashed");
    }
  }

  // ---------------------------------------------------------------- what the checkers see

  private void capture() {
    RaftServer n = server;
    peerBefore = -1;
    roleBefore = n.role();
    termBefore = n.currentTerm();
    voteBefore = n.votedFor();
    lastBefore = n.lastIndex();
    commitBefore = n.commitIndex();
    appliedBefore = n.lastApplied();
    snapshotBefore = n.snapshotIndex();
  }

  /** Only a reply from a peer moves a leader's matchIndex for that peer; the checkers read it on leaders. */
  private void capturePeer(int from) {
    RaftServer n = server;
    if (from < cluster.size() && from != self && roleBefore == Role.LEADER && n.reportsLeaderProgress()) {
      peerBefore = from;
      matchBefore = n.matchIndex(from);
    }
  }

  /**
   * Reports elections, and tells the cluster whether the input left the node exactly as the checkers last saw it
   * ({@code mayBeUnchanged} is false for a start: the checkers have not seen this incarnation yet).
   */
  private void after(boolean mayBeUnchanged) {
    if (cluster.violation() != null && cluster.violation().invariant().equals(RaftCluster.IMPLEMENTATION_ERROR)) {
      cluster.inputHandled(self, false, -1, false);
      return; // the node may be half-way through an input: nothing it says can be trusted now
    }
    try {
      observe(mayBeUnchanged);
    } catch (RuntimeException | Error e) {
      failed(e);
      cluster.inputHandled(self, false, -1, false);
    }
  }

  private void observe(boolean mayBeUnchanged) {
    RaftServer n = server;
    Role now = n.role();
    long term = n.currentTerm();
    if (now != roleBefore || term != termBefore) {
      if (now == Role.LEADER) {
        cluster.leaderElected(self, term, ctx.now());
      }
      if (ctx.tracing()) {
        ctx.note("role=" + now.name() + " term=" + term);
      }
    }
    if (ctx.tracing() && cluster.reportsMembership()) {
      noteConfiguration(n);
    }
    if (ctx.tracing() && n.commitIndex() > commitBefore && n.role() == Role.LEADER) {
      // Reports mark where a leader's commit index advanced (followers learn it later, from the leader).
      ctx.note("commit=" + n.commitIndex());
    }
    // Role, term, vote and snapshot base kept, nothing at or below the old last index rewritten (a restart or crash
    // is never such an input: mayBeUnchanged is false for a start, and a crashed process handles nothing).
    boolean kept = mayBeUnchanged && now == roleBefore && term == termBefore && n.votedFor() == voteBefore
        && n.logChangedFrom() == lastBefore + 1 && n.snapshotIndex() == snapshotBefore;
    boolean same = kept && n.lastIndex() == lastBefore && n.commitIndex() == commitBefore
        && n.lastApplied() == appliedBefore;
    boolean unchanged = same && (peerBefore < 0 || n.matchIndex(peerBefore) == matchBefore);
    // A leader's reply that only moved the sender's matchIndex (most acknowledgements that commit nothing).
    int matchPeer = same && !unchanged ? peerBefore : -1;
    // Entries appended, or the commit index or lastApplied moved (a leader's matchIndexes with them, perhaps).
    boolean appendOnly = kept && !same;
    peerBefore = -1;
    cluster.inputHandled(self, unchanged, matchPeer, appendOnly);
  }

  /** The configuration this incarnation last noted in the trace (null: none yet). */
  private long[] notedConfig;

  /**
   * Notes the server's configuration when it differs from what it last noted (reports draw each lane's membership
   * from these): {@code config 7 voters=n1,n2,n3 learners=n4}, with {@code old=...} while joint.
   */
  private void noteConfiguration(RaftServer n) {
    long voters = n.voters() & dev.raftsim.spi.NodeSetup.allServers(cluster.size());
    long learners = n.learners();
    long old = n.jointOldVoters();
    int index = n.configIndex();
    if (notedConfig != null && notedConfig[0] == voters && notedConfig[1] == learners && notedConfig[2] == old
        && notedConfig[3] == index) {
      return;
    }
    notedConfig = new long[] {voters, learners, old, index};
    ctx.note("config " + index + " voters=" + dev.raftsim.scenarios.Reconfiguration.names(voters) + " learners="
        + dev.raftsim.scenarios.Reconfiguration.names(learners)
        + (old == 0 ? "" : " old=" + dev.raftsim.scenarios.Reconfiguration.names(old)));
  }

  // ---------------------------------------------------------------- NodeHost

  @Override
  public int self() {
    return self;
  }

  @Override
  public int clusterSize() {
    return cluster.config().nodes();
  }

  @Override
  public long now() {
    return ctx.now();
  }

  @Override
  public long localNow() {
    return ctx.localNow();
  }

  @Override
  public void readServed(String mode, int clientId, long seq, int appliedIndex) {
    if (!active) {
      checkActive("readServed");
    }
    cluster.readServed(self, mode, clientId, seq, appliedIndex, ctx.now());
    if (ctx.tracing()) {
      ctx.note("read=" + mode + " c" + (clientId - cluster.config().nodes() + 1) + "#" + seq + " applied="
          + appliedIndex);
    }
  }

  @Override
  public void send(int to, Object message) {
    if (!active) {
      checkActive("send");
    }
    if (to < 0 || to >= cluster.processCount() || message == null) {
      contract(message == null ? "sent a null message" : "sent to process " + to + ", which does not exist");
    }
    ctx.send(to, copyMessages ? cluster.format().copy(message) : message);
  }

  @Override
  public void setTimer(int timer, long delayMicros) {
    if (!active) {
      checkActive("setTimer");
    }
    if (timer < 0 || timer >= timers || delayMicros < 0) {
      contract(delayMicros < 0 ? "set timer " + timer + " with a negative delay " + delayMicros
          : "set timer " + timer + " but declares timers 0.." + (timers - 1));
    }
    ctx.setTimer(timer, delayMicros);
  }

  @Override
  public void cancelTimer(int timer) {
    if (!active) {
      checkActive("cancelTimer");
    }
    if (timer < 0 || timer >= timers) {
      contract("cancelled timer " + timer + " but declares timers 0.." + (timers - 1));
    }
    ctx.cancelTimer(timer);
  }

  @Override
  public VirtualExecutor executor() {
    return this;
  }

  @Override
  public DurableStore storage() {
    return this;
  }

  @Override
  public Randomness random() {
    return this;
  }

  @Override
  public void applied(int index, int clientId, long seq) {
    if (!active) {
      checkActive("applied");
    }
    cluster.applied(self, index, clientId, seq, ctx.now());
  }

  @Override
  public void reply(int clientId, long seq, boolean ok, String result, int leaderHint) {
    if (!active) {
      checkActive("reply");
    }
    if (clientId < cluster.config().nodes() || clientId >= cluster.processCount()) {
      contract("replied to client " + clientId + ", which does not exist");
    }
    ctx.send(clientId, new StandardClient.Answer(clientId, seq, ok, result, leaderHint));
  }

  @Override
  public void snapshotTaken(int index, long term) {
    if (!active) {
      checkActive("snapshotTaken");
    }
    cluster.snapshotTaken();
    if (ctx.tracing()) {
      ctx.note("snapshot taken " + index + "/" + term);
    }
  }

  @Override
  public void snapshotInstalled(int index, long term) {
    if (!active) {
      checkActive("snapshotInstalled");
    }
    cluster.snapshotInstalled();
    if (ctx.tracing()) {
      ctx.note("installed snapshot " + index + "/" + term);
    }
  }

  @Override
  public boolean tracing() {
    return ctx.tracing();
  }

  @Override
  public void note(String text) {
    ctx.note(text);
  }

  // ---------------------------------------------------------------- DurableStore

  @Override
  public void write(Object record) {
    if (!active) {
      checkActive("write");
    }
    ctx.write(record);
  }

  @Override
  public void sync() {
    if (!active) {
      checkActive("sync");
    }
    ctx.sync();
  }

  // ---------------------------------------------------------------- Randomness: the node's own stream

  private Prng prng() {
    if (!active) {
      checkActive("random");
    }
    return ctx.random();
  }

  @Override
  public long nextLong() {
    return prng().nextLong();
  }

  @Override
  public int nextInt(int bound) {
    return prng().nextInt(bound);
  }

  @Override
  public long nextLong(long lo, long hi) {
    return prng().nextLong(lo, hi);
  }

  @Override
  public double nextDouble() {
    return prng().nextDouble();
  }

  // ---------------------------------------------------------------- VirtualExecutor

  @Override
  public void execute(Runnable task) {
    if (!active) {
      checkActive("execute");
    }
    if (immediate == null) {
      immediate = new ArrayDeque<>();
    }
    immediate.add(task);
  }

  @Override
  public void schedule(Runnable task, long delayMicros) {
    if (!active) {
      checkActive("schedule");
    }
    if (delayMicros < 0) {
      contract("scheduled a task with a negative delay " + delayMicros);
    }
    if (scheduled == null) {
      scheduled = new PriorityQueue<>();
    }
    long at = ctx.now() + ctx.scaledDelay(delayMicros);
    Task head = scheduled.peek();
    scheduled.add(new Task(at, taskSeq++, task));
    if (!runningTasks && (head == null || at < head.at())) {
      ctx.setTimerAt(executorTimer, at);
    }
  }

  private void runDueTasks() {
    long now = ctx.now();
    runningTasks = true;
    try {
      while (scheduled != null && !scheduled.isEmpty() && scheduled.peek().at() <= now) {
        scheduled.poll().run().run();
        drain();
      }
    } finally {
      runningTasks = false;
    }
    if (scheduled != null && !scheduled.isEmpty()) {
      ctx.setTimerAt(executorTimer, scheduled.peek().at());
    }
  }

  /** Runs the tasks submitted with {@link #execute} (and those they submit) before the host looks again. */
  private void drain() {
    if (immediate == null) {
      return;
    }
    int ran = 0;
    Runnable r;
    while ((r = immediate.poll()) != null) {
      if (++ran > MAX_TASKS_PER_EVENT) {
        contract("submitted more than " + MAX_TASKS_PER_EVENT + " tasks in one event (a runaway loop)");
      }
      r.run();
    }
  }

  /** Thrown into the implementation when it breaks the contract; the run already records the error. */
  static final class SpiContractException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    SpiContractException(String message) {
      super(message);
    }
  }
}
