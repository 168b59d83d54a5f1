package dev.raftsim.sim.internal;

/**
 * The natural logarithm, bit-for-bit equal to {@link StrictMath#log} (fdlibm's algorithm, in Java).
 *
 * <p>Why: on JDK 17 {@code StrictMath.log} is a native call that cannot be inlined, and the network draws one
 * exponential delay per message. JDK 21 and later ship the same algorithm in Java; results are identical on
 * both, which the tests check against {@code StrictMath.log} over millions of inputs.
 *
 * <p>The method: write x = 2^k (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2); then log(1 + f) = f - f^2/2 + s (f^2/2 + R)
 * with s = f / (2 + f) and R a degree-14 minimax polynomial in s, and log(x) = k ln2 + log(1 + f), with ln2 split
 * into a high part exact in k * ln2_hi and a low correction.
 */
public final class FdLog {
  private static final double LN2_HI = Double.longBitsToDouble(0x3fe62e42fee00000L);
  private static final double LN2_LO = Double.longBitsToDouble(0x3dea39ef35793c76L);
  private static final double TWO54 = Double.longBitsToDouble(0x4350000000000000L);
  private static final double LG1 = Double.longBitsToDouble(0x3fe5555555555593L);
  private static final double LG2 = Double.longBitsToDouble(0x3fd999999997fa04L);
  private static final double LG3 = Double.longBitsToDouble(0x3fd2492494229359L);
  private static final double LG4 = Double.longBitsToDouble(0x3fcc71c51d8e78afL);
  private static final double LG5 = Double.longBitsToDouble(0x3fc7466496cb03deL);
  private static final double LG6 = Double.longBitsToDouble(0x3fc39a09d078c69fL);
  private static final double LG7 = Double.longBitsToDouble(0x3fc2f112df3e5244L);

  private FdLog() {}

  public static double log(double x) {
    long bits = Double.doubleToRawLongBits(x);
    int hx = (int) (bits >> 32);
    int lx = (int) bits;
    int k = 0;
    if (hx < 0x00100000) { // x < 2^-1022: zero, subnormal or negative
      if (((hx & 0x7fffffff) | lx) == 0) {
        return Double.NEGATIVE_INFINITY;
      }
      if (hx < 0) {
        return (x - x) / 0.0; // NaN, with the bits fdlibm gives
      }
      k -= 54;
      x *= TWO54;
      hx = (int) (Double.doubleToRawLongBits(x) >> 32);
    }
    if (hx >= 0x7ff00000) {
      return x + x; // infinity or NaN
    }
    k += (hx >> 20) - 1023;
    hx &= 0x000fffff;
    int i = (hx + 0x95f64) & 0x100000;
    // Scale the mantissa into [sqrt(2)/2, sqrt(2)): exponent 0, or -1 when the mantissa is large.
    x = Double.longBitsToDouble(((long) (hx | (i ^ 0x3ff00000)) << 32) | (Double.doubleToRawLongBits(x) & 0xffffffffL));
    k += i >> 20;
    double f = x - 1.0;
    if ((0x000fffff & (2 + hx)) < 3) { // |f| < 2^-20: a short series is exact enough
      if (f == 0.0) {
        if (k == 0) {
          return 0.0;
        }
        double dk = k;
        return dk * LN2_HI + dk * LN2_LO;
      }
      double r = f * f * (0.5 - 0.33333333333333333 * f);
      if (k == 0) {
        return f - r;
      }
      double dk = k;
      return dk * LN2_HI - ((r - dk * LN2_LO) - f);
    }
    double s = f / (2.0 + f);
    double dk = k;
    double z = s * s;
    i = hx - 0x6147a;
    double w = z * z;
    int j = 0x6b851 - hx;
    double t1 = w * (LG2 + w * (LG4 + w * LG6));
    double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    i |= j;
    double r = t2 + t1;
    if (i > 0) {
      double hfsq = 0.5 * f * f;
      if (k == 0) {
        return f - (hfsq - s * (hfsq + r));
      }
      return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
    }
    if (k == 0) {
      return f - s * (f - r);
    }
    return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
  }
}
