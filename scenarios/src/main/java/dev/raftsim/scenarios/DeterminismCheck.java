package dev.raftsim.scenarios;

import dev.raftsim.scenarios.internal.RaftCluster;
import dev.raftsim.sim.Simulation;
import dev.raftsim.sim.TraceEvent;
import dev.raftsim.sim.TraceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a spec twice and, when the runs differ, names the first event whose outcome differs: its index, the node
 * and the message or timer it handled, and what each run did then. Each trace record is compared with the run's
 * digest just after it, so a difference that no summary shows (a message's fingerprint) is still located.
 */
public final class DeterminismCheck {
  private DeterminismCheck() {}

  /** Where two runs of the same spec parted. */
  public record Difference(long eventIndex, long timeMicros, int node, String event, String first, String second,
      String firstDigest, String secondDigest) {
    /** One line: "first difference at event N (t=...): n2 handling ...: run 1 ..., run 2 ...". */
    public String describe() {
      return String.format(Locale.ROOT, "first difference at event %d (t=%.3f ms): %s; run 1: %s; run 2: %s",
          eventIndex, timeMicros / 1000.0, event, first, second);
    }
  }

  /** The outcome: null difference when both runs agree record for record. */
  public record Outcome(RunResult first, RunResult second, Difference difference) {
    public boolean deterministic() {
      return difference == null && first.digest() == second.digest() && first.events() == second.events();
    }
  }

  private record Rec(TraceEvent e, long digest) {}

  public static Outcome check(RunSpec spec) {
    List<Rec> a = new ArrayList<>();
    RunResult ra = record(spec, a);
    List<Rec> b = new ArrayList<>();
    RunResult rb = record(spec, b);
    return new Outcome(ra, rb, firstDifference(a, b, spec.cluster().nodes()));
  }

  private static RunResult record(RunSpec spec, List<Rec> into) {
    @SuppressWarnings("unchecked")
    Simulation<Object>[] sim = new Simulation[1];
    RunOptions options = RunOptions.defaults().withTrace(e -> {
      if (e.kind() != TraceKind.NOTE) {
        into.add(new Rec(e, sim[0].digest()));
      }
    });
    return Simulator.run(spec, options, (RaftCluster c) -> sim[0] = c.simulation());
  }

  private static Difference firstDifference(List<Rec> a, List<Rec> b, int nodes) {
    int n = Math.min(a.size(), b.size());
    for (int k = 0; k < n; k++) {
      Rec x = a.get(k);
      Rec y = b.get(k);
      if (x.digest() != y.digest() || !same(x.e(), y.e())) {
        return difference(a, k, x.e(), y.e(), x.digest(), y.digest(), nodes);
      }
    }
    if (a.size() != b.size()) {
      Rec more = a.size() > n ? a.get(n) : b.get(n);
      return a.size() > n ? difference(a, n, more.e(), null, more.digest(), 0, nodes)
          : difference(b, n, null, more.e(), 0, more.digest(), nodes);
    }
    return null;
  }

  private static boolean same(TraceEvent x, TraceEvent y) {
    return x.event() == y.event() && x.timeMicros() == y.timeMicros() && x.kind() == y.kind() && x.node() == y.node()
        && x.peer() == y.peer() && java.util.Objects.equals(x.detail(), y.detail());
  }

  /** The difference at record k of {@code base}: the event it belongs to, and that event's opening record. */
  private static Difference difference(List<Rec> base, int k, TraceEvent x, TraceEvent y, long dx, long dy,
      int nodes) {
    TraceEvent at = x != null ? x : y;
    int open = k;
    while (open > 0 && base.get(open - 1).e().event() == at.event()) {
      open--;
    }
    TraceEvent head = base.get(open).e();
    return new Difference(at.event(), at.timeMicros(), head.node(), what(head, nodes),
        x == null ? "the run ended" : text(x, nodes), y == null ? "the run ended" : text(y, nodes), RunResult.hex(dx),
        RunResult.hex(dy));
  }

  private static String name(int process, int nodes) {
    return process < 0 ? "the host" : process < nodes ? "n" + (process + 1) : "c" + (process - nodes + 1);
  }

  /** What the event was: the message or timer handled, and by whom. */
  private static String what(TraceEvent h, int nodes) {
    String n = name(h.node(), nodes);
    return switch (h.kind()) {
      case DELIVER -> n + " handling message " + quote(h.detail()) + " from " + name(h.peer(), nodes);
      case TIMER -> n + " handling " + h.detail();
      case START -> n + " starting";
      case RESTART -> n + " restarting";
      default -> n + " " + h.kind().name().toLowerCase(Locale.ROOT) + (h.detail() == null ? "" : " " + h.detail());
    };
  }

  private static String text(TraceEvent e, int nodes) {
    String n = name(e.node(), nodes);
    String peer = e.peer() < 0 ? "" : (e.kind() == TraceKind.SEND ? " to " : " from ") + name(e.peer(), nodes);
    return String.format(Locale.ROOT, "at %.3f ms ", e.timeMicros() / 1000.0) + n + " "
        + e.kind().name().toLowerCase(Locale.ROOT) + peer + (e.detail() == null ? "" : " " + quote(e.detail()))
        + " (event " + e.event() + ")";
  }

  private static String quote(String s) {
    return s == null ? "" : "'" + s + "'";
  }
}
