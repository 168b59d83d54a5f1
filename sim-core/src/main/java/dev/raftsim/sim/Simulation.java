package dev.raftsim.sim;

import dev.raftsim.sim.internal.Ev;
import dev.raftsim.sim.internal.EventHeap;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The deterministic kernel: one virtual clock, one event queue ordered by (time, sequence), processes that act
 * only through their {@link Context}, a network that delays, drops, duplicates and reorders, and the faults of
 * a {@link FaultPlan}. Everything random derives from the seed through independent streams. A running 64-bit
 * digest covers every kernel event; a {@link TraceSink} can record them all; an {@link Observer} runs after each.
 *
 * <p>Not thread-safe by design: one simulation, one thread.
 */
public final class Simulation<M> {
  private static final int DELIVER = 1;
  private static final int TIMER = 2;
  private static final int FAULT = 3;
  private static final int HOST = 5;
  private static final int START = 6;
  /** Undoes a trigger's partition, unless a newer partition has replaced it. */
  private static final int UNDO_PARTITION = 7;

  /** Stream purposes. Processes use PROCESS_STREAM_BASE + id. */
  public static final long NETWORK_STREAM = 1;
  public static final long PROCESS_STREAM_BASE = 1_000;

  private final SimulationConfig config;
  private final MessageCodec<M> codec;
  private final ProcessFactory<M> factory;
  private final int nodes;
  private final int processes;
  private final int timerKinds;

  private final EventHeap heap = new EventHeap();
  /** Recycled events, a stack (most recently freed first: still in cache). */
  private Ev[] pool = new Ev[64];
  private int pooled;
  private final Prng network;
  private final Prng[] processRandom;
  private final ProcessContext[] contexts;
  private final SimProcess<M>[] procs;
  private final DurableStore[] stores;
  private final boolean[] up;
  private final boolean[] paused;
  private final int[] incarnation;
  private final int[] skewPermille;
  /**
   * Each node's own clock: it read clockBase at real time clockSince and has run at 1000/skewPermille of real speed
   * since (a skew of 1400 stretches every timer 1.4 times, so that clock runs slow). Only consulted on request.
   */
  private final long[] clockBase;
  private final long[] clockSince;
  private final ArrayDeque<Ev>[] deferred;
  /**
   * Background writeback, settled lazily: a correct process syncs right after writing, so a queued writeback
   * event would almost always find nothing to do. Instead each process remembers when its pending writeback
   * would have fired, as (time, sequence) in the event order, and the kernel applies it the next time the store's
   * content matters (the next write, a crash, a read of the store) exactly as the event would have.
   */
  private final boolean[] writebackPending;
  private final long[] writebackAt;
  private final long[] writebackSeq;
  private final int[] writebackIncarnation;
  /** Sequence number of the event being dispatched; Long.MAX_VALUE between runs, when every due event has fired. */
  private long position = Long.MAX_VALUE;
  // Lazy timers: one live deadline per (process, kind); stale queue entries are recognised by generation.
  private final long[] timerDeadline;
  private final int[] timerGeneration;
  private final boolean[] timerArmed;
  private final long[] timerQueuedAt;
  // Links between faultable nodes: cut[from * nodes + to].
  private final boolean[] cut;
  private final long[] clogUntil;
  private final long[] fifoLast;
  private NetworkParams net;

  private Observer observer;
  private TraceSink sink;
  private PrimaryResolver primary = PrimaryResolver.NONE;
  private HostActions hostActions = HostActions.NONE;
  private int lastPrimaryCrashed = -1;
  private final ArrayDeque<Fault.CutNextPrimary> triggers = new ArrayDeque<>();
  private int lastCutPrimary = -1;
  private long lastCutTenure = -1;
  private long lastCutOverAt = -1;
  /** Bumped by every change of the link cuts, so a trigger's undo heals only its own partition. */
  private int partitionGeneration;
  private String faultDetail;
  private long now;
  private long seq;
  private long events;
  private long messageIds;
  private long digest = 0x6a09e667f3bcc908L;
  private boolean stopped;
  private boolean started;
  private long currentEvent;
  private long delivered;
  private long dropped;
  /** Polled every {@value #CANCEL_EVERY} queue entries: lets another thread abandon a run (SIGINT, a time-out). */
  private java.util.function.BooleanSupplier cancel;
  private boolean cancelled;
  private long maxEvents = Long.MAX_VALUE;
  private long maxEventsPerInstant = Long.MAX_VALUE;
  private long instant = -1;
  private long instantEvents;
  private String budgetExceeded;
  private static final int CANCEL_EVERY = 1024;
  private int sinceCancelCheck;

