package dev.raftsim.junit;

import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.SafetyChecker;
import dev.raftsim.invariants.Violation;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A user's invariant: a named predicate over the cluster as the checkers see it, tested after every event. When it
 * fails, the run stops with a violation of that name and the message, which is then shrunk, saved and replayed like
 * a violation of a built-in invariant (the shrinker keeps the same name as its target).
 *
 * <pre>{@code
 * Invariant.of("TermsStayLow", v -> maxTerm(v) <= 5, v -> "a node reached term " + maxTerm(v))
 * }</pre>
 *
 * <p>The predicate runs inside the simulation: it must be deterministic (no wall clock, no identity-hash order) and
 * read only the view. For an invariant that needs memory across events, implement {@link SafetyChecker} and pass a
 * factory to {@link RaftSimProperty#checker}.
 */
public final class Invariant {
  private final String name;
  private final Predicate<ClusterView> holds;
  private final Function<ClusterView, String> message;

  private Invariant(String name, Predicate<ClusterView> holds, Function<ClusterView, String> message) {
    this.name = requireName(name);
    this.holds = Objects.requireNonNull(holds, "holds");
    this.message = Objects.requireNonNull(message, "message");
  }

  static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("invariant name '" + name + "': letters, digits, '_', '.', '-' only");
    }
    return name;
  }

  /** An invariant whose violation message is computed from the view at the failing event. */
  public static Invariant of(String name, Predicate<ClusterView> holds, Function<ClusterView, String> message) {
    return new Invariant(name, holds, message);
  }

  /** An invariant with a fixed message. */
  public static Invariant of(String name, Predicate<ClusterView> holds, String message) {
    return new Invariant(name, holds, v -> message);
  }

  public String name() {
    return name;
  }

  /** A fresh checker for one run. */
  Supplier<SafetyChecker> factory() {
    return () -> new SafetyChecker() {
      @Override
      public Violation afterEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
        if (holds.test(view)) {
          return null;
        }
        return new Violation(name, message.apply(view), eventIndex, timeMicros,
            touchedNode < 0 ? List.of() : List.of(touchedNode));
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
