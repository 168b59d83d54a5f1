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
}
