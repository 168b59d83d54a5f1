package dev.raftsim.scenarios.catalogue;

/**
 * A scenario that cannot run as written. {@code step} is the index of the offending step, or -1 for the scenario's
 * settings; {@link ScenarioText} turns it into a line number.
 */
public final class InvalidScenarioException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int step;

  public InvalidScenarioException(int step, String message) {
    super(message);
    this.step = step;
  }

  public int step() {
    return step;
  }
}
