package dev.raftsim.invariants.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Linearizable-by-construction histories: every operation gets a linearization instant inside its interval,
 * the store is executed sequentially in instant order, and the reads record what that execution returned.
 * Clients are sequential (a client's next operation starts after its previous one completed or was given up).
 */
final class HistoryGenerator {
  private final SplitMix64 rng;
  int clients = 3;
  String[] keys = {"x"};
  /** Small value alphabet so that collisions (and thus interesting ambiguity) happen. */
  String[] values = {"1", "2", "3"};
  int pendingPercent = 10;
  int appendPercent = 40;
  int getPercent = 35;
  long maxThinkMicros = 20;
  long maxHalfLatencyMicros = 40;

  /** The order the last generated history was built from: a valid witness for it. */
  Witness lastWitness;

  HistoryGenerator(long seed) {
    this.rng = new SplitMix64(seed);
  }

  SplitMix64 rng() {
    return rng;
  }

  List<Operation> generate(int count) {
    long[] clientFree = new long[clients];
    int[] kinds = new int[count];
    String[] keyOf = new String[count];
    String[] inputOf = new String[count];
    int[] clientOf = new int[count];
    long[] invoke = new long[count];
    long[] complete = new long[count];
    long[] instant = new long[count];
    boolean[] takesEffect = new boolean[count];
    for (int i = 0; i < count; i++) {
      int c = rng.nextInt(clients);
      clientOf[i] = c;
      int roll = rng.nextInt(100);
      kinds[i] = roll < getPercent ? 2 : roll < getPercent + appendPercent ? 1 : 0;
      keyOf[i] = keys[rng.nextInt(keys.length)];
      inputOf[i] = values[rng.nextInt(values.length)];
      invoke[i] = clientFree[c] + rng.between(0, maxThinkMicros);
      instant[i] = invoke[i] + rng.between(0, maxHalfLatencyMicros);
      takesEffect[i] = true;
      if (rng.chance(pendingPercent)) {
        complete[i] = Operation.PENDING;
        takesEffect[i] = rng.chance(50);
        // The client times out and moves on; the operation may still land much later.
        instant[i] = invoke[i] + rng.between(0, 6 * maxHalfLatencyMicros);
        clientFree[c] = invoke[i] + 2 * maxHalfLatencyMicros;
      } else {
        complete[i] = instant[i] + rng.between(0, maxHalfLatencyMicros);
        clientFree[c] = complete[i] + 1;
      }
    }
    Integer[] byInstant = new Integer[count];
    for (int i = 0; i < count; i++) {
      byInstant[i] = i;
    }
    Arrays.sort(byInstant, Comparator.<Integer>comparingLong(i -> instant[i]).thenComparingInt(i -> i));
    Map<String, String> kv = new HashMap<>();
    String[] outputOf = new String[count];
    for (int i : byInstant) {
      if (!takesEffect[i]) {
        continue;
      }
      String current = kv.getOrDefault(keyOf[i], "");
      switch (kinds[i]) {
        case 0 -> kv.put(keyOf[i], inputOf[i]);
        case 1 -> kv.put(keyOf[i], current + inputOf[i]);
        default -> outputOf[i] = current;
      }
    }
    long[] positions = new long[count];
    long[] instants = new long[count];
    Arrays.fill(positions, Witness.NEVER);
    for (int rank = 0; rank < count; rank++) {
      int i = byInstant[rank];
      if (takesEffect[i]) {
        positions[i] = rank;
        instants[i] = instant[i];
      }
    }
    lastWitness = new Witness(positions, instants);
    List<Operation> history = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean done = complete[i] != Operation.PENDING;
      KvOp op = kinds[i] == 0 ? KvOp.PUT : kinds[i] == 1 ? KvOp.APPEND : KvOp.GET;
      history.add(
          new Operation(
              i,
              clientOf[i] + 1,
              op,
              keyOf[i],
              op == KvOp.GET ? null : inputOf[i],
              op == KvOp.GET && done ? outputOf[i] : null,
              invoke[i],
              complete[i]));
    }
    return history;
  }
}
