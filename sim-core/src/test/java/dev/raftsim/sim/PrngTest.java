package dev.raftsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrngTest {
  @Test
  void matchesSplitMix64ReferenceVectors() {
    // Published SplitMix64 outputs for seed 1234567.
    Prng r = new Prng(1234567);
    assertEquals(6457827717110365317L, r.nextLong());
    assertEquals(3203168211198807973L, r.nextLong());
    assertEquals(Long.parseUnsignedLong("9817491932198370423"), r.nextLong());
    assertEquals(4593380528125082431L, r.nextLong());
    assertEquals(Long.parseUnsignedLong("16408922859458223821"), r.nextLong());
  }

  @Test
  void derivedStreamsArePureFunctionsOfSeedAndPurpose() {
    assertEquals(Prng.derive(42, 7).nextLong(), Prng.derive(42, 7).nextLong());
    assertEquals(Prng.derive(42, "network").nextLong(), Prng.derive(42, "network").nextLong());
    assertNotEquals(Prng.derive(42, 7).nextLong(), Prng.derive(42, 8).nextLong());
    assertNotEquals(Prng.derive(42, 7).nextLong(), Prng.derive(43, 7).nextLong());
  }

  @Test
  void drawingMoreFromOneStreamDoesNotShiftAnother() {
    Prng a1 = Prng.derive(9, 1);
    Prng b1 = Prng.derive(9, 2);
    for (int i = 0; i < 1000; i++) {
      a1.nextLong();
    }
    Prng b2 = Prng.derive(9, 2);
    for (int i = 0; i < 100; i++) {
      assertEquals(b2.nextLong(), b1.nextLong());
    }
  }

  @Test
  void streamsAreUncorrelated() {
    Prng a = Prng.derive(5, 1);
    Prng b = Prng.derive(5, 2);
    int agree = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      if ((a.nextLong() & 1) == (b.nextLong() & 1)) {
        agree++;
      }
    }
    assertEquals(0.5, agree / (double) n, 0.01);
  }

  @Test
  void nextIntStaysInBoundsAndIsUniform() {
    Prng r = new Prng(3);
    int[] counts = new int[7];
    for (int i = 0; i < 70_000; i++) {
      counts[r.nextInt(7)]++;
    }
    for (int c : counts) {
      assertEquals(10_000, c, 500);
    }
    assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
  }

  @Test
  void nextLongRangeIsInclusive() {
    Prng r = new Prng(11);
    boolean sawLo = false;
    boolean sawHi = false;
    for (int i = 0; i < 10_000; i++) {
      long v = r.nextLong(3, 6);
      assertTrue(v >= 3 && v <= 6);
      sawLo |= v == 3;
      sawHi |= v == 6;
    }
    assertTrue(sawLo && sawHi);
  }

  @Test
  void exponentialHasTheRequestedMean() {
    Prng r = new Prng(17);
    long sum = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      sum += r.exponential(1_000);
    }
    assertEquals(1_000, sum / (double) n, 15);
    assertEquals(0, r.exponential(0));
  }

  @Test
  void chanceMatchesProbabilityAndZeroDoesNotDraw() {
    Prng r = new Prng(23);
    int hits = 0;
    for (int i = 0; i < 100_000; i++) {
      if (r.chance(0.2)) {
        hits++;
      }
    }
    assertEquals(0.2, hits / 100_000.0, 0.005);
    Prng x = new Prng(1);
    Prng y = new Prng(1);
    x.chance(0);
    assertEquals(y.nextLong(), x.nextLong());
  }

  /** The definition the fast path must reproduce exactly, on every platform. */
  private static long strictExponential(double u, long mean) {
    return (long) (-StrictMath.log(u) * mean);
  }

  @Test
  void exponentialEqualsTheStrictMathDefinitionDrawForDraw() {
    long[] means = {1, 7, 500, 2_000, 12_345, 1_000_000, 1L << 40};
    for (long mean : means) {
      Prng fast = new Prng(mean);
      Prng copy = new Prng(mean);
      for (int i = 0; i < 400_000; i++) {
        double u = 1.0 - copy.nextDouble();
        assertEquals(strictExponential(u, mean), fast.exponential(mean), "mean " + mean + ", draw " + i);
      }
    }
  }

  @Test
  void exponentialIsExactWhereTheProductIsNearAnInteger() {
    // u = exp(-k / mean) puts -log(u) * mean within rounding of the integer k: the guard band must catch every one.
    long mean = 2_000;
    for (int k = 0; k < 20_000; k++) {
      double u = StrictMath.exp(-(double) k / mean);
      for (double v : new double[] {Math.nextDown(u), u, Math.nextUp(u)}) {
        if (v > 0 && v <= 1) {
          assertEquals(strictExponential(v, mean), Prng.exponentialOf(v, mean), "u = " + v);
        }
      }
    }
  }
}
