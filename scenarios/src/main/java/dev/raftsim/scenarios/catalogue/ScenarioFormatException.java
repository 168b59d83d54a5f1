package dev.raftsim.scenarios.catalogue;

/**
 * A scenario file that does not parse, with the place: the message reads {@code FILE:LINE: what is wrong}, one
 * line, for the CLI to print as bad input.
 */
public final class ScenarioFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String origin;
  private final int line;

  public ScenarioFormatException(String origin, int line, String message) {
    super(origin + ":" + line + ": " + message);
    this.origin = origin;
    this.line = line;
  }

  public String origin() {
    return origin;
  }

  /** 1-based line number of the problem. */
  public int line() {
    return line;
  }
}
