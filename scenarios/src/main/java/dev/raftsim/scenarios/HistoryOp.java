package dev.raftsim.scenarios;

import dev.raftsim.raft.Op;

/**
 * One client operation as the client saw it: invoked at {@code invokeMicros}, completed at {@code completeMicros}
 * with {@code output} (-1 and null when it never completed: it may or may not have taken effect).
 */
public record HistoryOp(int id, int client, long seq, Op op, String key, String input, String output, long invokeMicros,
    long completeMicros) {

  public boolean completed() {
    return completeMicros >= 0;
  }

  public HistoryOp complete(String result, long at) {
    return new HistoryOp(id, client, seq, op, key, input, result, invokeMicros, at);
  }
}
