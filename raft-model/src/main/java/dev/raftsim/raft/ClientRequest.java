package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/**
 * A client's request to a server. {@code clientId} is also the client's process id: the server sends its
 * {@link ClientReply} there.
 */
public record ClientRequest(int clientId, long seq, Op op, String key, String value) implements Message {

  public ClientRequest {
    // Same rules as Command; building one validates the fields.
    new Command(clientId, seq, op, key, value);
  }

  public static ClientRequest of(Command c) {
    return new ClientRequest(c.clientId(), c.seq(), c.op(), c.key(), c.value());
  }

  /** The command this request asks the cluster to apply. */
  public Command toCommand() {
    return new Command(clientId, seq, op, key, value);
  }

  @Override
  public long fingerprint() {
    long h = Hashing.combine(0x4352L, clientId);
    h = Hashing.combine(h, seq);
    h = Hashing.combine(h, op.ordinal());
    h = Hashing.combine(h, Hashing.ofString(key));
    return Hashing.combine(h, Hashing.ofString(value));
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
  public int hashCode() {
    return Hashing.fold(fingerprint());
  }
}
