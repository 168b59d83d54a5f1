package dev.raftsim.invariants.linearizability;

/**
 * One client operation of a history, as the client saw it: when it was invoked and, if it completed, when
 * and with which output.
 *
 * <p>An operation that never completed (the client gave up, or the run ended first) has
 * {@code completeMicros == PENDING} and a null output: it may have taken effect at any time after its
 * invocation, or never.
 *
 * @param id a label for people and tie-breaking; the host should keep it unique within a history
 * @param clientId the client that issued it, shown as "c" + clientId
 * @param op what it does
 * @param key the key it touches
 * @param input the value written by PUT and APPEND; ignored (may be null) for GET
 * @param output the value a completed GET returned; ignored for PUT and APPEND; null when pending
 * @param invokeMicros virtual time of the invocation
 * @param completeMicros virtual time of the completion, or {@link #PENDING}
 */
public record Operation(
    int id,
    int clientId,
    KvOp op,
    String key,
    String input,
    String output,
    long invokeMicros,
    long completeMicros) {

  /** Completion time of an operation that never completed: after everything else. */
  public static final long PENDING = Long.MAX_VALUE;

  public Operation {
    if (op == null) {
      throw new IllegalArgumentException("operation " + id + " has no op");
    }
    if (key == null) {
      throw new IllegalArgumentException("operation " + id + " has no key");
    }
    if (op != KvOp.GET && input == null) {
      throw new IllegalArgumentException("operation " + id + ": " + op + " needs an input value");
    }
    if (completeMicros < invokeMicros) {
      throw new IllegalArgumentException(
          "operation " + id + " completes at " + completeMicros + " before its invocation at " + invokeMicros);
    }
    if (op == KvOp.GET && completeMicros != PENDING && output == null) {
      throw new IllegalArgumentException("operation " + id + ": a completed GET needs its output");
    }
  }

  public static Operation put(int id, int clientId, String key, String value, long invokeMicros, long completeMicros) {
    return new Operation(id, clientId, KvOp.PUT, key, value, null, invokeMicros, completeMicros);
  }

  public static Operation append(
      int id, int clientId, String key, String value, long invokeMicros, long completeMicros) {
    return new Operation(id, clientId, KvOp.APPEND, key, value, null, invokeMicros, completeMicros);
  }

  public static Operation get(int id, int clientId, String key, String output, long invokeMicros, long completeMicros) {
    return new Operation(id, clientId, KvOp.GET, key, null, output, invokeMicros, completeMicros);
  }

  public boolean completed() {
    return completeMicros != PENDING;
  }

  public boolean isWrite() {
    return op != KvOp.GET;
  }

  /** This operation as if its client had never seen it complete: it may take effect later or never. */
  Operation asPending() {
    return new Operation(id, clientId, op, key, input, null, invokeMicros, PENDING);
  }

  /**
   * E.g. {@code c2 append(x, "7") -> ok [12.3 ms, 15.0 ms]}, {@code c1 get(x) -> "57" [30.0 ms, 31.0 ms]} or
   * {@code c3 put(x, "1") [invoked 40.0 ms] (never completed)}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder(48);
    sb.append('c').append(clientId).append(' ');
    switch (op) {
      case PUT -> sb.append("put(");
      case APPEND -> sb.append("append(");
      case GET -> sb.append("get(");
      default -> throw new IllegalStateException("unknown op " + op);
    }
    sb.append(key);
    if (op != KvOp.GET) {
      sb.append(", ");
      Text.quote(sb, input);
    }
    sb.append(')');
    if (!completed()) {
      sb.append(" [invoked ");
      Text.millis(sb, invokeMicros);
      sb.append("] (never completed)");
      return sb.toString();
    }
    sb.append(" -> ");
    if (op == KvOp.GET) {
      Text.quote(sb, output);
    } else {
      sb.append("ok");
    }
    sb.append(" [");
    Text.millis(sb, invokeMicros);
    sb.append(", ");
    Text.millis(sb, completeMicros);
    sb.append(']');
    return sb.toString();
  }
}
