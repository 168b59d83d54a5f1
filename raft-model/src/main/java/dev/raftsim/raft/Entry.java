package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/**
 * A log entry. Immutable, so nodes, copies and messages share instances freely.
 *
 * @param term the term of the leader that created it (>= 1)
 * @param command the client command, or null for a leader's no-op
 */
public record Entry(long term, Command command) {

  private static final long NOOP_DIGEST = 0x4E6F2D4F70L;

  public Entry {
    if (term < 1) {
      throw new IllegalArgumentException("entry term must be >= 1, got " + term);
    }
  }

  public static Entry noOp(long term) {
    return new Entry(term, null);
  }

  public boolean isNoOp() {
    return command == null;
  }

  /** Value-based 64-bit digest of (term, command), stable across JVMs. */
  public long digest() {
    long h = Hashing.combine(0x456E747279L, term);
    return Hashing.combine(h, command == null ? NOOP_DIGEST : command.digest());
  }

  /** E.g. {@code put x=3 (c2#5)} or {@code no-op}; the term is not included. */
  public String describe() {
    return command == null ? "no-op" : command.describe();
  }

  @Override
  public int hashCode() {
    return Hashing.fold(digest());
  }
}
