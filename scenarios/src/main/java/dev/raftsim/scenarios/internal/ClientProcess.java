package dev.raftsim.scenarios.internal;

import dev.raftsim.raft.Op;
import dev.raftsim.sim.Context;
import dev.raftsim.sim.Prng;
import dev.raftsim.sim.SimProcess;
import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.ClientHost;
import dev.raftsim.spi.KvOperation;
import dev.raftsim.spi.RaftClient;
import dev.raftsim.spi.Randomness;

/**
 * A simulated client: the KV workload (think for a random while, then invoke a random put, append or get on a
 * small key space; contention makes the history worth checking) over a {@link RaftClient} that carries each
 * command to the cluster: the implementation's own, or the host's {@link StandardClient}. It records invocation and
 * completion in the cluster's history. Values are unique per operation so a duplicated append is visible to a
 * reader. Calls into the client are guarded like a server's: a throw is an implementation error.
 */
final class ClientProcess implements SimProcess<Object>, ClientHost, Randomness {
  private final RaftCluster cluster;
  private final int number;
  private final int self;
  /** Timers 0..thinkTimer-1 belong to the client protocol; the workload's think timer comes after them. */
  private final int thinkTimer;
  /** Values are "p<client>.<seq>" (put) and "<client>.<seq>;" (append): unique, so a read shows which writes it saw. */
  private final String putPrefix;
  private final String appendPrefix;
  private RaftClient client;
  private Context<Object> ctx;
  private boolean scripted;
  private long seq;
  private dev.raftsim.spi.Operation inFlight;

  ClientProcess(RaftCluster cluster, int processId, int protocolTimers) {
    this.cluster = cluster;
    this.self = processId;
    this.number = processId - cluster.config().nodes() + 1;
    this.thinkTimer = protocolTimers;
    this.putPrefix = "p" + number + ".";
    this.appendPrefix = number + ".";
  }

  void bind(RaftClient c) {
    client = c;
    if (c != null) {
      c.countCoverageInto(cluster.coverageTracker().modelCounters());
    }
  }

  /** Scripted clients only act when a scenario tells them to. */
  void setScripted(boolean s) {
    scripted = s;
  }

  boolean idle() {
    return inFlight == null;
  }

  int thinkTimer() {
    return thinkTimer;
  }

  @Override
  public void onStart(Context<Object> c) {
    ctx = c;
    if (!scripted) {
      think();
    }
  }

  @Override
  public void onMessage(Context<Object> c, int from, Object message) {
    ctx = c;
    try {
      client.onMessage(from, message);
    } catch (RuntimeException | Error e) {
      failed(e);
    }
  }

  @Override
  public void onTimer(Context<Object> c, int timer) {
    ctx = c;
    if (timer == thinkTimer) {
      if (idle()) {
        invokeRandom();
      }
      return;
    }
    try {
      client.onTimer(timer);
    } catch (RuntimeException | Error e) {
      failed(e);
    }
  }

  private void failed(Throwable e) {
    ServerProcess.escaped(cluster, self, e);
  }

  private void think() {
    ctx.setTimer(thinkTimer, 1 + ctx.random().exponential(cluster.config().clientThinkMeanMicros()));
  }

  private void invokeRandom() {
    dev.raftsim.scenarios.Workload w = cluster.workload();
    if (w != null) {
      invokeOwn(w);
      return;
    }
    Prng r = ctx.random();
    int pick = r.nextInt(100);
    int gets = cluster.config().protocol().getPercent();
    Op op;
    if (gets == dev.raftsim.scenarios.ProtocolKnobs.DEFAULT_GET_PERCENT) {
      op = pick < 35 ? Op.PUT : pick < 70 ? Op.APPEND : Op.GET;
    } else {
      int writes = 100 - gets;
      op = pick < writes / 2 ? Op.PUT : pick < writes ? Op.APPEND : Op.GET;
    }
    String key = keyName(r.nextInt(cluster.config().keys()));
    invoke(ctx, op, key);
  }

  /** Invokes an operation now (workload or a scenario acting through this client's context). */
  void invoke(Context<Object> c, Op op, String key) {
    ctx = c;
    long next = seq + 1;
    // StringBuilder, not '+': an invokedynamic concatenation here sometimes compiled into a separate, slow method
    // handle (3-5% of a whole checked run in some JVMs, 0.5% in others); C2 fuses this pattern reliably.
    String value = switch (op) {
      case PUT -> new StringBuilder().append(putPrefix).append(next).toString();
      case APPEND -> new StringBuilder().append(appendPrefix).append(next).append(';').toString();
      case GET -> null;
    };
    KvOperation.Kind kind = switch (op) {
      case PUT -> KvOperation.Kind.PUT;
      case APPEND -> KvOperation.Kind.APPEND;
      case GET -> KvOperation.Kind.GET;
    };
    if (inFlight != null) {
      throw new IllegalStateException("client " + number + " invoked while #" + seq + " is outstanding");
    }
    seq = next;
    inFlight = new KvOperation(kind, key, value);
    cluster.invoked(self, seq, op, key, value, ctx.now());
    if (ctx.tracing()) {
      ctx.note("invoke " + inFlight.describe() + " (#" + seq + ")");
    }
    try {
      client.invoke(new ClientCommand(self, seq, inFlight));
    } catch (RuntimeException | Error e) {
      failed(e);
    }
  }

