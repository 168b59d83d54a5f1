package dev.raftsim.scenarios.catalogue;

import java.util.Objects;

/**
 * One line of a scenario's timeline. Steps run in order, each as a host event of the simulation: {@code at T} runs
 * at virtual time T, or as soon as the previous step is done if that is later; {@code after D} runs D after the
 * previous step is done ({@code then} is {@code after 0}). Only a check with a deadline ({@code withinMicros > 0})
 * takes time: it is polled until it holds or the deadline passes, and the timeline waits for it, as the lab's
 * polling helpers do.
 */
public record Step(boolean absolute, long micros, long withinMicros, Action action) {
  public Step {
    Objects.requireNonNull(action, "action");
    if (micros < 0 || withinMicros < 0) {
      throw new IllegalArgumentException("step times are >= 0");
    }
    if (withinMicros > 0 && !(action instanceof Check)) {
      throw new IllegalArgumentException("only expectations take 'within'");
    }
  }

  public static Step at(long micros, Action action) {
    return new Step(true, micros, 0, action);
  }

  public static Step after(long micros, Action action) {
    return new Step(false, micros, 0, action);
  }

  public Step within(long deadlineMicros) {
    return new Step(absolute, micros, deadlineMicros, action);
  }
}
