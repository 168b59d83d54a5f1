package dev.raftsim.scenarios.catalogue;

import dev.raftsim.invariants.Checkers;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.sim.NetworkParams;
import dev.raftsim.raft.ReadMode;
import dev.raftsim.scenarios.ProtocolKnobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scenario file format, in the spirit of etcd-io/raft's datadriven transcripts: settings, then one step per
 * line, then {@code ----} and the transcript the run is expected to print (the block {@code --rewrite} regenerates).
 * docs/scenarios.md is the full reference; in short:
 *
 * <pre>
 * # ReElection: leader disconnected -> a new leader; old leader rejoins without disruption
 * nodes 3
 * at 0ms within 1500ms expect one-leader
 * then isolate leader
 * then within 2s expect leader-changed
 * ----
 * ok
 * </pre>
 *
 * {@link #parse} reports problems as {@link ScenarioFormatException}s ({@code FILE:LINE: what}); {@link #format}
 * writes any scenario (Java-built ones too) so that parsing it back gives an equal value.
 */
public final class ScenarioText {
  public static final String SEPARATOR = "----";

  private static final Pattern HEADER_COMMENT = Pattern.compile("#\\s*([A-Za-z][A-Za-z0-9_-]*)\\s*:\\s*(.*)");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s)");
  private static final Pattern NODE = Pattern.compile("n(\\d+)");
  private static final Pattern REGISTER = Pattern.compile("([A-Z][A-Za-z0-9]*)(?:\\+(\\d+))?");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z0-9_.-]+)=([^\\s]+)");

  private static final List<String> SETTINGS = List.of("name", "purpose", "nodes", "clients", "workload", "seed",
      "limit", "noop", "reads", "prevote", "checkquorum", "drift", "election", "heartbeat", "batch", "snapshot", "spares", "bug",
      "network", "catches", "expect");
  private static final List<String> ACTIONS = List.of("partition", "heal", "heal-all", "isolate", "connect", "cut",
      "clog", "crash", "restart", "skew", "pause", "resume", "campaign", "ensure-up", "network", "submit", "put",
      "append", "get", "propose", "stop-clients", "remember", "mark", "show", "change", "try-change", "expect");
  private static final List<String> CHECKS = List.of("one-leader", "no-leader", "leader-changed", "terms-agree",
      "term-unchanged", "committed", "converged", "committed-once", "committed-at", "not-committed", "acked-committed",
      "messages", "entries-sent", "voters");

  private ScenarioText() {}

  // ================================================================ parsing

  /**
   * Parses a scenario file. {@code origin} names it in error messages; the scenario's name comes from a
   * {@code name} line, else a first line {@code # Name: purpose}, else the origin's file name.
   */
  public static Scenario parse(String text, String origin) {
    return new Parser(text, origin).parse();
  }

  private static final class Parser {
    private final String origin;
    private final String[] lines;
    private int lineNo;
    private ScenarioBuilder b;
    private String name;
    private String purpose;
    private final List<Integer> stepLines = new ArrayList<>();
    private boolean inSteps;

    Parser(String text, String origin) {
      this.origin = origin;
      this.lines = text.replace("\r\n", "\n").split("\n", -1);
    }

    ScenarioFormatException error(String message) {
      return new ScenarioFormatException(origin, lineNo, message);
    }

    Scenario parse() {
      int end = lines.length;
      List<String> output = null;
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].strip().equals(SEPARATOR)) {
          end = i;
          output = new ArrayList<>();
          for (int k = i + 1; k < lines.length; k++) {
            output.add(lines[k].stripTrailing());
          }
          while (!output.isEmpty() && output.get(output.size() - 1).isEmpty()) {
            output.remove(output.size() - 1);
          }
          break;
        }
      }
      // The name may come last (or from the origin), so the builder runs under a placeholder and is renamed below.
      b = new ScenarioBuilder("unnamed");
      for (int i = 0; i < end; i++) {
        lineNo = i + 1;
        String raw = lines[i].strip();
        if (i == 0) {
          Matcher m = HEADER_COMMENT.matcher(raw);
          if (m.matches()) {
            name = m.group(1);
            purpose = m.group(2).strip();
          }
        }
        if (raw.isEmpty() || raw.startsWith("#")) {
          continue;
        }
        String[] words = words(raw);
        boolean isStep = words[0].equals("at") || words[0].equals("after") || words[0].equals("then");
        if (isStep) {
          inSteps = true;
          step(words);
          stepLines.add(lineNo);
        } else if (SETTINGS.contains(words[0])) {
          if (inSteps) {
            throw error("'" + words[0] + "' is a setting and must come before the first step (steps begin with at,"
                + " after or then)");
          }
          setting(words, raw);
        } else {
          throw error("unknown directive '" + words[0] + "': expected a setting (" + String.join(", ", SETTINGS)
              + ") or a step beginning with at, after or then");
        }
      }
      if (name == null) {
        String base = origin.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        name = base.contains(".") ? base.substring(0, base.lastIndexOf('.')) : base;
      }
      lineNo = 1;
      try {
        Scenario s = b.expectedOutput(output).build();
        return new Scenario(name, purpose, s.nodes(), s.clients(), s.workload(), s.seed(), s.limitMicros(),
            s.noOpOnElection(), s.electionMinMicros(), s.electionMaxMicros(), s.heartbeatMicros(),
            s.maxEntriesPerAppend(), s.bugs(), s.network(), s.steps(), s.expectedViolations(), s.catches(),
            s.expectedOutput(), s.protocol(), s.snapshotEvery(), s.spares());
      } catch (InvalidScenarioException e) {
        lineNo = e.step() >= 0 && e.step() < stepLines.size() ? stepLines.get(e.step()) : 1;
        throw error(e.getMessage());
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }

    private void setting(String[] w, String raw) {
      try {
        switch (w[0]) {
          case "name" -> {
            arity(w, 2, "name NAME");
            name = w[1];
          }
          case "purpose" -> purpose = raw.substring("purpose".length()).strip();
          case "nodes" -> {
            arity(w, 2, "nodes N");
            b.nodes(integer(w[1]));
          }
          case "clients" -> {
            arity(w, 2, "clients N");
            b.clients(integer(w[1]));
          }
          case "workload" -> {
            arity(w, 2, "workload CLIENTS");
            b.workload(integer(w[1]));
          }
          case "seed" -> {
            arity(w, 2, "seed S");
            try {
              b.seed(Long.parseLong(w[1]));
            } catch (NumberFormatException e) {
              throw error("seed must be an integer, got '" + w[1] + "'");
            }
          }
          case "limit" -> {
            arity(w, 2, "limit DURATION");
            b.limit(duration(w[1]));
          }
          case "reads" -> {
            arity(w, 2, "reads log|index|lease");
            b.reads(ReadMode.fromCliName(w[1]));
          }
          case "prevote" -> {
            arity(w, 2, "prevote on|off");
            b.preVote(onOff(w[1]));
          }
          case "checkquorum" -> {
            arity(w, 2, "checkquorum on|off");
            b.checkQuorum(onOff(w[1]));
          }
          case "drift" -> {
            arity(w, 2, "drift PERMILLE");
            b.driftBound(integer(w[1]));
          }
          case "noop" -> {
            arity(w, 2, "noop on|off");
            b.noOpOnElection(onOff(w[1]));
          }
          case "election" -> {
            arity(w, 3, "election MIN MAX");
            b.electionTimeout(duration(w[1]), duration(w[2]));
          }
          case "heartbeat" -> {
            arity(w, 2, "heartbeat DURATION");
            b.heartbeat(duration(w[1]));
          }
          case "batch" -> {
            arity(w, 2, "batch N");
            b.batch(integer(w[1]));
          }
          case "snapshot" -> {
            arity(w, 2, "snapshot N");
            b.snapshotEvery(integer(w[1]));
          }
          case "spares" -> {
            arity(w, 2, "spares N");
            b.spares(integer(w[1]));
          }
          case "bug" -> {
            arity(w, 2, "bug NAME");
            b.bug(bug(w[1]));
          }
          case "catches" -> {
            if (w.length < 2) {
              throw error("usage: catches BUG...");
            }
            for (int i = 1; i < w.length; i++) {
              b.catches(bug(w[i]));
            }
          }
          case "network" -> b.initialNetwork(network(w, 1));
          case "expect" -> {
            if (w.length != 3 || !w[1].equals("violation")) {
              throw error("the only expectation among the settings is 'expect violation INVARIANT[|INVARIANT...]';"
                  + " timed expectations are steps (at/after/then ... expect ...)");
            }
            for (String v : w[2].split("\\|")) {
              if (!Checkers.INVARIANTS.contains(v) && !Scenario.LINEARIZABILITY.equals(v)) {
                throw error("unknown invariant '" + v + "'; valid: " + String.join(", ", Checkers.INVARIANTS) + ", "
                    + Scenario.LINEARIZABILITY);
              }
              b.expectViolation(v);
            }
          }
          default -> throw new IllegalStateException("unhandled setting " + w[0]);
        }
      } catch (ScenarioFormatException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }

    private void step(String[] w) {
      int i = 0;
      if (w[0].equals("at")) {
        need(w, 2, "at TIME ACTION");
        b.at(duration(w[1]));
        i = 2;
      } else if (w[0].equals("after")) {
        need(w, 2, "after DURATION ACTION");
        b.after(duration(w[1]));
        i = 2;
      } else {
        b.then();
        i = 1;
      }
      if (i < w.length && w[i].equals("within")) {
        need(w, i + 2, "... within DURATION expect ...");
        b.within(duration(w[i + 1]));
        i += 2;
        if (i >= w.length || !w[i].equals("expect")) {
          throw error("'within' needs an expectation after it (within DURATION expect ...)");
        }
      }
      if (i >= w.length) {
        throw error("a step needs an action after its time");
      }
      String[] a = Arrays.copyOfRange(w, i, w.length);
      try {
        b.add(action(a));
      } catch (ScenarioFormatException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }

    private Action action(String[] a) {
      switch (a[0]) {
        case "partition": {
          if (a.length < 3) {
            throw error("usage: partition GROUP GROUP... (members separated by commas, e.g. partition n1,n2 rest)");
          }
          List<List<Target>> groups = new ArrayList<>();
          for (int i = 1; i < a.length; i++) {
            List<Target> g = new ArrayList<>();
            for (String m : a[i].split(",")) {
              g.add(target(m));
            }
            groups.add(g);
          }
          return new Action.Partition(groups);
        }
        case "heal":
          arity(a, 1, "heal");
          return new Action.Heal();
        case "heal-all":
          arity(a, 1, "heal-all");
          return new Action.HealAll();
        case "isolate":
          arity(a, 2, "isolate TARGET");
          return new Action.Isolate(target(a[1]));
        case "connect":
          arity(a, 2, "connect TARGET");
          return new Action.Connect(target(a[1]));
        case "cut": {
          arity(a, 2, "cut FROM->TO");
          Target[] link = link(a[1]);
          return new Action.Cut(link[0], link[1]);
        }
        case "clog": {
          arity(a, 3, "clog FROM->TO DURATION");
          Target[] link = link(a[1]);
          return new Action.Clog(link[0], link[1], duration(a[2]));
        }
        case "crash":
          arity(a, 2, "crash TARGET");
          return new Action.Crash(target(a[1]));
        case "restart":
          arity(a, 2, "restart TARGET");
          return new Action.Restart(target(a[1]));
        case "skew":
          arity(a, 3, "skew TARGET PERMILLE");
          return new Action.Skew(target(a[1]), integer(a[2]));
        case "pause":
          arity(a, 2, "pause TARGET");
          return new Action.Pause(target(a[1]));
        case "resume":
          arity(a, 2, "resume TARGET");
          return new Action.Resume(target(a[1]));
        case "campaign":
          arity(a, 2, "campaign TARGET");
          return new Action.Campaign(target(a[1]));
        case "ensure-up":
          arity(a, 2, "ensure-up N");
          return new Action.EnsureUp(integer(a[1]));
        case "network":
          return new Action.Network(network(a, 1));
        case "submit":
          arity(a, 2, "submit N");
          return new Action.Submit(integer(a[1]));
        case "put":
        case "append":
        case "get": {
          String usage = a[0] + " KEY [as LABEL]";
          if (a.length != 2 && a.length != 4) {
            throw error("usage: " + usage);
          }
          return new Action.ClientOp(Op.valueOf(a[0].toUpperCase(Locale.ROOT)), key(a[1]), label(a, 2, usage));
        }
        case "propose": {
          String usage = "propose TARGET KEY=VALUE [as LABEL]";
          if (a.length != 3 && a.length != 5) {
            throw error("usage: " + usage);
          }
          Matcher m = KEY_VALUE.matcher(a[2]);
          if (!m.matches()) {
            throw error("propose needs KEY=VALUE, got '" + a[2] + "'");
          }
          return new Action.Propose(target(a[1]), m.group(1), m.group(2), label(a, 3, usage));
        }
        case "stop-clients":
          arity(a, 1, "stop-clients");
          return new Action.StopClients();
        case "remember":
          arity(a, 3, "remember NAME TARGET");
          return new Action.Remember(a[1], target(a[2]));
        case "mark":
          arity(a, 1, "mark");
          return new Action.Mark();
        case "show":
          arity(a, 2, "show " + String.join("|", Action.Show.WHAT));
          return new Action.Show(a[1]);
        case "change":
        case "try-change": {
          String usage = a[0] + " TARGET add-learner|promote|add-voter|remove|transfer NODE | " + a[0]
              + " TARGET replace NODE,NODE,...";
          arity(a, 4, usage);
          dev.raftsim.scenarios.Reconfiguration.Kind kind = null;
          for (dev.raftsim.scenarios.Reconfiguration.Kind k : dev.raftsim.scenarios.Reconfiguration.Kind.values()) {
            if (k.cliName().equals(a[2]) && k != dev.raftsim.scenarios.Reconfiguration.Kind.PARTITION_CONFIG) {
              kind = k;
            }
          }
          if (kind == null) {
            throw error("usage: " + usage);
          }
          List<Target> servers = new ArrayList<>();
          for (String m : a[3].split(",")) {
            servers.add(target(m));
          }
          return new Action.ChangeMembership(target(a[1]), kind, servers, a[0].equals("change"));
        }
        case "expect":
          return check(a);
        default:
          throw error("unknown action '" + a[0] + "'; valid: " + String.join(", ", ACTIONS));
      }
    }

    private Check check(String[] a) {
      if (a.length < 2) {
        throw error("expect what? valid: " + String.join(", ", CHECKS));
      }
      switch (a[1]) {
        case "one-leader":
          arity(a, 2, "expect one-leader");
          return new Check.OneLeader();
        case "no-leader":
          arity(a, 2, "expect no-leader");
          return new Check.NoLeader();
        case "leader-changed":
          arity(a, 2, "expect leader-changed");
          return new Check.LeaderChanged();
        case "terms-agree":
          arity(a, 2, "expect terms-agree");
          return new Check.TermsAgree();
        case "term-unchanged":
          arity(a, 2, "expect term-unchanged");
          return new Check.TermUnchanged();
        case "converged":
          arity(a, 2, "expect converged");
          return new Check.Converged();
        case "acked-committed":
          arity(a, 2, "expect acked-committed");
          return new Check.AckedCommitted();
        case "committed": {
          String rest = String.join("", Arrays.copyOfRange(a, 2, a.length));
          Check.Comparison cmp = Check.Comparison.EQUAL;
          if (rest.startsWith(">=")) {
            cmp = Check.Comparison.AT_LEAST;
            rest = rest.substring(2);
          } else if (rest.startsWith("<=")) {
            cmp = Check.Comparison.AT_MOST;
            rest = rest.substring(2);
          }
          if (rest.isEmpty()) {
            throw error("usage: expect committed [>=|<=]N");
          }
          return new Check.Committed(cmp, integer(rest));
        }
        case "committed-once":
          arity(a, 3, "expect committed-once LABEL");
          return new Check.CommittedOnce(a[2]);
        case "committed-at":
          arity(a, 4, "expect committed-at LABEL INDEX");
          return new Check.CommittedAt(a[2], integer(a[3]));
        case "not-committed":
          arity(a, 3, "expect not-committed LABEL");
          return new Check.NotCommitted(a[2]);
        case "messages":
        case "entries-sent": {
          String rest = String.join("", Arrays.copyOfRange(a, 2, a.length));
          if (!rest.startsWith("<=")) {
            throw error("usage: expect " + a[1] + " <= N");
          }
          int max = integer(rest.substring(2));
          return a[1].equals("messages") ? new Check.Messages(max) : new Check.EntriesSent(max);
        }
        case "voters": {
          arity(a, 3, "expect voters NODE,NODE,...");
          List<Target> voters = new ArrayList<>();
          for (String m : a[2].split(",")) {
            voters.add(target(m));
          }
          return new Check.Voters(voters);
        }
        case "violation":
          throw error("'expect violation' is a setting: put it before the first step, without a time");
        default:
          throw error("unknown expectation '" + a[1] + "'; valid: " + String.join(", ", CHECKS));
      }
    }

    private NetworkParams network(String[] w, int from) {
      if (w.length == from + 1 && Networks.named(w[from]) != null) {
        return Networks.named(w[from]);
      }
      if (w.length == from) {
        throw error("usage: network " + String.join("|", Networks.NAMES)
            + " | network [delay MIN MEAN] [drop P] [dup P] [fifo]");
      }
      NetworkParams p = Networks.reliable();
      for (int i = from; i < w.length; i++) {
        switch (w[i]) {
          case "delay" -> {
            need(w, i + 3, "network delay MIN MEAN_EXTRA");
            p = p.withDelay(duration(w[i + 1]), duration(w[i + 2]));
            i += 2;
          }
          case "drop" -> {
            need(w, i + 2, "network drop P");
            p = p.withDrop(probability(w[i + 1]));
            i++;
          }
          case "dup" -> {
            need(w, i + 2, "network dup P");
            p = p.withDuplicate(probability(w[i + 1]));
            i++;
          }
          case "fifo" -> p = p.withFifo(true);
          default -> throw error("unknown network setting '" + w[i] + "'; valid: a preset ("
              + String.join(", ", Networks.NAMES) + ") or delay MIN MEAN, drop P, dup P, fifo");
        }
      }
      return p;
    }

    private Target[] link(String s) {
      int arrow = s.indexOf("->");
      if (arrow <= 0 || arrow + 2 >= s.length()) {
        throw error("a link is written FROM->TO, e.g. n1->n2 or leader->L+1, got '" + s + "'");
      }
      return new Target[] {target(s.substring(0, arrow)), target(s.substring(arrow + 2))};
    }

    private Target target(String s) {
      switch (s) {
        case "leader":
          return Target.leader();
        case "leader?":
          return Target.leaderIfAny();
        case "follower":
          return Target.follower();
        case "random":
          return Target.random();
        case "all":
          return Target.all();
        case "rest":
          return Target.rest();
        default:
          break;
      }
      Matcher m = NODE.matcher(s);
      if (m.matches()) {
        return Target.n(integer(m.group(1)));
      }
      m = REGISTER.matcher(s);
      if (m.matches()) {
        return new Target.Register(m.group(1), m.group(2) == null ? 0 : integer(m.group(2)));
      }
      throw error("unknown node '" + s + "'; valid: n1..nN, leader, leader?, follower, random, all, rest,"
          + " or a register such as L or L+1");
    }

    private String key(String s) {
      if (!LABEL.matcher(s).matches()) {
        throw error("invalid key '" + s + "'");
      }
      return s;
    }

    private String label(String[] a, int at, String usage) {
      if (a.length == at) {
        return null;
      }
      if (a.length != at + 2 || !a[at].equals("as") || !LABEL.matcher(a[at + 1]).matches()) {
        throw error("usage: " + usage);
      }
      return a[at + 1];
    }

    private PlantedBug bug(String s) {
      return PlantedBug.fromCliName(s).orElseThrow(() ->
          error("unknown bug '" + s + "'; valid: " + String.join(", ", PlantedBug.cliNames())));
    }

    private boolean onOff(String s) {
      if (s.equals("on")) {
        return true;
      }
      if (s.equals("off")) {
        return false;
      }
      throw error("expected on or off, got '" + s + "'");
    }

    private int integer(String s) {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw error("expected a whole number, got '" + s + "'");
      }
    }

    private double probability(String s) {
      try {
        double p = Double.parseDouble(s);
        if (p >= 0 && p <= 1) {
          return p;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw error("expected a probability in [0, 1], got '" + s + "'");
    }

    private long duration(String s) {
      try {
        return parseDuration(s);
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }

    private void arity(String[] w, int n, String usage) {
      if (w.length != n) {
        throw error("usage: " + usage);
      }
    }

    private void need(String[] w, int n, String usage) {
      if (w.length < n) {
        throw error("usage: " + usage);
      }
    }
  }

  private static String[] words(String line) {
    int comment = line.indexOf(" #");
    if (comment >= 0) {
      line = line.substring(0, comment);
    }
    return line.strip().split("\\s+");
  }

  /** "500ms", "1.5s", "250us" to microseconds; a unit is required. */
  public static long parseDuration(String s) {
    Matcher m = DURATION.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid duration '" + s + "' (use e.g. 250us, 500ms, 1.5s)");
    }
    double v = Double.parseDouble(m.group(1));
    double micros = switch (m.group(2)) {
      case "us" -> v;
      case "ms" -> v * 1_000;
      default -> v * 1_000_000;
    };
    if (micros > 365.0 * 24 * 3600 * 1_000_000 || micros != Math.rint(micros)) {
      throw new IllegalArgumentException("duration '" + s + "' is out of range or finer than a microsecond");
    }
    return (long) micros;
  }

  // ================================================================ formatting

  /** The canonical file text of a scenario: {@code parse(format(s))} equals {@code s}. */
  public static String format(Scenario s) {
    StringBuilder sb = new StringBuilder();
    sb.append("name ").append(s.name()).append('\n');
    if (!s.purpose().isEmpty()) {
      sb.append("purpose ").append(s.purpose()).append('\n');
    }
    sb.append("nodes ").append(s.nodes()).append('\n');
    if (s.workload()) {
      sb.append("workload ").append(s.clients()).append('\n');
    } else if (s.clients() != Scenario.DEFAULT_CLIENTS) {
      sb.append("clients ").append(s.clients()).append('\n');
    }
    if (s.seed() != Scenario.DEFAULT_SEED) {
      sb.append("seed ").append(s.seed()).append('\n');
    }
    if (s.limitMicros() != Scenario.DEFAULT_LIMIT_MICROS) {
      sb.append("limit ").append(duration(s.limitMicros())).append('\n');
    }
    if (!s.noOpOnElection()) {
      sb.append("noop off\n");
    }
    if (s.protocol().readMode() != ReadMode.LOG) {
      sb.append("reads ").append(s.protocol().readMode().cliName()).append('\n');
    }
    if (s.protocol().preVote()) {
      sb.append("prevote on\n");
    }
    if (s.protocol().checkQuorum()) {
      sb.append("checkquorum on\n");
    }
    if (s.protocol().clockDriftPermille() != ProtocolKnobs.DEFAULT_DRIFT_PERMILLE) {
      sb.append("drift ").append(s.protocol().clockDriftPermille()).append('\n');
    }
    if (s.electionMinMicros() != Scenario.DEFAULT_ELECTION_MIN_MICROS
        || s.electionMaxMicros() != Scenario.DEFAULT_ELECTION_MAX_MICROS) {
      sb.append("election ").append(duration(s.electionMinMicros())).append(' ')
          .append(duration(s.electionMaxMicros())).append('\n');
    }
    if (s.heartbeatMicros() != Scenario.DEFAULT_HEARTBEAT_MICROS) {
      sb.append("heartbeat ").append(duration(s.heartbeatMicros())).append('\n');
    }
    if (s.maxEntriesPerAppend() != Scenario.DEFAULT_BATCH) {
      sb.append("batch ").append(s.maxEntriesPerAppend()).append('\n');
    }
    if (s.snapshotEvery() > 0) {
      sb.append("snapshot ").append(s.snapshotEvery()).append('\n');
    }
    if (s.spares() > 0) {
      sb.append("spares ").append(s.spares()).append('\n');
    }
    for (PlantedBug bug : s.bugList()) {
      sb.append("bug ").append(bug.cliName()).append('\n');
    }
    if (!s.network().equals(Networks.reliable())) {
      sb.append("network ").append(networkText(s.network())).append('\n');
    }
    if (!s.catches().isEmpty()) {
      sb.append("catches");
      s.catches().forEach(b -> sb.append(' ').append(b.cliName()));
      sb.append('\n');
    }
    if (!s.expectedViolations().isEmpty()) {
      sb.append("expect violation ").append(String.join("|", s.expectedViolations())).append('\n');
    }
    sb.append('\n');
    for (Step step : s.steps()) {
      sb.append(stepText(step)).append('\n');
    }
    if (s.expectedOutput() != null) {
      sb.append(SEPARATOR).append('\n');
      s.expectedOutput().forEach(l -> sb.append(l).append('\n'));
    }
    return sb.toString();
  }

  /**
   * The file text with its expected block replaced by {@code transcript} (datadriven's -rewrite): everything
   * before {@code ----} is kept as written.
   */
  public static String rewrite(String text, List<String> transcript) {
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    StringBuilder sb = new StringBuilder();
    int end = lines.length;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().equals(SEPARATOR)) {
        end = i;
        break;
      }
    }
    while (end > 0 && lines[end - 1].isBlank()) {
      end--;
    }
    for (int i = 0; i < end; i++) {
      sb.append(lines[i]).append('\n');
    }
    sb.append(SEPARATOR).append('\n');
    transcript.forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  /** A step as one line, e.g. {@code at 1500ms within 2s expect one-leader}. */
  public static String stepText(Step s) {
    String timing;
    if (s.absolute()) {
      timing = "at " + duration(s.micros());
    } else if (s.micros() == 0) {
      timing = "then";
    } else {
      timing = "after " + duration(s.micros());
    }
    String within = s.withinMicros() > 0 ? " within " + duration(s.withinMicros()) : "";
    return timing + within + " " + actionText(s.action());
  }

  /** An action as the text after a step's timing, e.g. {@code isolate leader} or {@code expect committed >=3}. */
  public static String actionText(Action a) {
    if (a instanceof Check c) {
      return "expect " + checkText(c);
    }
    if (a instanceof Action.Partition p) {
      StringBuilder sb = new StringBuilder("partition");
      for (List<Target> g : p.groups()) {
        sb.append(' ');
        for (int i = 0; i < g.size(); i++) {
          sb.append(i == 0 ? "" : ",").append(g.get(i).text());
        }
      }
      return sb.toString();
    }
    if (a instanceof Action.Heal) {
      return "heal";
    }
    if (a instanceof Action.HealAll) {
      return "heal-all";
    }
    if (a instanceof Action.Isolate x) {
      return "isolate " + x.target().text();
    }
    if (a instanceof Action.Connect x) {
      return "connect " + x.target().text();
    }
    if (a instanceof Action.Cut x) {
      return "cut " + x.from().text() + "->" + x.to().text();
    }
    if (a instanceof Action.Clog x) {
      return "clog " + x.from().text() + "->" + x.to().text() + " " + duration(x.micros());
    }
    if (a instanceof Action.Crash x) {
      return "crash " + x.target().text();
    }
    if (a instanceof Action.Restart x) {
      return "restart " + x.target().text();
    }
    if (a instanceof Action.Skew x) {
      return "skew " + x.target().text() + " " + x.permille();
    }
    if (a instanceof Action.Pause x) {
      return "pause " + x.target().text();
    }
    if (a instanceof Action.Resume x) {
      return "resume " + x.target().text();
    }
    if (a instanceof Action.Campaign x) {
      return "campaign " + x.target().text();
    }
    if (a instanceof Action.EnsureUp x) {
      return "ensure-up " + x.count();
    }
    if (a instanceof Action.Network x) {
      return "network " + networkText(x.params());
    }
    if (a instanceof Action.Submit x) {
      return "submit " + x.count();
    }
    if (a instanceof Action.ClientOp x) {
      return x.op().name().toLowerCase(Locale.ROOT) + " " + x.key() + (x.label() == null ? "" : " as " + x.label());
    }
    if (a instanceof Action.Propose x) {
      return "propose " + x.target().text() + " " + x.key() + "=" + x.value()
          + (x.label() == null ? "" : " as " + x.label());
    }
    if (a instanceof Action.StopClients) {
      return "stop-clients";
    }
    if (a instanceof Action.Remember x) {
      return "remember " + x.name() + " " + x.target().text();
    }
    if (a instanceof Action.Mark) {
      return "mark";
    }
    if (a instanceof Action.ChangeMembership x) {
      StringBuilder sb = new StringBuilder(x.mustAccept() ? "change " : "try-change ");
      sb.append(x.asked().text()).append(' ').append(x.kind().cliName()).append(' ');
      for (int i = 0; i < x.servers().size(); i++) {
        sb.append(i == 0 ? "" : ",").append(x.servers().get(i).text());
      }
      return sb.toString();
    }
    if (a instanceof Action.Show x) {
      return "show " + x.what();
    }
    throw new IllegalStateException("unhandled action " + a);
  }

  private static String checkText(Check c) {
    if (c instanceof Check.OneLeader) {
      return "one-leader";
    }
    if (c instanceof Check.NoLeader) {
      return "no-leader";
    }
    if (c instanceof Check.LeaderChanged) {
      return "leader-changed";
    }
    if (c instanceof Check.TermsAgree) {
      return "terms-agree";
    }
    if (c instanceof Check.TermUnchanged) {
      return "term-unchanged";
    }
    if (c instanceof Check.Committed x) {
      return "committed " + x.comparison().symbol() + x.count();
    }
    if (c instanceof Check.Converged) {
      return "converged";
    }
    if (c instanceof Check.CommittedOnce x) {
      return "committed-once " + x.label();
    }
    if (c instanceof Check.CommittedAt x) {
      return "committed-at " + x.label() + " " + x.index();
    }
    if (c instanceof Check.NotCommitted x) {
      return "not-committed " + x.label();
    }
    if (c instanceof Check.AckedCommitted) {
      return "acked-committed";
    }
    if (c instanceof Check.Voters x) {
      StringBuilder sb = new StringBuilder("voters ");
      for (int i = 0; i < x.voters().size(); i++) {
        sb.append(i == 0 ? "" : ",").append(x.voters().get(i).text());
      }
      return sb.toString();
    }
    if (c instanceof Check.Messages x) {
      return "messages <=" + x.max();
    }
    if (c instanceof Check.EntriesSent x) {
      return "entries-sent <=" + x.max();
    }
    throw new IllegalStateException("unhandled check " + c);
  }

  static String networkText(NetworkParams p) {
    String preset = Networks.nameOf(p);
    if (preset != null) {
      return preset;
    }
    StringBuilder sb = new StringBuilder("delay ").append(duration(p.minDelayMicros())).append(' ')
        .append(duration(p.meanExtraDelayMicros()));
    if (p.dropProbability() > 0) {
      sb.append(" drop ").append(p.dropProbability());
    }
    if (p.duplicateProbability() > 0) {
      sb.append(" dup ").append(p.duplicateProbability());
    }
    if (p.fifo()) {
      sb.append(" fifo");
    }
    return sb.toString();
  }

  /** Microseconds as the shortest exact text: {@code 2s}, {@code 1500ms}, {@code 250us}. */
  public static String duration(long micros) {
    if (micros % 1_000_000 == 0) {
      return micros / 1_000_000 + "s";
    }
    if (micros % 1_000 == 0) {
      return micros / 1_000 + "ms";
    }
    return micros + "us";
  }

  /** Where two transcripts first differ, as one sentence. */
  public static String outputDifference(List<String> expected, List<String> actual) {
    int i = 0;
    while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
      i++;
    }
    String e = i < expected.size() ? "'" + expected.get(i) + "'" : "the end of the block";
    String a = i < actual.size() ? "'" + actual.get(i) + "'" : "nothing more";
    return "the transcript differs from the expected block at its line " + (i + 1) + ": expected " + e + ", got " + a
        + " (run with --rewrite to accept the new transcript)";
  }
}
