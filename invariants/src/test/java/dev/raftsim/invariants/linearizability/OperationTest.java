package dev.raftsim.invariants.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OperationTest {
  @Test
  void describesCompletedOperations() {
    assertEquals("c2 append(x, \"7\") -> ok [12.3 ms, 15.0 ms]",
        Operation.append(1, 2, "x", "7", 12_300, 15_000).describe());
    assertEquals("c1 get(x) -> \"57\" [30.0 ms, 31.0 ms]", Operation.get(2, 1, "x", "57", 30_000, 31_000).describe());
    assertEquals("c4 put(k, \"\") -> ok [0.0 ms, 0.001 ms]", Operation.put(3, 4, "k", "", 0, 1).describe());
    assertEquals("c1 get(x) -> \"a\\\"b\" [1.05 ms, 12.345 ms]",
        Operation.get(4, 1, "x", "a\"b", 1_050, 12_345).describe());
  }

  @Test
  void describesPendingOperations() {
    Operation o = Operation.put(5, 3, "x", "1", 40_000, Operation.PENDING);
    assertFalse(o.completed());
    assertEquals("c3 put(x, \"1\") [invoked 40.0 ms] (never completed)", o.describe());
    assertTrue(Operation.get(6, 3, "x", "", 1, 1).completed());
  }
}