  @SuppressWarnings("unchecked")
  public Simulation(SimulationConfig config, MessageCodec<M> codec, ProcessFactory<M> factory) {
    this.config = config;
    this.codec = codec;
    this.factory = factory;
    this.nodes = config.nodes();
    this.processes = config.processes();
    this.timerKinds = config.timerKinds();
    this.network = Prng.derive(config.seed(), NETWORK_STREAM);
    this.processRandom = new Prng[processes];
    this.contexts = new Simulation.ProcessContext[processes];
    this.procs = new SimProcess[processes];
    this.stores = new DurableStore[processes];
    this.up = new boolean[processes];
    this.paused = new boolean[processes];
    this.incarnation = new int[processes];
    this.skewPermille = new int[processes];
    this.clockBase = new long[processes];
    this.clockSince = new long[processes];
    this.deferred = new ArrayDeque[processes];
    this.writebackPending = new boolean[processes];
    this.writebackAt = new long[processes];
    this.writebackSeq = new long[processes];
    this.writebackIncarnation = new int[processes];
    this.timerDeadline = new long[processes * timerKinds];
    this.timerGeneration = new int[processes * timerKinds];
    this.timerArmed = new boolean[processes * timerKinds];
    this.timerQueuedAt = new long[processes * timerKinds];
    this.cut = new boolean[nodes * nodes];
    this.clogUntil = new long[nodes * nodes];
    this.fifoLast = new long[processes * processes];
    this.net = config.plan().initialNetwork();
    for (int i = 0; i < processes; i++) {
      processRandom[i] = Prng.derive(config.seed(), PROCESS_STREAM_BASE + i);
      contexts[i] = new ProcessContext(i);
      stores[i] = new DurableStore();
      skewPermille[i] = 1000;
      deferred[i] = new ArrayDeque<>();
      java.util.Arrays.fill(timerQueuedAt, Long.MAX_VALUE);
    }
    for (int i = 0; i < processes; i++) {
      Ev e = obtain(0, START);
      e.node = i;
      heap.add(e);
    }
    List<TimedFault> actions = config.plan().actions();
    for (int i = 0; i < actions.size(); i++) {
      TimedFault tf = actions.get(i);
      Ev e = obtain(tf.atMicros(), FAULT);
      e.payload = tf.fault();
      heap.add(e);
    }
  }

  public SimulationConfig config() {
    return config;
  }

  public void setObserver(Observer observer) {
    this.observer = observer;
  }

  /**
   * Tells the kernel which node the host considers primary right now (for a Raft host, the leader), or -1; used
   * by the primary-targeted faults. It must be a deterministic function of the simulation's state.
   */
  public void setPrimaryResolver(PrimaryResolver resolver) {
    this.primary = resolver;
  }

  /** Starts recording every trace record into {@code sink} (null stops). Does not change the digest. */
  /** Who carries out the plan's {@link Fault.Host} actions (default: nobody; they are traced and do nothing). */
  public void setHostActions(HostActions actions) {
    this.hostActions = java.util.Objects.requireNonNull(actions, "actions");
  }

  public void setTraceSink(TraceSink sink) {
    this.sink = sink;
  }

  /**
   * Lets the run be abandoned from outside: {@code cancel} is polled every {@value #CANCEL_EVERY} queue entries and,
   * once true, the run stops as by {@link #stop()} and {@link #cancelled()} says so. Polling does not touch the
   * digest, so a run that is not cancelled is byte-identical to one without the hook.
   */
  public void setCancel(java.util.function.BooleanSupplier cancel) {
    this.cancel = cancel;
  }

