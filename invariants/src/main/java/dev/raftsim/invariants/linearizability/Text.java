package dev.raftsim.invariants.linearizability;

/** Formatting shared by the descriptions; locale-free so reports are identical on every machine. */
final class Text {
  private Text() {}

  /** Appends the value in double quotes, escaping what would make it ambiguous. */
  static void quote(StringBuilder sb, String value) {
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    sb.append('"');
  }

  static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2);
    quote(sb, value);
    return sb.toString();
  }

  /**
   * Appends virtual microseconds as milliseconds, keeping every significant microsecond but at least one
   * decimal: 12300 -> "12.3 ms", 15000 -> "15.0 ms", 12345 -> "12.345 ms".
   */
  static void millis(StringBuilder sb, long micros) {
    if (micros < 0) {
      sb.append('-');
      if (micros == Long.MIN_VALUE) {
        // Cannot be negated; print it raw rather than wrong.
        sb.append(Long.toString(micros).substring(1)).append(" us");
        return;
      }
      micros = -micros;
    }
    sb.append(micros / 1000).append('.');
    int frac = (int) (micros % 1000);
    int digits = 3;
    while (digits > 1 && frac % 10 == 0) {
      frac /= 10;
      digits--;
    }
    String f = Integer.toString(frac);
    for (int i = f.length(); i < digits; i++) {
      sb.append('0');
    }
    sb.append(f).append(" ms");
  }

  static String millis(long micros) {
    StringBuilder sb = new StringBuilder(16);
    millis(sb, micros);
    return sb.toString();
  }
}
