package dev.raftsim.cli;

/** Bad user input (an argument, a replay file, a config): reported as one line on stderr with exit code 2. */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
