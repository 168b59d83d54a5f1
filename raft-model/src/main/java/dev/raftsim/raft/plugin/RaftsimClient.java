package dev.raftsim.raft.plugin;

import dev.raftsim.raft.ClientReply;
import dev.raftsim.raft.Message;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.kv.ClientOutput;
import dev.raftsim.raft.kv.KvClient;
import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.ClientHost;
import dev.raftsim.spi.KvOperation;
import dev.raftsim.spi.RaftClient;

/** The model's KV client protocol (ClientRequest/ClientReply with leader hints and retries) behind the SPI. */
final class RaftsimClient implements RaftClient, ClientOutput {
  static final int RETRY_TIMER = 0;

  private final KvClient client;
  private final ClientHost host;

  RaftsimClient(int clientId, int clusterSize, ClientHost host) {
    this.client = new KvClient(clientId, clusterSize);
    this.host = host;
  }

  @Override
  public void invoke(ClientCommand c) {
    if (!(c.operation() instanceof KvOperation op)) {
      throw new IllegalArgumentException("raftsim serves the KV workload only, not " + c.operation().describe());
    }
    if (c.seq() != client.currentSeq() + 1) {
      throw new IllegalStateException("client " + c.clientId() + " asked to invoke #" + c.seq() + " after #"
          + client.currentSeq());
    }
    Op kind = switch (op.kind()) {
      case PUT -> Op.PUT;
      case APPEND -> Op.APPEND;
      case GET -> Op.GET;
    };
    client.invoke(kind, op.key(), op.value(), this);
  }

  @Override
  public void onMessage(int from, Object message) {
    if (message instanceof ClientReply r) {
      client.onReply(from, r, this);
    } else {
      throw new IllegalStateException("client " + host.self() + " received a server message "
          + ((Message) message).kind());
    }
  }

  @Override
  public void onTimer(int timer) {
    if (timer != RETRY_TIMER) {
      throw new IllegalStateException("unknown client timer " + timer);
    }
    client.onRetryTimeout(this);
  }

  @Override
  public void countCoverageInto(int[] counters) {
    client.countCoverageInto(counters);
  }

  @Override
  public void send(int to, Message m) {
    host.send(to, m);
  }

  @Override
  public void resetRetryTimer() {
    host.setTimer(RETRY_TIMER, host.retryMicros());
  }

  @Override
  public void cancelRetryTimer() {
    host.cancelTimer(RETRY_TIMER);
  }

  @Override
  public void completed(int clientId, long seq, Op op, String key, String value, String result) {
    host.completed(seq, result);
  }
}
