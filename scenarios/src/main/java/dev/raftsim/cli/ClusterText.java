package dev.raftsim.cli;

import dev.raftsim.scenarios.ImplementationCatalog;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.RunResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/** Human-readable pieces of output shared by the commands. */
final class ClusterText {
  private ClusterText() {}

  static List<String> bugNames(ClusterConfig c) {
    List<String> names = new ArrayList<>();
    if (!c.bugs().isEmpty()) {
      for (PlantedBug b : EnumSet.copyOf(c.bugs())) {
        names.add(b.cliName());
      }
    }
    return names;
  }

  static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }

  static String summary(RunResult r, long wallNanos) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "seed %d: %s, %s simulated, faults %s%n", r.spec().seed(),
        r.spec().cluster().describe(), Durations.human(r.spec().durationMicros()), r.spec().faultsName()));
    if (!r.spec().impl().isDefault()) {
      sb.append(String.format(Locale.ROOT, "  implementation      %s %s%s%n", r.spec().impl().name(),
          ImplementationCatalog.version(r.spec().impl().name()),
          r.spec().impl().options().isEmpty() ? "" : ", options " + String.join("+", r.spec().impl().options())));
      // An implementation says in its description which invariants cannot be judged for it ("not judged: ...").
      String d = ImplementationCatalog.require(r.spec().impl().name()).description();
      int at = d.indexOf("not judged: ");
      if (at >= 0) {
        sb.append(String.format(Locale.ROOT, "  not judged          %s%n", d.substring(at + "not judged: ".length())));
      }
    }
    sb.append(String.format(Locale.ROOT, "  leaders elected     %d%s%n", r.leadersElected(),
        r.firstLeaderMicros() < 0 ? "" : " (first after " + ms(r.firstLeaderMicros()) + ")"));
    // Counted at the end, on the servers up then: a violation may quote an entry committed earlier by a server that
    // has crashed or lost it since, so the line says when and where it counts.
    sb.append(String.format(Locale.ROOT, "  committed at end    %s in the longest committed log of a server up at the "
        + "end (client operations completed: %d)%n", Plural.of(r.commandsCommitted(), "client command"),
        r.opsCompleted()));
    double wallS = wallNanos / 1e9;
    sb.append(String.format(Locale.ROOT, "  events              %,d in %.0f ms wall (%,.0f events/s, %,.0fx real time)%n",
        r.events(), wallS * 1000, r.events() / Math.max(wallS, 1e-9), r.simulatedMicros() / 1e6 / Math.max(wallS, 1e-9)));
    sb.append(String.format(Locale.ROOT, "  messages            %,d delivered, %,d dropped%n", r.messagesDelivered(),
        r.messagesDropped()));
    if (r.spec().cluster().reconfig().on() || r.counters().getOrDefault("configChanges", 0L) > 0) {
      sb.append(String.format(Locale.ROOT, "  membership          %s committed, %s%n",
          Plural.of(r.counters().getOrDefault("configChanges", 0L), "configuration change"),
          Plural.of(r.counters().getOrDefault("leadershipTransfers", 0L), "leadership transfer")));
    }
    sb.append(String.format(Locale.ROOT, "  linearizability     %s%n", r.linearizability()));
    sb.append(String.format(Locale.ROOT, "  digest              %s%n", r.digestHex()));
    if (r.violation() == null) {
      sb.append("  no violation\n");
    } else {
      sb.append(String.format(Locale.ROOT, "  VIOLATION %s at event %d (%s): %s%n", r.violation().invariant(),
          r.violation().eventIndex(), ms(r.violation().timeMicros()), r.violation().message()));
    }
    return sb.toString();
  }
}
