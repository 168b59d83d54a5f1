package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/**
 * A server's answer to a client. {@code ok == false} means "not leader / not committed here, retry
 * elsewhere"; {@code leaderHint} is the server the replier believes leads, or -1. {@code value} is the
 * result of the operation (the value read for GET; null for PUT/APPEND and when not ok).
 */
public record ClientReply(int clientId, long seq, boolean ok, String value, int leaderHint) implements Message {

  public ClientReply {
    if (clientId < 0 || seq < 1 || leaderHint < -1) {
      throw new IllegalArgumentException("malformed ClientReply: client=" + clientId + " seq=" + seq
          + " leaderHint=" + leaderHint);
    }
  }

  @Override
  public long fingerprint() {
    long h = Hashing.combine(0x435252L, clientId);
    h = Hashing.combine(h, seq);
    h = Hashing.combine(h, ok);
    h = Hashing.combine(h, Hashing.ofString(value));
    return Hashing.combine(h, leaderHint);
  }

  @Override
  public String summary() {
    String head = "CRR c" + clientId + "#" + seq;
    if (ok) {
      return value == null ? head + " ok" : head + " ok value=" + value;
    }
    return leaderHint < 0 ? head + " retry" : head + " retry leader=n" + (leaderHint + 1);
  }

  @Override
  public String kind() {
    return "ClientReply";
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint());
  }
}
