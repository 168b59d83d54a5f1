package dev.raftsim.invariants.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.linearizability.LinearizabilityChecker.Outcome;
import dev.raftsim.invariants.linearizability.LinearizabilityChecker.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LargeHistoryTest {
  private static HistoryGenerator fiveClientsThreeKeys(long seed) {
    HistoryGenerator gen = new HistoryGenerator(seed);
    gen.clients = 5;
    gen.keys = new String[] {"x", "y", "z"};
    gen.values = new String[] {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    gen.pendingPercent = 3;
    return gen;
  }

  @Test
  void thousandOperationHistoryIsDecidedLinearizableUnderTheDefaultBudget() {
    for (long seed = 1; seed <= 5; seed++) {
      List<Operation> history = fiveClientsThreeKeys(seed).generate(1_000);
      Result r = new LinearizabilityChecker().check(history);
      assertEquals(Outcome.LINEARIZABLE, r.outcome(), "seed " + seed + ": " + r.message());
      assertTrue(r.statesExplored() >= 900, "every completed op is linearized at least once: " + r.statesExplored());
    }
  }

  @Test
  void thousandOperationHistoryWithOneBadReadIsCaughtWithASmallWitness() {
    List<Operation> history = new ArrayList<>(fiveClientsThreeKeys(11).generate(1_000));
    // Replace one completed read's result by a value no write produced.
    int victim = -1;
    for (int i = 600; i < history.size(); i++) {
      Operation o = history.get(i);
      if (o.op() == KvOp.GET && o.completed() && o.key().equals("y")) {
        victim = i;
        break;
      }
    }
    assertTrue(victim >= 0);
    Operation o = history.get(victim);
    Operation bad = new Operation(o.id(), o.clientId(), KvOp.GET, "y", null, o.output() + "!", o.invokeMicros(),
        o.completeMicros());
    history.set(victim, bad);
    Result r = new LinearizabilityChecker().check(history);
    assertEquals(Outcome.NOT_LINEARIZABLE, r.outcome(), r.message());
    assertEquals("y", r.key());
    assertEquals(List.of(bad), r.offending(), r.message());
  }
}
