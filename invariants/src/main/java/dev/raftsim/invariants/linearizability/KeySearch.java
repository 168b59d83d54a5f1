package dev.raftsim.invariants.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether the operations on one key are linearizable: the Wing & Gong backtracking search with
 * Lowe's memoisation, in the shape Porcupine gave it.
 *
 * <p>Each operation contributes a call entry and a return entry to one list ordered by time. The search walks
 * the list from its head: a call entry may be linearized now (if the model accepts it and the resulting
 * configuration is new), which lifts it and its return out of the list; reaching a return entry means that
 * operation had to be linearized already, so the search undoes the last choice and tries the next candidate.
 * The list is a doubly linked one over arrays so lifting and undoing cost O(1) and allocate nothing.
 *
 * <p>Never-completed operations return at "+infinity" (after every other entry), and the search succeeds as
 * soon as every completed operation is linearized: pending ones may be placed anywhere after their invocation
 * or left out.
 *
 * <p>On top of the textbook search, three reductions that keep the verdict exact: pending operations nobody
 * could have observed are dropped, interchangeable operations are linearized in a fixed order, and writes whose
 * result the next read cannot see are pruned (see the methods for why each is sound).
 */
final class KeySearch {
  enum Verdict {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    BUDGET_EXHAUSTED
  }

  /**
   * @param frontierMicros for NOT_LINEARIZABLE: the search never looked at operations invoked after this time,
   *     so the history cut there (operations invoked at or before it) fails in exactly the same way
   */
  record Outcome(Verdict verdict, long statesExplored, long frontierMicros) {}

  private final int m;
  private final KvOp[] kind;
  private final String[] input;
  private final String[] output;
  private final long[] invoke;
  private final long[] complete;
  private final boolean[] completed;
  /** An operation that must be linearized before this one (see {@link #twins}), or -1. */
  private final int[] twin;
  /** Entry 2i is the call of operation i and 2i+1 its return; {@code head} is the list's sentinel. */
  private final int head;
  private final int[] next;
  private final int[] prev;
  /** Position of each entry in time order, to remember how far the search looked. */
  private final int[] rank;
  private int frontierRank = -1;
  /** Bumped whenever the list changes, so the look-ahead below is recomputed only when needed. */
  private long listVersion;
  private long lookaheadVersion = -1;
  private int nextRead;
  private int prefixPuts;
  private int prefixPut;
  private int forcedPuts;
  private int forcedPut;
  private int forcedAppendCount;
  private final int[] forcedAppends;

  /**
   * Runs the search over operations that all touch the same key, exploring at most {@code maxStates} new
   * configurations.
   */
  static Outcome run(List<Operation> ops, long maxStates) {
    if (maxStates < 1) {
      return new Outcome(Verdict.BUDGET_EXHAUSTED, 0, Long.MAX_VALUE);
    }
    List<Operation> relevant = relevantOperations(ops);
    if (relevant.isEmpty()) {
      return new Outcome(Verdict.LINEARIZABLE, 0, Long.MAX_VALUE);
    }
    return new KeySearch(relevant).search(maxStates);
  }

  private KeySearch(List<Operation> ops) {
    m = ops.size();
    kind = new KvOp[m];
    input = new String[m];
    output = new String[m];
    invoke = new long[m];
    complete = new long[m];
    completed = new boolean[m];
    for (int i = 0; i < m; i++) {
      Operation o = ops.get(i);
      kind[i] = o.op();
      input[i] = o.input();
      output[i] = o.output();
      invoke[i] = o.invokeMicros();
      complete[i] = o.completeMicros();
      completed[i] = o.completed();
    }
    twin = twins();
    forcedAppends = new int[m];

    // Time order; at equal times calls first, because A precedes B only when A completes strictly before B is
    // invoked; then by index, for determinism.
    int entries = 2 * m;
    int[] order = timeOrder();
    head = entries;
    next = new int[entries + 1];
    prev = new int[entries + 1];
    rank = new int[entries];
    int last = head;
    for (int k = 0; k < entries; k++) {
      int e = order[k];
      rank[e] = k;
      next[last] = e;
      prev[e] = last;
      last = e;
    }
    next[last] = -1;
    prev[head] = -1;
  }