  public boolean cancelled() {
    return cancelled;
  }

  /**
   * Bounds the run so that no configuration can keep it busy forever: at most {@code total} events in all, and
   * at most {@code perInstant} queue entries at one virtual instant (time that stops advancing is a spin, not a
   * schedule). Hitting either stops the run; {@link #budgetExceeded()} then says which.
   */
  public void setEventBudget(long total, long perInstant) {
    if (total < 1 || perInstant < 1) {
      throw new IllegalArgumentException("event budgets must be >= 1");
    }
    this.maxEvents = total;
    this.maxEventsPerInstant = perInstant;
  }

  /** Null, or the sentence saying which event budget stopped the run. */
  public String budgetExceeded() {
    return budgetExceeded;
  }

  /** Runs events until the queue is empty, the next event is later than {@code untilMicros}, or {@link #stop()}. */
  public void runUntil(long untilMicros) {
    started = true;
    while (!stopped && !heap.isEmpty() && heap.peekTime() <= untilMicros) {
      Ev e = heap.poll();
      now = e.time;
      position = e.seq;
      dispatch(e);
      recycle(e);
      if (!triggers.isEmpty()) {
        fireTriggers();
      }
      if (now != instant) {
        instant = now;
        instantEvents = 0;
      }
      if (++instantEvents > maxEventsPerInstant || events > maxEvents) {
        overBudget();
      }
      if (++sinceCancelCheck >= CANCEL_EVERY) {
        sinceCancelCheck = 0;
        if (cancel != null && cancel.getAsBoolean()) {
          cancelled = true;
          stopped = true;
        }
      }
    }
    if (!stopped) {
      position = Long.MAX_VALUE;
      if (untilMicros > now) {
        now = untilMicros;
      }
    }
  }

  private void overBudget() {
    budgetExceeded = instantEvents > maxEventsPerInstant
        ? "virtual time stopped advancing: " + instantEvents + " queue entries at " + now + " us (budget "
            + maxEventsPerInstant + " per instant)"
        : "the run exceeded its budget of " + maxEvents + " events at " + now + " us";
    stopped = true;
  }

  /** Ends the run after the current event (e.g. an observer found a violation). */
  public void stop() {
    stopped = true;
  }

  public boolean stopped() {
    return stopped;
  }

  /** Schedules host code (a scenario step, an injected client command) at a virtual time; counts as an event. */
  public void schedule(long atMicros, Consumer<Simulation<M>> action) {
    if (atMicros < now) {
      throw new IllegalArgumentException("cannot schedule in the past: " + atMicros + " < " + now);
    }
    Ev e = obtain(atMicros, HOST);
    e.payload = action;
    heap.add(e);
  }

  /** Applies a fault now, as a host action would (scenarios drive faults by hand this way). */
  public void inject(Fault fault) {
    applyFault(fault);
  }

  public long now() {
    return now;
  }

  public long eventCount() {
    return events;
  }

  public long digest() {
    return digest;
  }

  public long messagesDelivered() {
    return delivered;
  }

  public long messagesDropped() {
    return dropped;
  }

  public int nodeCount() {
    return nodes;
  }

  public int processCount() {
    return processes;
  }

  public SimProcess<M> process(int id) {
    return procs[id];
  }

  /** A process's context, for host actions that act on its behalf (e.g. a scenario submitting a command). */
  public Context<M> contextOf(int id) {
    return contexts[id];
  }

  public boolean isUp(int id) {
    return up[id];
  }

  public boolean isPaused(int id) {
    return paused[id];
  }

  public int incarnation(int id) {
    return incarnation[id];
  }

  public DurableStore storage(int id) {
    settleWriteback(id);
    return stores[id];
  }

  public NetworkParams networkParams() {
    return net;
  }

  public boolean linkCut(int from, int to) {
    return from < nodes && to < nodes && cut[from * nodes + to];
  }