  /** The next operation of a user's workload (drawn from this client's own stream, like the KV one). */
  private void invokeOwn(dev.raftsim.scenarios.Workload w) {
    long next = seq + 1;
    dev.raftsim.spi.Operation op;
    try {
      op = w.next(number, next, this);
    } catch (RuntimeException | Error e) {
      if (e instanceof OutOfMemoryError || e instanceof InternalError) {
        throw (Error) e;
      }
      cluster.implementationError(self, "workload " + w.name() + " of client c" + number + ": "
          + ServerProcess.describe(e));
      return;
    }
    if (op == null) {
      cluster.implementationError(self, "workload " + w.name() + " gave client c" + number + " a null operation");
      return;
    }
    seq = next;
    inFlight = op;
    cluster.invoked(self, seq, op, ctx.now());
    if (ctx.tracing()) {
      ctx.note("invoke " + op.describe() + " (#" + seq + ")");
    }
    try {
      client.invoke(new ClientCommand(self, seq, op));
    } catch (RuntimeException | Error e) {
      failed(e);
    }
  }

  private static final String[] FIRST_KEYS = {"x", "y", "z"};

  static String keyName(int k) {
    return k < 3 ? FIRST_KEYS[k] : "k" + k;
  }

  // ---------------------------------------------------------------- ClientHost

  @Override
  public int self() {
    return self;
  }

  @Override
  public long now() {
    return ctx.now();
  }

  @Override
  public void send(int to, Object m) {
    if (to < 0 || to >= cluster.config().nodes() || m == null) {
      cluster.implementationError(self, m == null ? "sent a null message" : "sent to process " + to + ", not a server");
      throw new ServerProcess.SpiContractException("bad client send");
    }
    ctx.send(to, m);
  }

  @Override
  public void setTimer(int timer, long delayMicros) {
    if (timer < 0 || timer >= thinkTimer || delayMicros < 0) {
      cluster.implementationError(self, "set timer " + timer
          + " (declares 0.." + (thinkTimer - 1) + ") with delay " + delayMicros);
      throw new ServerProcess.SpiContractException("bad client timer");
    }
    ctx.setTimer(timer, delayMicros);
  }

  @Override
  public void cancelTimer(int timer) {
    if (timer < 0 || timer >= thinkTimer) {
      cluster.implementationError(self, "cancelled timer " + timer);
      throw new ServerProcess.SpiContractException("bad client timer");
    }
    ctx.cancelTimer(timer);
  }

  @Override
  public long retryMicros() {
    return cluster.config().clientRetryMicros();
  }

  @Override
  public Randomness random() {
    return this;
  }

  @Override
  public long nextLong() {
    return ctx.random().nextLong();
  }

  @Override
  public int nextInt(int bound) {
    return ctx.random().nextInt(bound);
  }

  @Override
  public long nextLong(long lo, long hi) {
    return ctx.random().nextLong(lo, hi);
  }

  @Override
  public double nextDouble() {
    return ctx.random().nextDouble();
  }

  @Override
  public void completed(long doneSeq, String result) {
    if (inFlight == null || doneSeq != seq) {
      cluster.implementationError(self, "completed #" + doneSeq
          + (inFlight == null ? " with nothing outstanding" : " while #" + seq + " is outstanding"));
      throw new ServerProcess.SpiContractException("bad completion");
    }
    dev.raftsim.spi.Operation done = inFlight;
    inFlight = null;
    cluster.completed(self, doneSeq, result, ctx.now());
    if (ctx.tracing() && !(done instanceof KvOperation)) {
      ctx.note("complete " + done.describe() + (result == null ? " ok" : " -> \"" + result + "\"") + " (#" + doneSeq
          + ")");
    } else if (ctx.tracing()) {
      KvOperation op = (KvOperation) done;
      ctx.note("complete " + op.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + op.key()
          + (op.kind() == KvOperation.Kind.GET ? " -> \"" + result + "\"" : " ok") + " (#" + doneSeq + ")");
    }
    if (!scripted) {
      think();
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
}
