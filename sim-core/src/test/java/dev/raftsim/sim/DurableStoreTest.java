package dev.raftsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Journal compaction: only durable records are rewritten, at doubling sizes, and a crash loses what it lost before. */
class DurableStoreTest {
  /** A toy journal of counters where only the last value matters: compaction keeps the last record. */
  private static final DurableStore.Compactor LAST = durable -> List.of(durable.get(durable.size() - 1));

  @Test
  void compactionRewritesOnlyTheDurablePartWhenItHasDoubled() {
    DurableStore s = new DurableStore();
    s.compactWith(LAST);
    for (int i = 0; i < DurableStore.MIN_COMPACTION - 1; i++) {
      s.write(i);
      s.sync();
    }
    assertEquals(0, s.compactions(), "below the minimum, nothing is rewritten");
    s.write(DurableStore.MIN_COMPACTION - 1);
    s.sync();
    assertEquals(1, s.compactions());
    assertEquals(List.of(DurableStore.MIN_COMPACTION - 1), s.durableRecords());
    // Unsynced writes stay as written, and a crash loses exactly them.
    s.write("a");
    s.write("b");
    assertEquals(2, s.pendingWrites());
    assertEquals(2, s.crash());
    assertEquals(List.of(DurableStore.MIN_COMPACTION - 1), s.durableRecords());
  }

  @Test
  void compactionCostStaysLinearInTheRecordsWritten() {
    DurableStore s = new DurableStore();
    List<Integer> sizes = new ArrayList<>();
    s.compactWith(durable -> {
      sizes.add(durable.size());
      return List.of(durable.get(durable.size() - 1));
    });
    for (int i = 0; i < 100_000; i++) {
      s.write(i);
      s.sync();
    }
    long rewritten = sizes.stream().mapToLong(Integer::longValue).sum();
    assertTrue(rewritten <= 2L * 100_000, "records read by compactions: " + rewritten);
    assertEquals(List.of(99_999), s.durableRecords().subList(s.durableCount() - 1, s.durableCount()));
  }

  @Test
  void withoutACompactorEveryRecordIsKept() {
    DurableStore s = new DurableStore();
    for (int i = 0; i < 1_000; i++) {
      s.write(i);
      s.sync();
    }
    assertEquals(1_000, s.durableCount());
    assertEquals(0, s.compactions());
  }
}