  // ---------------------------------------------------------------- event dispatch

  private void dispatch(Ev e) {
    switch (e.type) {
      case DELIVER -> {
        int to = e.node;
        if (paused[to]) {
          defer(e);
          return;
        }
        long id = nextEvent();
        if (!up[to]) {
          dropped++;
          record(TraceKind.LOST, to, e.from, e.id, e.aux, e.sentAt, null, e.payload, e.fingerprint);
          notifyObserver(id, to);
          return;
        }
        delivered++;
        @SuppressWarnings("unchecked")
        M msg = (M) e.payload;
        record(TraceKind.DELIVER, to, e.from, e.id, e.aux, e.sentAt, null, msg, e.fingerprint);
        procs[to].onMessage(contexts[to], e.from, msg);
        notifyObserver(id, to);
      }
      case TIMER -> {
        int node = e.node;
        int slot = node * timerKinds + e.aux;
        if (e.from != timerGeneration[slot]) {
          return; // superseded by a re-arm or a crash
        }
        if (paused[node]) {
          defer(e);
          return;
        }
        timerQueuedAt[slot] = Long.MAX_VALUE;
        if (!timerArmed[slot]) {
          return;
        }
        if (timerDeadline[slot] > now) {
          queueTimer(node, e.aux, timerDeadline[slot]);
          return;
        }
        timerArmed[slot] = false;
        long id = nextEvent();
        record(TraceKind.TIMER, node, -1, -1, e.aux, -1, null);
        procs[node].onTimer(contexts[node], e.aux);
        notifyObserver(id, node);
      }
      case FAULT -> {
        Fault f = (Fault) e.payload;
        applyFault(f);
      }
      case UNDO_PARTITION -> {
        if (partitionGeneration == e.aux) {
          applyFault((Fault) e.payload);
        }
      }
      case HOST -> {
        long id = nextEvent();
        record(TraceKind.HOST, -1, -1, -1, -1, -1, "host action");
        @SuppressWarnings("unchecked")
        Consumer<Simulation<M>> action = (Consumer<Simulation<M>>) e.payload;
        action.accept(this);
        notifyObserver(id, -1);
      }
      case START -> {
        int node = e.node;
        long id = nextEvent();
        up[node] = true;
        procs[node] = factory.create(node, 0, List.of());
        record(TraceKind.START, node, -1, -1, -1, -1, null);
        procs[node].onStart(contexts[node]);
        notifyObserver(id, node);
      }
      default -> throw new IllegalStateException("unknown event type " + e.type);
    }
  }

  private long nextEvent() {
    currentEvent = events++;
    return currentEvent;
  }

  private void notifyObserver(long eventIndex, int touched) {
    if (observer != null) {
      observer.afterEvent(eventIndex, now, touched);
    }
  }

  private void defer(Ev e) {
    Ev copy = obtain(e.time, e.type);
    copy.node = e.node;
    copy.from = e.from;
    copy.aux = e.aux;
    copy.id = e.id;
    copy.payload = e.payload;
    copy.sentAt = e.sentAt;
    copy.fingerprint = e.fingerprint;
    deferred[e.node].add(copy);
  }

  // ---------------------------------------------------------------- faults

  private void applyFault(Fault f) {
    long id = nextEvent();
    faultDetail = null;
    int touched;
    if (f instanceof Fault.Host h) {
      HostActions.Outcome o = hostActions.perform(h.action());
      touched = o.fault() == null ? -1 : effect(o.fault());
      String inner = o.fault() == null ? null
          : faultDetail == null ? o.fault().describe() : o.fault().describe() + " " + faultDetail;
      faultDetail = o.detail() == null ? inner : inner == null ? o.detail() : o.detail() + ": " + inner;
    } else {
      touched = effect(f);
    }
    digestStep(TraceKind.FAULT.ordinal(), touched, -1, -1, Prng.stringKey(f.describe()));
    if (sink != null) {
      String text = faultDetail == null ? f.describe() : f.describe() + " (" + faultDetail + ")";
      sink.record(new TraceEvent(id, now, TraceKind.FAULT, touched, -1, -1, -1, text));
    }
    if (observer != null) {
      observer.faultApplied(f, touched);
    }
    notifyObserver(id, touched);
  }

