package dev.raftsim.cli;

import java.util.Locale;

/** Counts with their noun in the right number, as people write them ("1 failure", "2 failures"). */
final class Plural {
  private Plural() {}

  static String of(long n, String one, String many) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
  }

  static String of(long n, String noun) {
    return of(n, noun, noun + "s");
  }

  static String events(long n) {
    return of(n, "event");
  }
}
