package dev.raftsim.invariants.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.linearizability.LinearizabilityChecker.Outcome;
import dev.raftsim.invariants.linearizability.LinearizabilityChecker.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomizedAgreementTest {
  private final LinearizabilityChecker checker = new LinearizabilityChecker();

  @Test
  void generatedHistoriesAreLinearizable() {
    for (long seed = 1; seed <= 400; seed++) {
      HistoryGenerator gen = new HistoryGenerator(seed);
      gen.clients = 2 + (int) (seed % 4);
      gen.keys = seed % 3 == 0 ? new String[] {"x", "y"} : new String[] {"x"};
      gen.pendingPercent = (int) (seed % 25);
      List<Operation> history = gen.generate(10 + (int) (seed % 60));
      Result r = checker.check(history);
      assertEquals(Outcome.LINEARIZABLE, r.outcome(), "seed " + seed + ": " + r.message());
    }
  }

  @Test
  void agreesWithBruteForceOnTinyMutatedHistories() {
    int linearizable = 0;
    int violations = 0;
    for (long seed = 1; seed <= 3_000; seed++) {
      HistoryGenerator gen = new HistoryGenerator(seed * 0x9e3779b97f4a7c15L);
      SplitMix64 rng = gen.rng();
      gen.clients = 2 + rng.nextInt(3);
      gen.keys = rng.chance(30) ? new String[] {"x", "y"} : new String[] {"x"};
      gen.values = new String[] {"1", "2"};
      gen.pendingPercent = 20;
      gen.maxThinkMicros = 5;
      gen.maxHalfLatencyMicros = 10;
      List<Operation> history = new ArrayList<>(gen.generate(2 + rng.nextInt(6)));
      int mutations = rng.nextInt(3);
      for (int k = 0; k < mutations; k++) {
        mutate(history, rng);
      }
      boolean expected = BruteForceChecker.linearizable(history);
      Result r = checker.check(history);
      String context = "seed " + seed + ", history " + describe(history) + ": " + r.message();
      assertEquals(expected ? Outcome.LINEARIZABLE : Outcome.NOT_LINEARIZABLE, r.outcome(), context);
      if (expected) {
        linearizable++;
      } else {
        violations++;
        // The witness is a subset of the failing key's operations that fails on its own.
        assertFalse(r.offending().isEmpty(), context);
        for (Operation o : r.offending()) {
          assertEquals(r.key(), o.key(), context);
          assertTrue(history.contains(o), context);
        }
        assertFalse(BruteForceChecker.linearizable(r.offending()), context);
      }
    }
    // Both sides of the comparison must be exercised, or the agreement proves little.
    assertTrue(linearizable > 500, "linearizable cases: " + linearizable);
    assertTrue(violations > 500, "violating cases: " + violations);
  }

  @Test
  void agreesWithAPlainSearchOnMidSizedMutatedHistories() {
    int linearizable = 0;
    int violations = 0;
    for (long seed = 1; seed <= 1_500; seed++) {
      HistoryGenerator gen = new HistoryGenerator(seed * 0xbf58476d1ce4e5b9L + 17);
      SplitMix64 rng = gen.rng();
      gen.clients = 2 + rng.nextInt(4);
      gen.values = rng.chance(50) ? new String[] {"1", "2"} : new String[] {"1", "2", "3", "12", ""};
      gen.pendingPercent = rng.nextInt(30);
      gen.appendPercent = 20 + rng.nextInt(50);
      gen.maxThinkMicros = 5;
      gen.maxHalfLatencyMicros = 10;
      List<Operation> history = new ArrayList<>(gen.generate(10 + rng.nextInt(16)));
      int mutations = rng.nextInt(3);
      for (int k = 0; k < mutations; k++) {
        mutate(history, rng);
      }
      Boolean expected = ReferenceSearch.linearizable(history, 200_000);
      if (expected == null) {
        continue; // too hard for the plain search; nothing to compare against
      }
      Result r = checker.check(history);
      String context = "seed " + seed + ", history " + describe(history) + ": " + r.message();
      assertEquals(expected ? Outcome.LINEARIZABLE : Outcome.NOT_LINEARIZABLE, r.outcome(), context);
      if (expected) {
        linearizable++;
      } else {
        violations++;
        assertEquals(Boolean.FALSE, ReferenceSearch.linearizable(r.offending(), 200_000), context);
      }
    }
    assertTrue(linearizable > 300, "linearizable cases: " + linearizable);
    assertTrue(violations > 300, "violating cases: " + violations);
  }

  /** Small damage of the kinds real bugs cause: wrong read values, shifted intervals, lost completions. */
  private static void mutate(List<Operation> history, SplitMix64 rng) {
    int i = rng.nextInt(history.size());
    Operation o = history.get(i);
    String[] readable = {"", "1", "2", "11", "12", "21", "22", "112"};
    Operation changed;
    switch (rng.nextInt(4)) {
      case 0 -> {
        long complete = o.completed() ? o.completeMicros() : o.invokeMicros() + rng.between(0, 20);
        changed = new Operation(o.id(), o.clientId(), KvOp.GET, o.key(), null,
            readable[rng.nextInt(readable.length)], o.invokeMicros(), complete);
      }
      case 1 -> {
        long invoke = rng.between(0, 60);
        long complete = o.completed() ? invoke + rng.between(0, 20) : Operation.PENDING;
        changed = new Operation(o.id(), o.clientId(), o.op(), o.key(), o.input(), o.output(), invoke, complete);
      }
      case 2 -> {
        if (o.completed()) {
          changed = new Operation(o.id(), o.clientId(), o.op(), o.key(), o.input(), null, o.invokeMicros(),
              Operation.PENDING);
        } else {
          String out = o.op() == KvOp.GET ? readable[rng.nextInt(readable.length)] : null;
          changed = new Operation(o.id(), o.clientId(), o.op(), o.key(), o.input(), out, o.invokeMicros(),
              o.invokeMicros() + rng.between(0, 20));
        }
      }
      default -> {
        KvOp op = o.op() == KvOp.PUT ? KvOp.APPEND : o.op() == KvOp.APPEND ? KvOp.PUT : KvOp.GET;
        changed = new Operation(o.id(), o.clientId(), op, o.key(), o.input(), o.output(), o.invokeMicros(),
            o.completeMicros());
      }
    }
    history.set(i, changed);
  }

  private static String describe(List<Operation> history) {
    StringBuilder sb = new StringBuilder();
    for (Operation o : history) {
      sb.append(o.key()).append(':').append(o.describe()).append(" | ");
    }
    return sb.toString();
  }
}