  /**
   * The entries in time order; at equal times calls first, because A precedes B only when A completes strictly
   * before B is invoked; then by operation, for determinism. Usually one sort of packed primitive keys (time,
   * kind, operation); times outside the packable range fall back to a comparator sort with the same order.
   */
  private int[] timeOrder() {
    int entries = 2 * m;
    int[] order = new int[entries];
    if (m < (1 << OP_BITS)) {
      long[] keys = new long[entries];
      boolean packable = true;
      for (int e = 0; e < entries && packable; e++) {
        long t = time(e);
        if (t == Operation.PENDING) {
          t = PENDING_SLOT;
        } else if (t < 0 || t >= PENDING_SLOT) {
          packable = false;
        }
        keys[e] = t << (OP_BITS + 1) | (long) (e & 1) << OP_BITS | (e >> 1);
      }
      if (packable) {
        Arrays.sort(keys);
        for (int k = 0; k < entries; k++) {
          long key = keys[k];
          order[k] = (int) (key & ((1 << OP_BITS) - 1)) << 1 | (int) (key >>> OP_BITS) & 1;
        }
        return order;
      }
    }
    for (int e = 0; e < entries; e++) {
      order[e] = e;
    }
    IntSort.sort(
        order,
        (a, b) -> {
          long ta = time(a);
          long tb = time(b);
          if (ta != tb) {
            return ta < tb ? -1 : 1;
          }
          int kindA = a & 1;
          int kindB = b & 1;
          if (kindA != kindB) {
            return kindA - kindB;
          }
          return Integer.compare(a, b);
        });
    return order;
  }

  /** Packed time-order keys: time, then 1 bit call/return, then the operation in OP_BITS bits. */
  private static final int OP_BITS = 21;

  /** Where never-completed returns sort: after every time that packs. */
  private static final long PENDING_SLOT = (1L << (63 - OP_BITS - 1)) - 1;

  private long time(int entry) {
    return (entry & 1) == 0 ? invoke[entry >> 1] : complete[entry >> 1];
  }

  private Outcome search(long maxStates) {
    long[] zobrist = new long[m];
    for (int i = 0; i < m; i++) {
      zobrist[i] = StateCache.mix(0x632be59bd9b4e019L + i * 0x9e3779b97f4a7c15L);
    }
    long[] bits = new long[(m + 63) >>> 6];
    long bitsHash = 0;
    String state = "";
    int[] stackEntry = new int[m];
    String[] stackState = new String[m];
    int depth = 0;
    StateCache cache = new StateCache(Math.min(4 * m, 1 << 16));
    long explored = 0;
    int completedRemaining = 0;
    for (int i = 0; i < m; i++) {
      if (completed[i]) {
        completedRemaining++;
      }
    }

    int entry = next[head];
    while (completedRemaining > 0) {
      if (entry < 0) {
        throw new IllegalStateException("walked off the event list with completed operations left");
      }
      int op = entry >> 1;
      if ((entry & 1) == 0) {
        String after = null;
        if (twin[op] < 0 || (bits[twin[op] >>> 6] & (1L << twin[op])) != 0) {
          after = step(op, state);
        }
        if (after != null) {
          bits[op >>> 6] |= 1L << op;
          bitsHash ^= zobrist[op];
          // Memo first (cheap), then the look-ahead prune (a walk of the list), then record.
          if (!cache.contains(bits, bitsHash, after)
              && (kind[op] == KvOp.GET || canStillBeRead(after, op))
              && cache.addIfAbsent(bits, bitsHash, after)) {
            explored++;
            if (explored > maxStates) {
              return new Outcome(Verdict.BUDGET_EXHAUSTED, maxStates, Long.MAX_VALUE);
            }
            stackEntry[depth] = entry;
            stackState[depth] = state;
            depth++;
            state = after;
            if (completed[op]) {
              completedRemaining--;
            }
            lift(entry);
            entry = next[head];
            continue;
          }
          bits[op >>> 6] &= ~(1L << op);
          bitsHash ^= zobrist[op];
        }
        entry = next[entry];
      } else {
        if (!completed[op]) {
          throw new IllegalStateException("reached a pending return with completed operations left");
        }
        frontierRank = Math.max(frontierRank, rank[entry]);
        // This operation should have been linearized by now: undo the latest choice and move past it.
        if (depth == 0) {
          return new Outcome(Verdict.NOT_LINEARIZABLE, explored, frontierMicros());
        }
        depth--;
        int undone = stackEntry[depth];
        int undoneOp = undone >> 1;
        state = stackState[depth];
        stackState[depth] = null;
        bits[undoneOp >>> 6] &= ~(1L << undoneOp);
        bitsHash ^= zobrist[undoneOp];
        if (completed[undoneOp]) {
          completedRemaining++;
        }
        unlift(undone);
        entry = next[undone];
      }
    }
    return new Outcome(Verdict.LINEARIZABLE, explored, Long.MAX_VALUE);
  }

