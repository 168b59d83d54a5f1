package dev.raftsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.raftsim.sim.internal.FdLog;
import org.junit.jupiter.api.Test;

/** The network's delays depend on every bit of the logarithm: the Java port must equal StrictMath.log exactly. */
class FdLogTest {
  private static void assertSameBits(double x) {
    assertEquals(Double.doubleToRawLongBits(StrictMath.log(x)), Double.doubleToRawLongBits(FdLog.log(x)),
        () -> "log(" + x + ") = " + StrictMath.log(x) + " but the port gives " + FdLog.log(x));
  }

  @Test
  void equalsStrictMathOnTheDrawsTheNetworkMakes() {
    Prng r = new Prng(20261122);
    for (int i = 0; i < 3_000_000; i++) {
      assertSameBits(1.0 - r.nextDouble());
    }
  }

  @Test
  void equalsStrictMathAcrossTheWholeRange() {
    Prng r = new Prng(7);
    for (int i = 0; i < 3_000_000; i++) {
      assertSameBits(Double.longBitsToDouble(r.nextLong() & 0x7fffffffffffffffL));
    }
  }

  @Test
  void equalsStrictMathAtTheEdges() {
    double[] edges = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 0x1.0p-53, 1.0 - 0x1.0p-53, 0.5, 2.0,
        Math.E, Math.sqrt(2) / 2, Math.sqrt(2), 1.0 + 0x1.0p-21, 1.0 - 0x1.0p-21, 1.0 + 0x1.0p-19};
    for (double x : edges) {
      assertSameBits(x);
      assertSameBits(Math.nextUp(x));
      assertSameBits(Math.nextDown(x));
    }
  }
}
