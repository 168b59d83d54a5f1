package dev.raftsim.scenarios.check;

/** A counterexample file that cannot be replayed; the message is one line saying why. */
public final class CheckReplayException extends Exception {
  private static final long serialVersionUID = 1L;

  public CheckReplayException(String message) {
    super(message);
  }

  public CheckReplayException(String message, Throwable cause) {
    super(message, cause);
  }
}
