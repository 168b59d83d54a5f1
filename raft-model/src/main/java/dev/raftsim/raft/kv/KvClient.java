package dev.raftsim.raft.kv;

import dev.raftsim.raft.ClientReply;
import dev.raftsim.raft.ClientRequest;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.internal.Hashing;
import java.util.Objects;

/**
 * The client side of the KV protocol: one operation at a time, each with a fresh seq, retried with the
 * same (clientId, seq) until some server answers ok. The host decides what to invoke and when, and
 * records history times.
 *
 * <p>Retry policy: on an ok=false reply the client switches to the reply's leaderHint if it names one,
 * else to the next server round-robin, and resends at once (the host may add delay in the network),
 * re-arming the retry timer. On a retry timeout it resends to the next server round-robin.
 */
public final class KvClient {

  private final int clientId;
  private final int clusterSize;
  private int leaderGuess;
  private long lastSeq;
  private boolean inFlight;
  private Op op;
  private String key;
  private String value;

  public KvClient(int clientId, int clusterSize) {
    if (clusterSize < 1) {
      throw new IllegalArgumentException("clusterSize must be >= 1, got " + clusterSize);
    }
    if (clientId < clusterSize) {
      throw new IllegalArgumentException("client id " + clientId + " collides with server ids 0.." + (clusterSize - 1));
    }
    this.clientId = clientId;
    this.clusterSize = clusterSize;
    this.leaderGuess = clientId % clusterSize;
  }

  public boolean idle() {
    return !inFlight;
  }

  /** Starts a new operation (the client must be idle). */
  public void invoke(Op op, String key, String value, ClientOutput out) {
    if (inFlight) {
      throw new IllegalStateException("client " + clientId + " already has c" + clientId + "#" + lastSeq + " in flight");
    }
    Objects.requireNonNull(out, "out");
    ClientRequest probe = new ClientRequest(clientId, lastSeq + 1, op, key, value); // validates the arguments
    lastSeq++;
    this.op = op;
    this.key = key;
    this.value = value;
    inFlight = true;
    out.send(leaderGuess, probe);
    out.resetRetryTimer();
  }

  /** A server's reply; replies for other clients or other seqs, or when idle, are ignored. */
  public void onReply(ClientReply r, ClientOutput out) {
    Objects.requireNonNull(r, "reply");
    if (!inFlight || r.clientId() != clientId || r.seq() != lastSeq) {
      return;
    }
    if (r.ok()) {
      inFlight = false;
      out.cancelRetryTimer();
      out.completed(clientId, lastSeq, op, key, value, r.value());
      return;
    }
    leaderGuess = r.leaderHint() >= 0 && r.leaderHint() < clusterSize ? r.leaderHint() : nextServer();
    resend(out);
  }

  /** The retry timer fired: resend the same request to the next server. */
  public void onRetryTimeout(ClientOutput out) {
    if (!inFlight) {
      return;
    }
    leaderGuess = nextServer();
    resend(out);
  }

  private int nextServer() {
    return (leaderGuess + 1) % clusterSize;
  }

  private void resend(ClientOutput out) {
    out.send(leaderGuess, new ClientRequest(clientId, lastSeq, op, key, value));
    out.resetRetryTimer();
  }

  public int clientId() {
    return clientId;
  }

  /** The server the next (re)send goes to. */
  public int leaderGuess() {
    return leaderGuess;
  }

  /** Seq of the operation in flight, or of the last one (0 before the first). */
  public long currentSeq() {
    return lastSeq;
  }

  public KvClient copy() {
    KvClient c = new KvClient(clientId, clusterSize);
    c.leaderGuess = leaderGuess;
    c.lastSeq = lastSeq;
    c.inFlight = inFlight;
    c.op = op;
    c.key = key;
    c.value = value;
    return c;
  }

  public long fingerprint() {
    long h = Hashing.combine(0x4B76436CL, clientId);
    h = Hashing.combine(h, leaderGuess);
    h = Hashing.combine(h, lastSeq);
    h = Hashing.combine(h, inFlight);
    h = Hashing.combine(h, op == null ? -1 : op.ordinal());
    h = Hashing.combine(h, Hashing.ofString(key));
    return Hashing.combine(h, Hashing.ofString(value));
  }
}