  /** Applies a kernel fault's effect; returns the node it touched (-1: none or several). */
  private int effect(Fault f) {
    int touched = -1;
    if (f instanceof Fault.CrashPrimary) {
      int p = primary.primary();
      if (p >= 0 && up[checkNode(p)]) {
        touched = p;
        lastPrimaryCrashed = p;
        faultDetail = "n" + (p + 1);
        crash(p);
      }
    } else if (f instanceof Fault.RestartPrimary) {
      if (lastPrimaryCrashed >= 0) {
        touched = lastPrimaryCrashed;
        faultDetail = "n" + (lastPrimaryCrashed + 1);
        restart(lastPrimaryCrashed);
        lastPrimaryCrashed = -1;
      }
    } else if (f instanceof Fault.PartitionPrimary pp) {
      int p = primary.primary();
      if (p >= 0) {
        checkNode(p);
        partitionGeneration++;
        java.util.Arrays.fill(cut, false);
        boolean[] minority = new boolean[nodes];
        for (int k = 0; k < Math.min(pp.minority(), nodes); k++) {
          minority[(p + k) % nodes] = true;
        }
        for (int a = 0; a < nodes; a++) {
          for (int b = 0; b < nodes; b++) {
            cut[a * nodes + b] = minority[a] != minority[b];
          }
        }
        faultDetail = "n" + (p + 1);
      }
    } else if (f instanceof Fault.CutNextPrimary t) {
      triggers.add(t);
    } else if (f instanceof Fault.Crash c) {
      touched = checkNode(c.node());
      crash(c.node());
    } else if (f instanceof Fault.Restart r) {
      touched = checkNode(r.node());
      restart(r.node());
    } else if (f instanceof Fault.Pause p) {
      touched = checkNode(p.node());
      if (up[p.node()] && !paused[p.node()]) {
        paused[p.node()] = true;
        record(TraceKind.PAUSE, p.node(), -1, -1, -1, -1, null);
      }
    } else if (f instanceof Fault.Resume r) {
      touched = checkNode(r.node());
      resume(r.node());
    } else if (f instanceof Fault.Partition p) {
      partitionGeneration++;
      java.util.Arrays.fill(cut, true);
      for (List<Integer> group : p.groups()) {
        for (int a : group) {
          for (int b : group) {
            cut[checkNode(a) * nodes + checkNode(b)] = false;
          }
        }
      }
      for (int n = 0; n < nodes; n++) {
        cut[n * nodes + n] = false;
      }
    } else if (f instanceof Fault.CutLink c) {
      partitionGeneration++;
      cut[checkNode(c.from()) * nodes + checkNode(c.to())] = true;
    } else if (f instanceof Fault.Isolate iso) {
      partitionGeneration++;
      int n = checkNode(iso.node());
      for (int o = 0; o < nodes; o++) {
        if (o != n) {
          cut[n * nodes + o] = true;
          cut[o * nodes + n] = true;
        }
      }
    } else if (f instanceof Fault.Bridge b) {
      partitionGeneration++;
      java.util.Arrays.fill(cut, false);
      for (int l : b.left()) {
        for (int r : b.right()) {
          cut[checkNode(l) * nodes + checkNode(r)] = true;
          cut[r * nodes + l] = true;
        }
      }
    } else if (f instanceof Fault.HealNetwork) {
      partitionGeneration++;
      java.util.Arrays.fill(cut, false);
    } else if (f instanceof Fault.Clog c) {
      int link = checkNode(c.from()) * nodes + checkNode(c.to());
      clogUntil[link] = Math.max(clogUntil[link], now + c.durationMicros());
    } else if (f instanceof Fault.SetNetwork s) {
      net = s.params();
    } else if (f instanceof Fault.Skew s) {
      setSkew(checkNode(s.node()), s.permille());
    } else if (f instanceof Fault.Reseed r) {
      network.branch(r.salt());
      for (int i = 0; i < processRandom.length; i++) {
        processRandom[i].branch(r.salt() + i);
      }
    } else if (f instanceof Fault.HealAll h) {
      triggers.clear();
      partitionGeneration++;
      java.util.Arrays.fill(cut, false);
      java.util.Arrays.fill(clogUntil, 0);
      net = h.calm();
      for (int n = 0; n < nodes; n++) {
        setSkew(n, 1000);
        resume(n);
        if (!up[n]) {
          restart(n);
        }
      }
    } else {
      throw new IllegalStateException("unknown fault " + f);
    }
    return touched;
  }

