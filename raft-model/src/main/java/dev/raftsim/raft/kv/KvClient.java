package dev.raftsim.raft.kv;

import dev.raftsim.raft.ClientReply;
import dev.raftsim.raft.ClientRequest;
import dev.raftsim.raft.CoveragePoint;
import dev.raftsim.raft.CoverageReporting;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.internal.Hashing;
import java.util.Objects;

/**
 * The client side of the KV protocol: one operation at a time, each with a fresh seq, retried with the
 * same (clientId, seq) until some server answers ok. The host decides what to invoke and when, and
 * records history times.
 *
 * <p>Retry policy: only a refusal from the server the latest attempt went to counts (a duplicated or
 * late refusal of an earlier attempt must not trigger another resend, or duplication would multiply the
 * client's messages without bound). A refusal naming a leader is followed at once by a resend there; a
 * refusal without a hint (an election is going on) moves to the next server but waits for the retry
 * timer, so a leaderless cluster is not flooded. On a retry timeout the client resends to the next
 * server round-robin.
 */
public final class KvClient implements CoverageReporting {

  private final int clientId;
  private final int clusterSize;
  private int leaderGuess;
  private long lastSeq;
  private boolean inFlight;
  /** The server the latest attempt went to; only its refusal moves the client on. */
  private int attemptTarget = -1;
  /** A hint-less refusal already moved leaderGuess on: the retry timer resends there without rotating. */
  private boolean resendWithoutRotating;
  private Op op;
  private String key;
  private String value;
  /** The operation in flight was resent (coverage bookkeeping; not Raft state, not fingerprinted). */
  private boolean retried;
  private int[] coverage;

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
    resendWithoutRotating = false;
    retried = false;
    attemptTarget = leaderGuess;
    out.send(leaderGuess, probe);
    out.resetRetryTimer();
  }

  /**
   * A reply from server {@code from}; replies for other clients or other seqs, or when idle, are ignored,
   * and so are refusals from any server but the latest attempt's.
   */
  public void onReply(int from, ClientReply r, ClientOutput out) {
    Objects.requireNonNull(r, "reply");
    if (!inFlight || r.clientId() != clientId || r.seq() != lastSeq) {
      hit(CoveragePoint.CLIENT_STALE_REPLY_IGNORED);
      return;
    }
    if (r.ok()) {
      if (retried) {
        hit(CoveragePoint.CLIENT_COMPLETED_AFTER_RETRY);
      }
      inFlight = false;
      leaderGuess = from >= 0 && from < clusterSize ? from : leaderGuess;
      out.cancelRetryTimer();
      out.completed(clientId, lastSeq, op, key, value, r.value());
      return;
    }
    if (from != attemptTarget || resendWithoutRotating) {
      hit(CoveragePoint.CLIENT_STALE_REPLY_IGNORED);
      return;
    }
    if (r.leaderHint() >= 0 && r.leaderHint() < clusterSize && r.leaderHint() != from) {
      hit(CoveragePoint.CLIENT_REDIRECTED);
      leaderGuess = r.leaderHint();
      resend(out);
    } else {
      hit(CoveragePoint.CLIENT_REFUSED_NO_HINT);
      leaderGuess = nextServer();
      resendWithoutRotating = true;
    }
  }

  /** The retry timer fired: resend the same request to the next server. */
  public void onRetryTimeout(ClientOutput out) {
    if (!inFlight) {
      return;
    }
    hit(CoveragePoint.CLIENT_RETRY_TIMEOUT);
    if (!resendWithoutRotating) {
      leaderGuess = nextServer();
    }
    resendWithoutRotating = false;
    resend(out);
  }

  private int nextServer() {
    return (leaderGuess + 1) % clusterSize;
  }

  private void resend(ClientOutput out) {
    retried = true;
    attemptTarget = leaderGuess;
    out.send(leaderGuess, new ClientRequest(clientId, lastSeq, op, key, value));
    out.resetRetryTimer();
  }

  /** Counts this client's {@link CoveragePoint}s into {@code counters} (by ordinal); null stops. */
  @Override
  public void countCoverageInto(int[] counters) {
    coverage = counters;
  }

  private void hit(CoveragePoint p) {
    int[] c = coverage;
    if (c != null) {
      c[p.ordinal()]++;
    }
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
    c.attemptTarget = attemptTarget;
    c.resendWithoutRotating = resendWithoutRotating;
    c.retried = retried; // coverage bookkeeping only: not in the fingerprint
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
    h = Hashing.combine(h, attemptTarget);
    h = Hashing.combine(h, resendWithoutRotating);
    h = Hashing.combine(h, op == null ? -1 : op.ordinal());
    h = Hashing.combine(h, Hashing.ofString(key));
    return Hashing.combine(h, Hashing.ofString(value));
  }
}
