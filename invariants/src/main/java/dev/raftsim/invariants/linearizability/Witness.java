package dev.raftsim.invariants.linearizability;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * A candidate linearization supplied by the system under test: for each operation of a history, its position in
 * the order and the instant it took effect, or {@link #NEVER} when it did not take effect. A replicated log gives
 * one for free: each command's first position in the committed log, and the time it was first applied there.
 *
 * <p>{@link LinearizabilityChecker#check(List, Witness)} validates the candidate in one pass before searching. It
 * is a linearization when, in position order: positions are distinct and instants do not decrease; each instant lies
 * within its operation's interval; replaying the operations on a sequential key-value map reproduces every completed
 * GET's output; and every completed operation took effect (a pending one may or may not). The interval condition
 * makes the order respect real time: if a completes before b is invoked, a's instant is before b's. If any
 * condition fails the witness proves nothing and the full search decides, so a wrong witness can cost time but
 * never change a verdict.
 *
 * @param positions for each operation (same index as in the history), its position in the order, or NEVER
 * @param instants for each operation, when it took effect (ignored when its position is NEVER)
 */
public record Witness(long[] positions, long[] instants) {
  public static final long NEVER = -1;

  public Witness {
    if (positions.length != instants.length) {
      throw new IllegalArgumentException(
          "a witness needs one position and one instant per operation: " + positions.length + " vs " + instants.length);
    }
    positions = positions.clone();
    instants = instants.clone();
  }

  /** Whether the candidate is a linearization of {@code history} (see the class comment for the conditions). */
  boolean validates(List<Operation> history) {
    int n = history.size();
    if (n != positions.length) {
      throw new IllegalArgumentException("the witness covers " + positions.length + " operations, the history "
          + n);
    }
    long[] order = new long[n];
    int placed = 0;
    for (int i = 0; i < n; i++) {
      long p = positions[i];
      if (p == NEVER) {
        if (history.get(i).completed()) {
          return false;
        }
      } else if (p < 0 || p >= (1L << 40) || i >= (1 << 23)) {
        return false;
      } else {
        order[placed++] = p << 23 | i; // positions below 2^40, operations below 2^23: one primitive sort
      }
    }
    Arrays.sort(order, 0, placed);
    HashMap<String, String> values = new HashMap<>(); // looked up, never iterated
    long previousPosition = -1;
    long previousInstant = Long.MIN_VALUE;
    for (int k = 0; k < placed; k++) {
      int i = (int) (order[k] & 0x7fffffL);
      long position = order[k] >>> 23;
      long at = instants[i];
      Operation op = history.get(i);
      if (position == previousPosition || at < previousInstant || at < op.invokeMicros()
          || at > op.completeMicros()) {
        return false;
      }
      previousPosition = position;
      previousInstant = at;
      switch (op.op()) {
        case PUT -> values.put(op.key(), op.input());
        case APPEND -> values.merge(op.key(), op.input(), String::concat);
        case GET -> {
          if (op.completed() && !values.getOrDefault(op.key(), "").equals(op.output())) {
            return false;
          }
        }
        default -> throw new IllegalStateException("unknown op " + op.op());
      }
    }
    return true;
  }
}
