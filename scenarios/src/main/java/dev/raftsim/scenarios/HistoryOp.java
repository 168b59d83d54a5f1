package dev.raftsim.scenarios;

import dev.raftsim.raft.Op;

/**
 * One client operation as the client saw it: invoked at {@code invokeMicros}, completed at {@code completeMicros}
 * with {@code output} (-1 and null when it never completed: it may or may not have taken effect). An operation of the
 * built-in KV workload has {@code op}, {@code key} and {@code input}; one of a user's {@link Workload} has {@code op}
 * null, {@code key} empty, {@code input} its description, and the operation itself in {@code operation}.
 */
public record HistoryOp(int id, int client, long seq, Op op, String key, String input, String output, long invokeMicros,
    long completeMicros, dev.raftsim.spi.Operation operation) {

  /** An operation of the built-in KV workload. */
  public HistoryOp(int id, int client, long seq, Op op, String key, String input, String output, long invokeMicros,
      long completeMicros) {
    this(id, client, seq, op, key, input, output, invokeMicros, completeMicros, null);
  }

  /** The operation's kind for people: put, append, get, or the user operation's class name. */
  public String kindName() {
    return op != null ? op.name().toLowerCase(java.util.Locale.ROOT)
        : operation == null ? "op" : operation.getClass().getSimpleName();
  }

  public boolean completed() {
    return completeMicros >= 0;
  }

  public HistoryOp complete(String result, long at) {
    return new HistoryOp(id, client, seq, op, key, input, result, invokeMicros, at, operation);
  }
}
