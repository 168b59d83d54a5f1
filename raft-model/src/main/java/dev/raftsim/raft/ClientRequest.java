package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;
import java.util.Objects;

/**
 * A client's request to a server. {@code clientId} is also the client's process id: the server sends its
 * {@link ClientReply} there.
 *
 * <p>A final class rather than a record only so that it can carry its fingerprint, computed once (as
 * {@link AppendEntries} does): hashing the key and value again on every send and delivery was a few per cent of a
 * checked run. It behaves exactly as the record {@code ClientRequest(int clientId, long seq, Op op, String key,
 * String value)} did (accessors, value-based equality, the same {@code toString}).
 */
public final class ClientRequest implements Message {
  private final int clientId;
  private final long seq;
  private final Op op;
  private final String key;
  private final String value;
  private final long fingerprint;

  public ClientRequest(int clientId, long seq, Op op, String key, String value) {
    // Same rules as Command; building one validates the fields.
    new Command(clientId, seq, op, key, value);
    this.clientId = clientId;
    this.seq = seq;
    this.op = op;
    this.key = key;
    this.value = value;
    long h = Hashing.combine(0x4352L, clientId);
    h = Hashing.combine(h, seq);
    h = Hashing.combine(h, op.ordinal());
    h = Hashing.combine(h, Hashing.ofString(key));
    this.fingerprint = Hashing.combine(h, Hashing.ofString(value));
  }

  public static ClientRequest of(Command c) {
    return new ClientRequest(c.clientId(), c.seq(), c.op(), c.key(), c.value());
  }

  public int clientId() {
    return clientId;
  }

  public long seq() {
    return seq;
  }

  public Op op() {
    return op;
  }

  public String key() {
    return key;
  }

  public String value() {
    return value;
  }

  /** The command this request asks the cluster to apply. */
  public Command toCommand() {
    return new Command(clientId, seq, op, key, value);
  }

  @Override
  public long fingerprint() {
    return fingerprint;
  }

  @Override
  public String summary() {
    return "CR " + toCommand().describe();
  }

  @Override
  public String kind() {
    return "ClientRequest";
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof ClientRequest r && fingerprint == r.fingerprint && clientId == r.clientId && seq == r.seq
            && op == r.op && key.equals(r.key) && Objects.equals(value, r.value));
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint);
  }

  @Override
  public String toString() {
    return "ClientRequest[clientId=" + clientId + ", seq=" + seq + ", op=" + op + ", key=" + key + ", value=" + value
        + "]";
  }
}
