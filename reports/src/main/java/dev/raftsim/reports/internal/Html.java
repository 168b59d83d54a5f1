package dev.raftsim.reports.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Escaping and number formatting shared by the HTML writers. Everything is locale-independent. */
public final class Html {
  private Html() {}

  /** Escapes text for HTML/SVG element content and double- or single-quoted attribute values. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> c < 0x20 && c != '\n' && c != '\t' ? " " : null;
      };
      if (rep != null) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        sb.append(rep);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /**
   * A JSON string literal safe to embed inside a {@code <script>} element: no {@code <}, {@code >} or {@code &}
   * survive, so neither {@code </script>} nor markup can appear in the page source.
   */
  public static void jsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<' -> sb.append("\\u003c");
        case '>' -> sb.append("\\u003e");
        case '&' -> sb.append("\\u0026");
        case '\u2028' -> sb.append("\\u2028");
        case '\u2029' -> sb.append("\\u2029");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Virtual time for people: "12.345 ms" below 10 s, "12.345678 s" above. */
  public static String time(long micros) {
    if (micros < 0) {
      return "—";
    }
    if (micros < 10_000_000L) {
      return String.format(Locale.ROOT, "%d.%03d ms", micros / 1000, micros % 1000);
    }
    return String.format(Locale.ROOT, "%d.%06d s", micros / 1_000_000, micros % 1_000_000);
  }

  /** A duration, rounded for reading: "850 µs", "12.3 ms", "4.21 s". */
  public static String duration(long micros) {
    if (micros < 1000) {
      return micros + " µs";
    }
    if (micros < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
    return String.format(Locale.ROOT, "%.2f s", micros / 1_000_000.0);
  }

  /** Coordinates with at most one decimal, never "1.0E7" or a locale comma. */
  public static String n(double v) {
    long tenths = Math.round(v * 10);
    if (tenths % 10 == 0) {
      return Long.toString(tenths / 10);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Thousands separated by a thin space: 1 234 567. */
  public static String count(long v) {
    String s = Long.toString(Math.abs(v));
    StringBuilder sb = new StringBuilder();
    int lead = s.length() % 3;
    for (int i = 0; i < s.length(); i++) {
      if (i > 0 && (i - lead) % 3 == 0) {
        sb.append('\u2009');
      }
      sb.append(s.charAt(i));
    }
    return (v < 0 ? "-" : "") + sb;
  }

  public static String shorten(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…";
  }

  /** A text resource next to the reports classes (the inline CSS and JS of the pages). */
  public static String resource(String name) {
    try (InputStream in = Html.class.getResourceAsStream("/dev/raftsim/reports/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " in the reports jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
