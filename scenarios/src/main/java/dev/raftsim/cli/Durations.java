package dev.raftsim.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints virtual durations: "10s", "1.5s", "500ms", "2m", "250us"; a bare number means seconds. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m|min)?");

  private Durations() {}

  public static long parseMicros(String text) {
    Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new BadInputException("invalid duration '" + text + "' (use e.g. 10s, 500ms, 2m)");
    }
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double micros = switch (unit) {
      case "us" -> v;
      case "ms" -> v * 1_000;
      case "s" -> v * 1_000_000;
      default -> v * 60_000_000;
    };
    if (micros < 1 || micros > 365L * 24 * 3600 * 1_000_000) {
      throw new BadInputException("duration '" + text + "' is out of range");
    }
    return (long) micros;
  }

  public static String format(long micros) {
    if (micros % 1_000_000 == 0) {
      return micros / 1_000_000 + "s";
    }
    if (micros % 1_000 == 0) {
      return micros / 1_000 + "ms";
    }
    return micros + "us";
  }

  /**
   * For people: "10 s", "682.015 ms", "4.149 s", "1 h 0 min 5 s" (not "682015us"). Whole units stay whole; the rest
   * gets a decimal point in the largest unit that keeps it readable.
   */
  public static String human(long micros) {
    if (micros >= 3_600_000_000L) {
      long s = micros / 1_000_000;
      return String.format(Locale.ROOT, "%d h %d min %d s", s / 3600, s / 60 % 60, s % 60);
    }
    if (micros >= 60_000_000L) {
      long s = micros / 1_000_000;
      return String.format(Locale.ROOT, "%d min %d s", s / 60, s % 60);
    }
    if (micros >= 1_000_000) {
      return trim(String.format(Locale.ROOT, "%.3f", micros / 1e6)) + " s";
    }
    if (micros >= 1_000) {
      return trim(String.format(Locale.ROOT, "%.3f", micros / 1e3)) + " ms";
    }
    return micros + " µs";
  }

  private static String trim(String decimal) {
    return decimal.replaceFirst("\\.?0+$", "");
  }
}
