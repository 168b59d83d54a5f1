package dev.raftsim.scenarios;

import dev.raftsim.invariants.Violation;
import java.util.List;

/**
 * An exception or assertion error that escaped the implementation under test while it handled one event: a
 * finding like any broken invariant, never a failure of raftsim. The host calls into a node only through one
 * guarded place per process kind (see {@code scenarios.internal.ServerProcess}), which hands what escaped to
 * {@link #violation}, together with the index of the event being handled; the run then stops after that event.
 *
 * <p>The sentence names the exception, its message and where it was thrown (the first frame outside the JDK). The
 * shrinker keeps "the same exception at the same place" ({@link #target}) as its goal, so a shrunk run cannot
 * drift to another assertion of the same node.
 */
public final class NodeFailure {
  /** The invariant name of every such finding (the model checker uses the same one). */
  public static final String INVARIANT = "NodeAssertion";
  /** A run stopped by its event budget (see {@code Simulator}): time stopped advancing, or far too many events. */
  public static final String BUDGET = "EventBudget";

  private static final String[] HOST_PACKAGES = {"dev.raftsim.sim.", "dev.raftsim.scenarios.", "dev.raftsim.invariants.",
      "dev.raftsim.reports.", "dev.raftsim.cli.", "dev.raftsim.bench."};

  private NodeFailure() {}

  /**
   * True when {@code t} was thrown by the implementation under test rather than by raftsim's own host code that
   * it called back into (a fault of raftsim stays an internal error). The throw site is the first frame outside
   * the JDK.
   */
  public static boolean thrownByNode(Throwable t) {
    StackTraceElement site = site(t);
    if (site == null) {
      return true;
    }
    for (String p : HOST_PACKAGES) {
      if (site.getClassName().startsWith(p)) {
        return false;
      }
    }
    return true;
  }

  /** The violation for {@code t}, thrown by server {@code node} (0-based) while handling event {@code eventIndex}. */
  public static Violation violation(int node, Throwable t, long eventIndex, long timeMicros) {
    return violation("n" + (node + 1), List.of(node), t, eventIndex, timeMicros);
  }

  /** As above for any process of the implementation ({@code who}: "n2", "client 1"; {@code nodes}: servers involved). */
  public static Violation violation(String who, List<Integer> nodes, Throwable t, long eventIndex, long timeMicros) {
    String msg = t.getMessage() == null ? "(no message)" : t.getMessage().replace('\n', ' ').replace('\r', ' ');
    if (msg.length() > 500) {
      msg = msg.substring(0, 500) + "...";
    }
    return new Violation(INVARIANT, who + " threw " + place(t) + ": " + msg, eventIndex, timeMicros, nodes);
  }

  /** "IllegalStateException at RaftNode.onAppendEntries(RaftNode.java:417)". */
  static String place(Throwable t) {
    StackTraceElement site = site(t);
    String where = site == null ? "an unknown place"
        : simpleName(site.getClassName()) + "." + site.getMethodName() + "(" + site.getFileName() + ":"
            + site.getLineNumber() + ")";
    return t.getClass().getSimpleName() + " at " + where;
  }

  /**
   * What a shrunk run must reproduce: the invariant, and for a node's exception also its class and throw site
   * (taken from the sentence, so it works for violations read back from files too).
   */
  public static String target(Violation v) {
    if (!INVARIANT.equals(v.invariant())) {
      return v.invariant();
    }
    String m = v.message();
    int threw = m.indexOf(" threw ");
    int colon = m.indexOf(": ", Math.max(threw, 0));
    return threw < 0 || colon < 0 ? v.invariant() : v.invariant() + " " + m.substring(threw + 7, colon);
  }

  private static StackTraceElement site(Throwable t) {
    for (StackTraceElement e : t.getStackTrace()) {
      String c = e.getClassName();
      if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.") && !c.startsWith("javax.")) {
        return e;
      }
    }
    return null;
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
