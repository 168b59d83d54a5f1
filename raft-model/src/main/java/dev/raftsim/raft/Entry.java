package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;
import java.util.Objects;

/**
 * A log entry: a client command, a leader's no-op, or a configuration ({@link Membership}). Immutable, so nodes, copies and messages share instances freely.
 *
 * <p>A final class rather than a record only so that it can carry its digest, computed once: every message
 * fingerprint and every checker reads it, and hashing the command's strings each time was the simulator's
 * single largest cost. It behaves exactly as the record {@code Entry(long term, Command command)} did (accessors,
 * value-based equality, the same {@code toString}).
 */
public final class Entry {

  private static final long NOOP_DIGEST = 0x4E6F2D4F70L;

  private final long term;
  private final Command command;
  /** A configuration entry's configuration (then command is null); null for commands and no-ops. */
  private final Membership config;
  private final long digest;

  /**
   * @param term the term of the leader that created it (>= 1)
   * @param command the client command, or null for a leader's no-op
   */
  public Entry(long term, Command command) {
    this(term, command, null);
  }

  private Entry(long term, Command command, Membership config) {
    if (term < 1) {
      throw new IllegalArgumentException("entry term must be >= 1, got " + term);
    }
    this.term = term;
    this.command = command;
    this.config = config;
    long h = Hashing.combine(0x456E747279L, term);
    // (commands and no-ops hash exactly as before configuration entries existed)
    this.digest = config != null ? Hashing.combine(Hashing.combine(h, 0x436667L), config.digest())
        : Hashing.combine(h, command == null ? NOOP_DIGEST : command.digest());
  }

  public static Entry noOp(long term) {
    return new Entry(term, null);
  }

  /** A configuration entry: takes effect on each server as soon as it is in that server's log. */
  public static Entry config(long term, Membership config) {
    return new Entry(term, null, java.util.Objects.requireNonNull(config, "config"));
  }

  /** The configuration this entry carries, or null (commands and no-ops). */
  public Membership config() {
    return config;
  }

  public boolean isConfig() {
    return config != null;
  }

  /** The term of the leader that created it (>= 1). */
  public long term() {
    return term;
  }

  /** The client command, or null for a leader's no-op. */
  public Command command() {
    return command;
  }

  /** A leader's no-op (neither a command nor a configuration). */
  public boolean isNoOp() {
    return command == null && config == null;
  }

  /** Value-based 64-bit digest of (term, command), stable across JVMs. */
  public long digest() {
    return digest;
  }

  /** E.g. {@code put x=3 (c2#5)} or {@code no-op}; the term is not included. */
  public String describe() {
    return config != null ? config.describe() : command == null ? "no-op" : command.describe();
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Entry e && term == e.term && digest == e.digest && Objects.equals(command, e.command)
            && Objects.equals(config, e.config));
  }

  @Override
  public int hashCode() {
    return Hashing.fold(digest);
  }

  @Override
  public String toString() {
    return config != null ? "Entry[term=" + term + ", config=" + config.describe() + "]"
        : "Entry[term=" + term + ", command=" + command + "]";
  }
}