  /** Arms the next queued leader-hunting trigger once a new primary shows up. */
  private void fireTriggers() {
    int p = primary.primary();
    if (p < 0) {
      return;
    }
    long tenure = primary.tenure();
    if (p == lastCutPrimary && tenure == lastCutTenure && now < lastCutOverAt) {
      return;
    }
    checkNode(p);
    Fault.CutNextPrimary t = triggers.poll();
    lastCutPrimary = p;
    lastCutTenure = tenure;
    if (now + t.delayMicros() >= config.plan().healAtMicros()) {
      return; // faults stop at the heal: a late trigger is spent without effect
    }
    lastCutOverAt = now + t.delayMicros() + t.durationMicros();
    Fault cut;
    Fault undo;
    if (t.crash()) {
      cut = new Fault.Crash(p);
      undo = new Fault.Restart(p);
    } else {
      List<Integer> minority = new java.util.ArrayList<>();
      List<Integer> rest = new java.util.ArrayList<>();
      for (int k = 0; k < nodes; k++) {
        (((k - p + nodes) % nodes) < t.minority() ? minority : rest).add(k);
      }
      cut = new Fault.Partition(List.of(minority, rest));
      undo = new Fault.HealNetwork();
    }
    Ev e = obtain(now + t.delayMicros(), FAULT);
    e.payload = cut;
    heap.add(e);
    Ev u = obtain(lastCutOverAt, undo instanceof Fault.HealNetwork ? UNDO_PARTITION : FAULT);
    u.payload = undo;
    // The partition's generation is known once it is applied; it is the next one.
    u.aux = partitionGeneration + 1;
    heap.add(u);
  }

  private int checkNode(int n) {
    if (n < 0 || n >= nodes) {
      throw new IllegalArgumentException("fault names node " + n + " but faultable nodes are 0.." + (nodes - 1));
    }
    return n;
  }

  private void crash(int n) {
    if (!up[n]) {
      return;
    }
    settleWriteback(n);
    up[n] = false;
    paused[n] = false;
    deferred[n].forEach(this::recycle);
    deferred[n].clear();
    for (int k = 0; k < timerKinds; k++) {
      int slot = n * timerKinds + k;
      timerGeneration[slot]++;
      timerArmed[slot] = false;
      timerQueuedAt[slot] = Long.MAX_VALUE;
    }
    int lost = stores[n].crash();
    procs[n] = null;
    record(TraceKind.CRASH, n, -1, -1, -1, -1, lost > 0 ? "lost " + lost + " unsynced writes" : null);
  }

  private void restart(int n) {
    if (up[n]) {
      return;
    }
    incarnation[n]++;
    up[n] = true;
    procs[n] = factory.create(n, incarnation[n], stores[n].durableRecords());
    record(TraceKind.RESTART, n, -1, -1, -1, -1, null);
    procs[n].onStart(contexts[n]);
  }

  private void resume(int n) {
    if (!paused[n]) {
      return;
    }
    paused[n] = false;
    record(TraceKind.RESUME, n, -1, -1, -1, -1, null);
    // The frozen node sees its backlog now, in the order it arrived.
    while (!deferred[n].isEmpty()) {
      Ev e = deferred[n].poll();
      e.time = now;
      e.seq = seq++;
      heap.add(e);
    }
  }

