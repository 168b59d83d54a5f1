package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;
import java.util.Objects;

/**
 * A client command as stored in the log. {@code (clientId, seq)} identifies it for deduplication.
 *
 * @param clientId the client's process id
 * @param seq the client's sequence number, from 1
 * @param op the operation
 * @param key the key
 * @param value the operand for PUT/APPEND; null for GET
 */
public record Command(int clientId, long seq, Op op, String key, String value) {

  public Command {
    if (clientId < 0) {
      throw new IllegalArgumentException("clientId must be >= 0, got " + clientId);
    }
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1, got " + seq);
    }
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(key, "key");
    if ((op == Op.GET) != (value == null)) {
      throw new IllegalArgumentException(op + " " + key + ": value must be null exactly for GET, got " + value);
    }
  }

  /** Value-based 64-bit digest, stable across JVMs. */
  public long digest() {
    long h = Hashing.combine(0x436F6D6D616E64L, clientId);
    h = Hashing.combine(h, seq);
    h = Hashing.combine(h, op.ordinal());
    h = Hashing.combine(h, Hashing.ofString(key));
    return Hashing.combine(h, Hashing.ofString(value));
  }

  /** E.g. {@code put x=5 (c2#7)}, {@code append x+=ab (c2#8)}, {@code get x (c2#9)}. */
  public String describe() {
    String body = switch (op) {
      case PUT -> "put " + key + "=" + value;
      case APPEND -> "append " + key + "+=" + value;
      case GET -> "get " + key;
    };
    return body + " (c" + clientId + "#" + seq + ")";
  }

  @Override
  public int hashCode() {
    return Hashing.fold(digest());
  }
}