  /**
   * The latest time at which the search looked at the list. Every entry it looked at lies at or before the
   * frontier entry, which is a return, and calls sort before returns at equal times: so operations invoked after
   * that time were never seen and can be cut without changing a single step.
   */
  private long frontierMicros() {
    for (int e = 0; e < rank.length; e++) {
      if (rank[e] == frontierRank) {
        return time(e);
      }
    }
    throw new IllegalStateException("no frontier entry");
  }

  /**
   * Drops never-completed operations that cannot matter. A pending GET constrains nothing. A pending write
   * nobody could have observed may as well not have happened: in any linearization that includes it, the GETs
   * placed after it and before the next PUT see its value (a PUT's as prefix, an APPEND's as substring), so if no
   * GET that could be placed after its invocation read such a value, leaving it out changes no read. Pending
   * writes are expensive for the search (they stay candidates forever), and clients that time out leave many.
   */
  private static List<Operation> relevantOperations(List<Operation> ops) {
    List<Operation> relevant = new ArrayList<>(ops.size());
    for (Operation o : ops) {
      if (o.completed() || (o.isWrite() && observable(o, ops))) {
        relevant.add(o);
      }
    }
    return relevant;
  }

  private static boolean observable(Operation write, List<Operation> ops) {
    if (write.op() == KvOp.APPEND && write.input().isEmpty()) {
      return false;
    }
    for (Operation g : ops) {
      if (g.op() == KvOp.GET && g.completed() && g.completeMicros() >= write.invokeMicros()) {
        boolean seen =
            write.op() == KvOp.PUT ? g.output().startsWith(write.input()) : g.output().contains(write.input());
        if (seen) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Symmetry reduction. Two operations with the same effect (same op and value, or GETs with the same output)
   * are interchangeable when one, A, dominates the other, B: invoked no later and completed no later. In any
   * linearization that places B before A (or B but not A, both pending), swapping them gives another valid one,
   * and each swap removes an inversion against the (invoke, complete, index) order, so some valid linearization
   * respects every such pair: requiring A before B loses nothing. Each operation is tied to its closest
   * dominating twin, which chains the whole class. This tames histories whose values repeat (a small value
   * alphabet, retried writes).
   */
  private int[] twins() {
    int[] result = new int[m];
    Arrays.fill(result, -1);
    // Classes of equal effect, each in (invoke, complete, index) order: one primitive sort by (kind, hash of the
    // value) groups them roughly, each group (nearly always a single class) is then ordered exactly. The order of
    // the classes does not matter: each operation's twin is decided within its class alone.
    String[] effect = new String[m];
    long[] keys = new long[m];
    for (int i = 0; i < m; i++) {
      effect[i] = kind[i] == KvOp.GET ? output[i] : input[i];
      keys[i] = (long) kind[i].ordinal() << 61 | (effect[i].hashCode() & 0xffffffffL) << 29 | i;
    }
    if (m >= (1 << 29)) {
      throw new IllegalStateException("too many operations on one key: " + m);
    }
    Arrays.sort(keys);
    int[] members = new int[m];
    for (int k = 0; k < m; k++) {
      members[k] = (int) (keys[k] & ((1 << 29) - 1));
    }
    int group = 0;
    for (int j = 1; j <= m; j++) {
      if (j < m && keys[j] >>> 29 == keys[group] >>> 29) {
        continue;
      }
      if (j - group > 1) {
        sortGroup(members, group, j, effect);
        int start = group;
        for (int x = group + 1; x < j; x++) {
          if (!effect[members[x]].equals(effect[members[start]])) {
            start = x;
            continue;
          }
          int b = members[x];
          for (int y = x - 1; y >= start; y--) {
            int a = members[y];
            if (complete[a] <= complete[b]) {
              result[b] = a;
              break;
            }
          }
        }
      }
      group = j;
    }
    return result;
  }

  /** Insertion sort of members[from, to) by (value, invoke, complete, index): the groups are small. */
  private void sortGroup(int[] members, int from, int to, String[] effect) {
    for (int i = from + 1; i < to; i++) {
      int v = members[i];
      int j = i - 1;
      while (j >= from && twinOrder(members[j], v, effect) > 0) {
        members[j + 1] = members[j];
        j--;
      }
      members[j + 1] = v;
    }
  }

  private int twinOrder(int a, int b, String[] effect) {
    int c = effect[a].compareTo(effect[b]);
    if (c != 0) {
      return c;
    }
    if (invoke[a] != invoke[b]) {
      return Long.compare(invoke[a], invoke[b]);
    }
    if (complete[a] != complete[b]) {
      return Long.compare(complete[a], complete[b]);
    }
    return Integer.compare(a, b);
  }

  /**
   * Prunes a write whose result the next read cannot see. Let g be the first remaining GET return in the list:
   * the scan never passes a return entry, so only operations whose calls come before it can be linearized
   * before g, and those that returned before g was even invoked must be. APPENDs only extend the value, so g
   * reads either the value just written followed by appended text (then every APPEND forced before g must fit
   * into that text, and no PUT may be forced before g) or the value of one of the PUTs that could come first,
   * followed by appended text. Without this, a run of concurrent appends between two reads makes the search try
   * every order of them: each order yields a different string that the memo cannot merge.
   */
  private boolean canStillBeRead(String value, int writeOp) {
    if (lookaheadVersion != listVersion) {
      computeLookahead();
    }
    if (nextRead < 0) {
      return true;
    }
    String seen = output[nextRead >> 1];
    if (prefixPuts > 1 || (prefixPuts == 1 && prefixPut != writeOp)) {
      return true;
    }
    if (!seen.startsWith(value)) {
      return false;
    }
    if (forcedPuts > 1 || (forcedPuts == 1 && forcedPut != writeOp)) {
      return false;
    }
    int room = seen.length() - value.length();
    for (int i = 0; i < forcedAppendCount; i++) {
      int op = forcedAppends[i];
      if (op == writeOp) {
        continue;
      }
      room -= input[op].length();
      if (room < 0 || seen.indexOf(input[op], value.length()) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * What {@link #canStillBeRead} needs from the list, gathered once per list shape: the scan tries many
   * candidates against the same list, and walking it for each made the search quadratic per state.
   */
  private void computeLookahead() {
    lookaheadVersion = listVersion;
    nextRead = -1;
    prefixPuts = 0;
    forcedPuts = 0;
    forcedAppendCount = 0;
    for (int e = next[head]; e >= 0; e = next[e]) {
      if ((e & 1) == 1 && kind[e >> 1] == KvOp.GET) {
        nextRead = e;
        break;
      }
    }
    if (nextRead < 0) {
      return;
    }
    // The decision depends on everything up to this read: the frontier must cover it.
    frontierRank = Math.max(frontierRank, rank[nextRead]);
    String seen = output[nextRead >> 1];
    boolean beforeReadCall = true;
    for (int e = next[head]; e != nextRead; e = next[e]) {
      int op = e >> 1;
      if (e == nextRead - 1) {
        beforeReadCall = false;
      } else if ((e & 1) == 0) {
        if (kind[op] == KvOp.PUT && seen.startsWith(input[op])) {
          prefixPuts++;
          prefixPut = op;
        }
      } else if (beforeReadCall) {
        if (kind[op] == KvOp.PUT) {
          forcedPuts++;
          forcedPut = op;
        } else if (kind[op] == KvOp.APPEND) {
          forcedAppends[forcedAppendCount++] = op;
        }
      }
    }
  }

  /** The value after applying the operation, or null when the operation cannot happen in this state. */
  private String step(int op, String state) {
    switch (kind[op]) {
      case PUT:
        return input[op];
      case APPEND:
        return input[op].isEmpty() ? state : state.concat(input[op]);
      case GET:
        return output[op].equals(state) ? state : null;
      default:
        throw new IllegalStateException("unknown op " + kind[op]);
    }
  }

  /** Unlinks a call entry and its return (entry + 1). */
  private void lift(int call) {
    listVersion++;
    unlink(call);
    unlink(call + 1);
  }

  /** Exact reverse of {@link #lift}: the unlinked nodes kept their own pointers, so relinking restores them. */
  private void unlift(int call) {
    listVersion++;
    relink(call + 1);
    relink(call);
  }

  private void unlink(int e) {
    next[prev[e]] = next[e];
    if (next[e] >= 0) {
      prev[next[e]] = prev[e];
    }
  }

  private void relink(int e) {
    next[prev[e]] = e;
    if (next[e] >= 0) {
      prev[next[e]] = e;
    }
  }
}