  // ---------------------------------------------------------------- network and timers

  private void send(int from, int to, M msg) {
    if (to < 0 || to >= processes) {
      throw new IllegalArgumentException("process " + from + " sends to unknown process " + to);
    }
    long id = messageIds++;
    // Once per message: the delivery (or loss) record reuses it from the event.
    long fp = codec.fingerprint(msg);
    record(TraceKind.SEND, from, to, id, -1, -1, null, msg, fp);
    if (from < nodes && to < nodes && cut[from * nodes + to]) {
      dropped++;
      record(TraceKind.DROP, from, to, id, -1, -1, "link cut", msg, fp);
      return;
    }
    if (network.chance(net.dropProbability())) {
      dropped++;
      record(TraceKind.DROP, from, to, id, -1, -1, "lost", msg, fp);
      return;
    }
    scheduleDelivery(from, to, id, msg, fp, 0);
    if (network.chance(net.duplicateProbability())) {
      record(TraceKind.DUPLICATE, from, to, id, -1, -1, null, msg, fp);
      scheduleDelivery(from, to, id, codec.duplicate(msg), fp, 1);
    }
  }

  private void scheduleDelivery(int from, int to, long id, M msg, long fingerprint, int duplicate) {
    long at = now + net.minDelayMicros() + network.exponential(net.meanExtraDelayMicros());
    if (from < nodes && to < nodes) {
      at = Math.max(at, clogUntil[from * nodes + to]);
    }
    if (net.fifo()) {
      int link = from * processes + to;
      at = Math.max(at, fifoLast[link]);
      fifoLast[link] = at;
    }
    Ev e = obtain(at, DELIVER);
    e.node = to;
    e.from = from;
    e.id = id;
    e.aux = duplicate;
    e.payload = msg;
    e.fingerprint = fingerprint;
    e.sentAt = now;
    heap.add(e);
  }

  private void setSkew(int node, int permille) {
    clockBase[node] = localNow(node);
    clockSince[node] = now;
    skewPermille[node] = permille;
  }

  /** Node {@code node}'s own clock now (see {@link #clockBase}). */
  public long localNow(int node) {
    long real = now - clockSince[node];
    return clockBase[node] + (skewPermille[node] == 1000 ? real : real * 1000 / skewPermille[node]);
  }

  private void setTimer(int node, int kind, long delay) {
    if (delay < 0) {
      throw new IllegalArgumentException("negative timer delay " + delay);
    }
    armTimer(node, kind, now + scaledDelay(node, delay));
  }

  private long scaledDelay(int node, long delay) {
    return skewPermille[node] == 1000 ? delay : delay * skewPermille[node] / 1000;
  }

  private void armTimer(int node, int kind, long deadline) {
    if (kind < 0 || kind >= timerKinds) {
      throw new IllegalArgumentException("timer kind " + kind + " outside 0.." + (timerKinds - 1));
    }
    if (deadline < now) {
      throw new IllegalArgumentException("timer deadline " + deadline + " is in the past (now " + now + ")");
    }
    int slot = node * timerKinds + kind;
    timerDeadline[slot] = deadline;
    timerArmed[slot] = true;
    if (timerQueuedAt[slot] > deadline) {
      // The queued entry (if any) would fire too late: supersede it.
      timerGeneration[slot]++;
      queueTimer(node, kind, deadline);
    }
  }

  private void queueTimer(int node, int kind, long at) {
    int slot = node * timerKinds + kind;
    Ev e = obtain(at, TIMER);
    e.node = node;
    e.aux = kind;
    e.from = timerGeneration[slot];
    timerQueuedAt[slot] = at;
    heap.add(e);
  }

  private void cancelTimer(int node, int kind) {
    timerArmed[node * timerKinds + kind] = false;
  }

  /**
   * Applies process {@code n}'s pending writeback if it falls before the current point of the event order: it
   * syncs what was written before it, unless the process crashed since (a new incarnation, or down).
   */
  private void settleWriteback(int n) {
    if (!writebackPending[n]) {
      return;
    }
    long at = writebackAt[n];
    if (at < now || (at == now && writebackSeq[n] <= position)) {
      writebackPending[n] = false;
      if (up[n] && incarnation[n] == writebackIncarnation[n]) {
        stores[n].sync();
      }
    }
  }

