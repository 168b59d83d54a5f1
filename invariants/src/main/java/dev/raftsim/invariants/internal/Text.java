package dev.raftsim.invariants.internal;

import dev.raftsim.invariants.ClusterView;
import java.util.List;

/** Wording shared by the checkers' messages. Only called when something is reported, never on the hot path. */
public final class Text {
  private Text() {}

  /** Virtual time in milliseconds, locale-free: 812000 -> "812.0 ms", 812345 -> "812.345 ms". */
  public static String ms(long micros) {
    return millis(micros) + " ms";
  }

  /** The number part of {@link #ms}. */
  public static String millis(long micros) {
    String sign = micros < 0 ? "-" : "";
    long abs = Math.abs(micros);
    long whole = abs / 1000;
    long frac = abs % 1000;
    if (frac == 0) {
      return sign + whole + ".0";
    }
    String digits = String.valueOf(1000 + frac).substring(1);
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    return sign + whole + "." + digits.substring(0, end);
  }

  /** "entry 7 (term 2, put x=5 (c2#3))", read from a node that is up and holds the entry. */
  public static String entry(ClusterView view, int node, int index) {
    int base = view.snapshotIndex(node);
    if (index < base) {
      return "entry " + index + " (inside " + view.name(node) + "'s snapshot)";
    }
    if (index == base && index > 0) {
      return "entry " + index + " (term " + view.termAt(node, index) + ", the last in " + view.name(node)
          + "'s snapshot)";
    }
    return "entry " + index + " (term " + view.termAt(node, index) + ", " + view.describeEntry(node, index) + ")";
  }

  /** An entry nobody up holds any more, known only by its term and digest. */
  public static String unheldEntry(int index, long term, long digest) {
    return "entry " + index + " (term " + term + ", digest " + hex(digest) + ")";
  }

  public static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  /** "n1, n3" */
  public static String names(ClusterView view, List<Integer> nodes) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(view.name(nodes.get(i)));
    }
    return b.toString();
  }
}
