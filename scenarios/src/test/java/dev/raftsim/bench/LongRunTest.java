package dev.raftsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The long-run figure on a short proxy: both runs measured, their ratio formed (no wall-clock assertion). */
class LongRunTest {
  @Test
  void theLongRunFigureComparesTwoRunsOfTheSameSeed() {
    LongRun.Result r = LongRun.measure(5_000_000, 40_000_000);
    assertTrue(r.longEvents() > 4 * r.shortEvents(), r.toString());
    assertEquals(40_000_000, r.longSimulatedMicros());
    assertTrue(r.shortRate() > 0 && r.longRate() > 0, r.toString());
    assertEquals(r.shortRate() / r.longRate(), r.slowdown(), 1e-9);
    assertTrue(r.peakLiveHeapBytes() >= 0);
  }
}
