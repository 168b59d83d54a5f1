package dev.raftsim.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Repeated measurements of one quantity: the median is the headline (robust against a neighbour stealing the CPU
 * for one iteration), min and max show the spread.
 */
public record Stats(double median, double min, double max, int samples) {
  public static Stats of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return new Stats(median, v[0], v[n - 1], n);
  }

  /** Relative spread (max - min) / median, for the table. */
  public double spread() {
    return median == 0 ? 0 : (max - min) / Math.abs(median);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", median);
    m.put("min", min);
    m.put("max", max);
    m.put("samples", samples);
    return m;
  }

  /** E.g. "13.2 M (12.1..13.9)" with values scaled by {@code unit}. */
  public String format(double unit, String suffix) {
    return String.format(Locale.ROOT, "%.2f%s (%.2f..%.2f)", median / unit, suffix, min / unit, max / unit);
  }
}
