package dev.raftsim.scenarios.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.scenarios.HistoryOp;
import dev.raftsim.scenarios.SequentialModel;
import dev.raftsim.spi.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelLinearizabilityTest {
  /** Adds delta (result: the new total) or reads (delta 0, result: the total). */
  record Add(long delta) implements Operation {
    @Override
    public long fingerprint() {
      return delta;
    }

    @Override
    public String describe() {
      return delta == 0 ? "read" : "add " + delta;
    }
  }

  static final SequentialModel<Long> COUNTER = new SequentialModel<>() {
    @Override
    public Long initial() {
      return 0L;
    }

    @Override
    public Step<Long> apply(Long s, Operation op) {
      long after = s + ((Add) op).delta();
      return new Step<>(after, Long.toString(after));
    }
  };

  private final List<HistoryOp> h = new ArrayList<>();

  private void op(int client, long delta, String result, long invoke, long complete) {
    h.add(new HistoryOp(h.size(), client, h.size() + 1, null, "", "", result, invoke, complete, new Add(delta)));
  }

  private ModelLinearizability.Outcome verdict() {
    return new ModelLinearizability(100_000).check(h, COUNTER).outcome();
  }

  @Test
  void concurrentAddsInEitherOrderAreLinearizable() {
    op(1, 1, "3", 0, 10); // took effect second
    op(2, 2, "2", 1, 9); // took effect first
    op(3, 0, "3", 11, 12);
    assertEquals(ModelLinearizability.Outcome.LINEARIZABLE, verdict());
  }

  @Test
  void aReadThatRealTimeRulesOutIsAViolation() {
    op(1, 1, "1", 0, 2);
    op(2, 0, "0", 3, 4); // the add completed before this read began: reading 0 is impossible
    ModelLinearizability.Result r = new ModelLinearizability(100_000).check(h, COUNTER);
    assertEquals(ModelLinearizability.Outcome.VIOLATED, r.outcome());
    assertTrue(r.message().contains("read"), r.message());
  }

  @Test
  void aPendingOperationMayOrMayNotHaveTakenEffect() {
    op(1, 5, null, 0, -1); // never completed
    op(2, 0, "5", 1, 2);
    assertEquals(ModelLinearizability.Outcome.LINEARIZABLE, verdict());
    h.clear();
    op(1, 5, null, 0, -1);
    op(2, 0, "0", 1, 2);
    assertEquals(ModelLinearizability.Outcome.LINEARIZABLE, verdict());
    op(3, 0, "7", 3, 4); // neither with nor without the pending add
    assertEquals(ModelLinearizability.Outcome.VIOLATED, verdict());
  }

  @Test
  void aSearchBeyondItsBudgetIsUnknownNeverAPass() {
    for (int c = 0; c < 12; c++) {
      op(c + 1, 1L << c, null, 0, -1); // 12 pending adds: 4096 subsets to try
    }
    op(20, 0, "-1", 1, 2); // unreachable total, so the search must try them all
    assertEquals(ModelLinearizability.Outcome.UNKNOWN, new ModelLinearizability(100).check(h, COUNTER).outcome());
  }
}
