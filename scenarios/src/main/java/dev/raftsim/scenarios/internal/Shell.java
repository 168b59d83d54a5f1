package dev.raftsim.scenarios.internal;

/** Quoting for the commands raftsim prints for people to paste into a POSIX shell. */
public final class Shell {
  private Shell() {}

  /**
   * The word as one shell word: unchanged when it holds only characters no shell treats specially, else in single
   * quotes (a single quote inside becomes '\'').
   */
  public static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
