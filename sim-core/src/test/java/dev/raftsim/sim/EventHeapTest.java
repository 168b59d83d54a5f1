package dev.raftsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.raftsim.sim.internal.Ev;
import dev.raftsim.sim.internal.EventHeap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventHeapTest {
  private static Ev ev(long time, long seq) {
    Ev e = new Ev();
    e.time = time;
    e.seq = seq;
    return e;
  }

  @Test
  void ordersByTimeThenInsertionSequence() {
    EventHeap h = new EventHeap();
    h.add(ev(5, 0));
    h.add(ev(3, 1));
    h.add(ev(5, 2));
    h.add(ev(3, 3));
    h.add(ev(1, 4));
    long[][] expected = {{1, 4}, {3, 1}, {3, 3}, {5, 0}, {5, 2}};
    for (long[] x : expected) {
      Ev e = h.poll();
      assertEquals(x[0], e.time);
      assertEquals(x[1], e.seq);
    }
    assertThrows(IllegalStateException.class, h::poll);
  }

  /** The sequence shares a long with the event's slot: the largest sequences still order, and larger ones fail. */
  @Test
  void sequencesUpToTheLimitOrderAndBeyondItFailLoudly() {
    EventHeap h = new EventHeap();
    long top = EventHeap.MAX_SEQ - 1;
    h.add(ev(7, top));
    h.add(ev(7, top - 1));
    h.add(ev(7, 0));
    h.add(ev(6, top));
    long[][] expected = {{6, top}, {7, 0}, {7, top - 1}, {7, top}};
    for (long[] x : expected) {
      Ev e = h.poll();
      assertEquals(x[0], e.time);
      assertEquals(x[1], e.seq);
    }
    assertThrows(IllegalStateException.class, () -> h.add(ev(1, EventHeap.MAX_SEQ)));
    assertThrows(IllegalStateException.class, () -> h.add(ev(1, -1)));
  }

  @Test
  void agreesWithASortedReferenceUnderRandomInterleaving() {
    Prng r = new Prng(99);
    EventHeap h = new EventHeap();
    List<Ev> reference = new ArrayList<>();
    Comparator<Ev> order = Comparator.<Ev>comparingLong(e -> e.time).thenComparingLong(e -> e.seq);
    long seq = 0;
    for (int step = 0; step < 50_000; step++) {
      if (r.nextInt(3) > 0 || reference.isEmpty()) {
        Ev e = ev(r.nextInt(100), seq++);
        h.add(e);
        reference.add(e);
      } else {
        reference.sort(order);
        Ev want = reference.remove(0);
        assertEquals(want.time, h.peekTime());
        assertEquals(want, h.poll());
      }
    }
    assertEquals(reference.size(), h.size());
  }
}
