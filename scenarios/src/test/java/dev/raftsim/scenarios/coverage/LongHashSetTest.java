package dev.raftsim.scenarios.coverage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.raftsim.sim.Prng;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LongHashSetTest {
  @Test
  void agreesWithJavaSetsIncludingZeroAndGrowth() {
    LongHashSet s = new LongHashSet(4);
    TreeSet<Long> ref = new TreeSet<>();
    Prng r = new Prng(5);
    for (int i = 0; i < 20_000; i++) {
      // Few distinct values among many adds, zero among them, negatives too.
      long v = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(500) - 250;
      assertEquals(ref.add(v), s.add(v));
      assertEquals(ref.size(), s.size());
    }
    for (long v = -300; v < 300; v++) {
      assertEquals(ref.contains(v), s.contains(v));
    }
    assertArrayEquals(ref.stream().mapToLong(Long::longValue).toArray(), s.toSortedArray());
  }
}
