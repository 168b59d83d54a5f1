package dev.raftsim.scenarios.internal;

import dev.raftsim.raft.ClientReply;
import dev.raftsim.raft.Message;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.kv.ClientOutput;
import dev.raftsim.raft.kv.KvClient;
import dev.raftsim.sim.Context;
import dev.raftsim.sim.Prng;
import dev.raftsim.sim.SimProcess;

/**
 * A simulated client: thinks for a random while, then invokes a random put, append or get on a small key space
 * (contention makes the history worth checking), waits for the answer (retrying through KvClient) and records
 * invocation and completion in the cluster's history. Values are unique per operation so a duplicated append
 * is visible to a reader.
 */
final class ClientProcess implements SimProcess<Message>, ClientOutput {
  static final int RETRY_TIMER = 0;
  static final int THINK_TIMER = 1;

  private final RaftCluster cluster;
  private final KvClient client;
  private final int number;
  /** Values are "p<client>.<seq>" (put) and "<client>.<seq>;" (append): unique, so a read shows which writes it saw. */
  private final String putPrefix;
  private final String appendPrefix;
  private Context<Message> ctx;
  private boolean scripted;

  ClientProcess(RaftCluster cluster, int processId) {
    this.cluster = cluster;
    this.client = new KvClient(processId, cluster.config().nodes());
    client.countCoverageInto(cluster.coverageTracker().modelCounters());
    this.number = processId - cluster.config().nodes() + 1;
    this.putPrefix = "p" + number + ".";
    this.appendPrefix = number + ".";
  }

  /** Scripted clients only act when a scenario tells them to. */
  void setScripted(boolean s) {
    scripted = s;
  }

  boolean idle() {
    return client.idle();
  }

  @Override
  public void onStart(Context<Message> c) {
    ctx = c;
    if (!scripted) {
      think();
    }
  }

  @Override
  public void onMessage(Context<Message> c, int from, Message message) {
    ctx = c;
    if (message instanceof ClientReply r) {
      try {
        client.onReply(from, r, this);
      } catch (RuntimeException | AssertionError e) {
        if (!cluster.nodeThrew(c.self(), e)) {
          throw e;
        }
      }
    } else {
      throw new IllegalStateException("client " + c.self() + " received a server message " + message.kind());
    }
  }

  @Override
  public void onTimer(Context<Message> c, int timer) {
    ctx = c;
    if (timer == RETRY_TIMER) {
      try {
        client.onRetryTimeout(this);
      } catch (RuntimeException | AssertionError e) {
        if (!cluster.nodeThrew(c.self(), e)) {
          throw e;
        }
      }
    } else if (timer == THINK_TIMER) {
      if (client.idle()) {
        invokeRandom();
      }
    } else {
      throw new IllegalStateException("unknown client timer " + timer);
    }
  }

  private void think() {
    ctx.setTimer(THINK_TIMER, 1 + ctx.random().exponential(cluster.config().clientThinkMeanMicros()));
  }

  private void invokeRandom() {
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
    invoke(c(), op, key);
  }

  private Context<Message> c() {
    return ctx;
  }

  /** Invokes an operation now (workload or a scenario acting through this client's context). */
  void invoke(Context<Message> c, Op op, String key) {
    ctx = c;
    long seq = client.currentSeq() + 1;
    String value = switch (op) {
      case PUT -> putPrefix + seq;
      case APPEND -> appendPrefix + seq + ";";
      case GET -> null;
    };
    cluster.invoked(ctx.self(), seq, op, key, value, ctx.now());
    if (ctx.tracing()) {
      ctx.note("invoke " + op.name().toLowerCase(java.util.Locale.ROOT) + " " + key + (value == null ? "" : "=" + value)
          + " (#" + seq + ")");
    }
    client.invoke(op, key, value, this);
    if (client.currentSeq() != seq) {
      throw new IllegalStateException("KvClient numbered the operation " + client.currentSeq() + ", expected " + seq);
    }
  }

  private static final String[] FIRST_KEYS = {"x", "y", "z"};

  static String keyName(int k) {
    return k < 3 ? FIRST_KEYS[k] : "k" + k;
  }

  @Override
  public void send(int to, Message m) {
    ctx.send(to, m);
  }

  @Override
  public void resetRetryTimer() {
    ctx.setTimer(RETRY_TIMER, cluster.config().clientRetryMicros());
  }

  @Override
  public void cancelRetryTimer() {
    ctx.cancelTimer(RETRY_TIMER);
  }

  @Override
  public void completed(int clientId, long seq, Op op, String key, String value, String result) {
    cluster.completed(clientId, seq, result, ctx.now());
    if (ctx.tracing()) {
      ctx.note("complete " + op.name().toLowerCase(java.util.Locale.ROOT) + " " + key
          + (op == Op.GET ? " -> \"" + result + "\"" : " ok") + " (#" + seq + ")");
    }
    if (!scripted) {
      think();
    }
  }
}
