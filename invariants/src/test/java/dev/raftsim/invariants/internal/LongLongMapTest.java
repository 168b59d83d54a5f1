package dev.raftsim.invariants.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LongLongMapTest {
  @Test
  void behavesLikeATreeMapThroughManyGrowths() {
    LongLongMap map = new LongLongMap(4);
    TreeMap<Long, Long> model = new TreeMap<>();
    long state = 42;
    for (int i = 0; i < 50_000; i++) {
      state += 0x9e3779b97f4a7c15L;
      long r = Hashing.mix(state);
      // Few distinct keys at first so hits happen, including 0 and negatives; then many.
      long key = i < 5_000 ? (r % 200) - 100 : r;
      long value = Hashing.mix(r);
      switch ((int) Long.remainderUnsigned(r >>> 7, 3)) {
        case 0:
          map.put(key, value);
          model.put(key, value);
          break;
        case 1: {
          long expected = model.containsKey(key) ? model.get(key) : value;
          assertEquals(expected, map.putIfAbsent(key, value));
          model.putIfAbsent(key, value);
          break;
        }
        default:
          assertEquals(model.containsKey(key), map.containsKey(key));
          assertEquals(model.getOrDefault(key, -7L), map.getOrDefault(key, -7L));
          break;
      }
      assertEquals(model.size(), map.size());
    }
    for (var e : model.entrySet()) {
      assertEquals(e.getValue(), map.getOrDefault(e.getKey(), ~e.getValue()));
    }
    assertTrue(map.capacity() >= 2 * (map.size() - 1), "kept at most half full: " + map);
  }

  @Test
  void zeroIsAnOrdinaryKey() {
    LongLongMap map = new LongLongMap();
    assertFalse(map.containsKey(0));
    assertEquals(5, map.putIfAbsent(0, 5));
    assertEquals(5, map.putIfAbsent(0, 6));
    assertEquals(1, map.size());
    map.put(0, 9);
    assertEquals(9, map.getOrDefault(0, -1));
  }

  @Test
  void indexTermKeysAreExact() {
    assertEquals((7L << 32) | 3, Hashing.indexTermKey(3, 7));
    assertTrue(Hashing.indexTermKey(1, 2) != Hashing.indexTermKey(2, 1));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> Hashing.indexTermKey(0, 1));
  }
}