  // ---------------------------------------------------------------- trace and digest

  private void record(TraceKind kind, int node, int peer, long msgId, int aux, long sentAt, String detail) {
    record(kind, node, peer, msgId, aux, sentAt, detail, null, 0);
  }

  /** {@code fp} is the message's fingerprint (0 without a message). */
  private void record(TraceKind kind, int node, int peer, long msgId, int aux, long sentAt, String detail, Object msg,
      long fp) {
    digestStep(kind.ordinal(), node, peer, msgId, fp ^ aux);
    if (sink != null) {
      String text = kind == TraceKind.TIMER ? "timer " + aux : detail;
      if (msg != null) {
        @SuppressWarnings("unchecked")
        String summary = codec.summary((M) msg);
        text = detail == null ? summary : summary + " (" + detail + ")";
        if (kind == TraceKind.DELIVER && (aux & 1) != 0) {
          text = text + " (duplicate)";
        }
      }
      sink.record(new TraceEvent(currentEvent, now, kind, node, peer, msgId, sentAt, text));
    }
  }

  private void digestStep(int kind, int node, int peer, long msgId, long fp) {
    long x = now * 0x9e3779b97f4a7c15L ^ ((long) kind << 56) ^ ((long) (node + 1) << 40) ^ ((long) (peer + 1) << 24) ^ msgId;
    digest = Prng.mix64(Prng.mix64(digest ^ x) ^ fp);
  }

  // ---------------------------------------------------------------- pooling

  private Ev obtain(long time, int type) {
    Ev e = pooled > 0 ? pool[--pooled] : new Ev();
    e.time = time;
    e.seq = seq++;
    e.type = type;
    e.node = -1;
    e.from = -1;
    e.aux = 0;
    e.id = -1;
    e.payload = null;
    return e;
  }

  private void recycle(Ev e) {
    e.clear();
    if (pooled == pool.length) {
      pool = java.util.Arrays.copyOf(pool, pooled * 2);
    }
    pool[pooled++] = e;
  }

  private final class ProcessContext implements Context<M> {
    private final int id;

    ProcessContext(int id) {
      this.id = id;
    }

    @Override
    public int self() {
      return id;
    }

    @Override
    public long now() {
      return now;
    }

    @Override
    public void send(int to, M message) {
      Simulation.this.send(id, to, message);
    }

    @Override
    public void setTimer(int timer, long delayMicros) {
      Simulation.this.setTimer(id, timer, delayMicros);
    }

    @Override
    public void cancelTimer(int timer) {
      Simulation.this.cancelTimer(id, timer);
    }

    @Override
    public void setTimerAt(int timer, long atMicros) {
      Simulation.this.armTimer(id, timer, atMicros);
    }

    @Override
    public long scaledDelay(long delayMicros) {
      return Simulation.this.scaledDelay(id, delayMicros);
    }

    @Override
    public void write(Object record) {
      settleWriteback(id);
      stores[id].write(record);
      if (config.writebackMicros() > 0 && !writebackPending[id]) {
        writebackPending[id] = true;
        writebackAt[id] = now + config.writebackMicros();
        // The sequence number an event queued now would get: it fires before every event queued later.
        writebackSeq[id] = seq;
        writebackIncarnation[id] = incarnation[id];
      }
    }

    @Override
    public void sync() {
      stores[id].sync();
    }

    @Override
    public Prng random() {
      return processRandom[id];
    }

    @Override
    public long localNow() {
      return Simulation.this.localNow(id);
    }

    @Override
    public boolean tracing() {
      return sink != null;
    }

    @Override
    public void note(String text) {
      if (sink != null) {
        sink.record(new TraceEvent(currentEvent, now, TraceKind.NOTE, id, -1, -1, -1, text));
      }
    }
  }
}
