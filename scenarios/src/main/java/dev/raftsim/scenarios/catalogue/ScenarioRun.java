package dev.raftsim.scenarios.catalogue;

import dev.raftsim.invariants.Violation;
import dev.raftsim.raft.Command;
import dev.raftsim.raft.Op;
import dev.raftsim.scenarios.HistoryOp;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.internal.RaftCluster;
import dev.raftsim.sim.Fault;
import dev.raftsim.sim.NetworkParams;
import dev.raftsim.sim.Prng;
import dev.raftsim.sim.Simulation;
import dev.raftsim.sim.TraceEvent;
import dev.raftsim.sim.TraceKind;
import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.MembershipChange;
import dev.raftsim.spi.NodeState;
import dev.raftsim.spi.Role;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/** The state of one scenario run: where the timeline is, what the script has done and remembered. */
final class ScenarioRun {
  /** How often a {@code within} expectation is re-checked and queued client operations look for an idle client. */
  static final long POLL_MICROS = 5_000;
  static final long DISPATCH_MICROS = 1_000;
  private static final String[] SUBMIT_KEYS = {"x", "y", "z"};

  /** A command the script submitted; {@code seq} is 0 while a client operation waits in the queue. */
  private record Submitted(int clientId, long seq, Op op, String key, String value, boolean direct) {
    String describe() {
      return seq == 0 ? op.name().toLowerCase(Locale.ROOT) + " " + key + " (not invoked yet)"
          : new Command(clientId, seq, op, key, value).describe();
    }
  }

  private record Queued(Op op, String key, String label) {}

  /** Which nodes an action on {@code random} or {@code all} may pick. */
  private enum Purpose { CRASH, RESTART, ISOLATE, CONNECT, PAUSE, RESUME, ANY }

  /** A step that cannot be carried out (e.g. "the leader" when there is none): the scenario fails. */
  private static final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final Scenario sc;
  private final boolean ownModel;
  private final int n;
  private final int directClient;
  private final Prng random;
  private final boolean[] disconnected;
  private final TreeMap<String, Integer> registers = new TreeMap<>();
  private final TreeMap<String, Submitted> labels = new TreeMap<>();
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private final List<String> transcript = new ArrayList<>();

  private RaftCluster cluster;
  private Simulation<Object> sim;
  private int next;
  /** The step being waited for or polled: the one a run that hits its time limit is stuck at. */
  private int pending;
  private boolean done;
  private String failure;
  private int roundRobin;
  private int submitted;
  private long directSeq;
  private boolean dispatchScheduled;

  private long observedAt = -1;
  private int observed = -1;
  private int observedBefore = -1;

  private boolean marked;
  private long markAt;
  private long markTerm;
  private long markRpcs;
  private long markEntries;
  private long rpcs;
  private long entriesSent;

  ScenarioRun(Scenario sc) {
    this(sc, true);
  }

  /**
   * {@code ownModel}: the run hosts raftsim's own model. A hosted implementation differs from it where the lab's
   * tests assume more than Raft promises: a leader may refuse a proposal for back-pressure (MicroRaft's bound on
   * uncommitted entries), and a file's expected block is the transcript of raftsim's own model (its timing).
   */
  ScenarioRun(Scenario sc, boolean ownModel) {
    this.ownModel = ownModel;
    this.sc = sc;
    this.n = sc.nodes();
    this.directClient = sc.clients() + 1;
    this.random = Prng.derive(sc.seed(), "scenario");
    this.disconnected = new boolean[n];
  }

  boolean countsMessages() {
    for (Step s : sc.steps()) {
      if (s.action() instanceof Check.Messages || s.action() instanceof Check.EntriesSent) {
        return true;
      }
    }
    return false;
  }

  /** Counts server-to-server requests and the entries AppendEntries carry, from the trace's send records. */
  void onTrace(TraceEvent e) {
    if (e.kind() != TraceKind.SEND || e.node() >= n || e.peer() < 0 || e.peer() >= n || e.detail() == null) {
      return;
    }
    String d = e.detail();
    if (d.startsWith("AE ")) {
      rpcs++;
      int at = d.indexOf(" n=");
      if (at < 0) {
        throw new IllegalStateException("AppendEntries summary without an entry count: " + d);
      }
      int end = at + 3;
      while (end < d.length() && Character.isDigit(d.charAt(end))) {
        end++;
      }
      entriesSent += Long.parseLong(d.substring(at + 3, end));
    } else if (d.startsWith("RV ")) {
      rpcs++;
    }
  }

  void install(RaftCluster c) {
    cluster = c;
    sim = c.simulation();
    // Clients come to life at time 0 (after this setup); this first host event takes the scripted ones over before
    // their first think timer can fire, and before the first step.
    sim.schedule(0, s -> {
      if (!sc.workload()) {
        for (int i = 1; i <= sc.clients(); i++) {
          cluster.stopClientWorkload(i);
        }
      }
      cluster.stopClientWorkload(directClient);
    });
    scheduleNext();
  }

  // ---------------------------------------------------------------- the timeline

  private void scheduleNext() {
    if (failure != null) {
      return;
    }
    if (next >= sc.steps().size()) {
      done = true;
      if (sc.expectedViolations().isEmpty()) {
        sim.stop();
      }
      return;
    }
    pending = next;
    Step step = sc.steps().get(next);
    long at = step.absolute() ? Math.max(step.micros(), sim.now()) : sim.now() + step.micros();
    sim.schedule(at, s -> runStep(step));
  }

  private void runStep(Step step) {
    if (failure != null) {
      return;
    }
    next++;
    try {
      if (step.action() instanceof Check c) {
        if (step.withinMicros() > 0) {
          poll(step, c, sim.now(), sim.now() + step.withinMicros());
        } else {
          String err = check(c);
          if (err != null) {
            fail("at " + time(sim.now()) + " " + err);
          } else {
            scheduleNext();
          }
        }
      } else {
        perform(step.action());
        scheduleNext();
      }
    } catch (StepFailure f) {
      fail("at " + time(sim.now()) + " " + ScenarioText.actionText(step.action()) + ": " + f.getMessage());
    }
  }

  private void poll(Step step, Check c, long since, long deadline) {
    if (failure != null) {
      return;
    }
    String err = check(c);
    if (err == null) {
      scheduleNext();
    } else if (sim.now() >= deadline) {
      fail("at " + time(sim.now()) + " (waited " + ScenarioText.duration(deadline - since) + " from "
          + time(since) + ") " + err);
    } else {
      sim.schedule(Math.min(deadline, sim.now() + POLL_MICROS), s -> poll(step, c, since, deadline));
    }
  }

  private void fail(String reason) {
    if (failure == null) {
      failure = reason;
      sim.stop();
    }
  }

  ScenarioResult finish(RunResult r, long wallNanos) {
    Violation v = r.violation();
    String reason = null;
    if (failure != null) {
      reason = failure;
    } else if (v != null && sc.expectedViolations().contains(v.invariant())) {
      transcript.add("expected violation: " + v.invariant());
    } else if (v != null) {
      reason = "at " + time(v.timeMicros()) + " " + v.invariant() + " violated: " + v.message();
    } else if (!done) {
      reason = "the timeline did not finish within the time limit of " + ScenarioText.duration(sc.limitMicros())
          + " (stuck at step " + (pending + 1) + ": " + ScenarioText.stepText(sc.steps().get(pending)) + ")";
    } else if (!sc.expectedViolations().isEmpty()) {
      reason = "expected a violation of " + String.join(" or ", sc.expectedViolations()) + ", but every invariant held"
          + " until " + time(r.simulatedMicros());
    }
    transcript.add(reason == null ? "ok" : "fail: " + reason);
    boolean passed = reason == null;
    if (sc.expectedOutput() != null && !ownModel) {
      // The expected block records raftsim's own model (e.g. which node wins at what time); another implementation
      // is judged by the scenario's checks alone.
      transcript.add("(expected block not compared: it is the transcript of raftsim's own model)");
    } else if (sc.expectedOutput() != null && !sc.expectedOutput().equals(transcript)) {
      passed = false;
      if (reason == null) {
        reason = ScenarioText.outputDifference(sc.expectedOutput(), transcript);
      }
    }
    return new ScenarioResult(sc, passed, passed ? null : reason, transcript, r, wallNanos);
  }

  // ---------------------------------------------------------------- actions

  private void perform(Action a) {
    if (a instanceof Action.Partition p) {
      partition(p);
    } else if (a instanceof Action.Heal) {
      sim.inject(new Fault.HealNetwork());
      java.util.Arrays.fill(disconnected, false);
    } else if (a instanceof Action.HealAll) {
      sim.inject(new Fault.HealAll(NetworkParams.calm()));
      java.util.Arrays.fill(disconnected, false);
    } else if (a instanceof Action.Isolate x) {
      for (int i : resolveMany(x.target(), Purpose.ISOLATE)) {
        sim.inject(new Fault.Isolate(i));
        disconnected[i] = true;
      }
    } else if (a instanceof Action.Connect x) {
      for (int i : resolveMany(x.target(), Purpose.CONNECT)) {
        reconnect(i);
      }
    } else if (a instanceof Action.Cut x) {
      int from = resolveOne(x.from());
      int to = resolveOne(x.to());
      if (from == to) {
        throw new StepFailure("both ends are " + name(from));
      }
      sim.inject(new Fault.CutLink(from, to));
    } else if (a instanceof Action.Clog x) {
      int from = resolveOne(x.from());
      int to = resolveOne(x.to());
      if (from == to) {
        throw new StepFailure("both ends are " + name(from));
      }
      sim.inject(new Fault.Clog(from, to, x.micros()));
    } else if (a instanceof Action.Crash x) {
      for (int i : resolveMany(x.target(), Purpose.CRASH)) {
        sim.inject(new Fault.Crash(i));
      }
    } else if (a instanceof Action.Restart x) {
      for (int i : resolveMany(x.target(), Purpose.RESTART)) {
        sim.inject(new Fault.Restart(i));
      }
    } else if (a instanceof Action.Skew x) {
      for (int i : resolveMany(x.target(), Purpose.ANY)) {
        sim.inject(new Fault.Skew(i, x.permille()));
      }
    } else if (a instanceof Action.Pause x) {
      for (int i : resolveMany(x.target(), Purpose.PAUSE)) {
        sim.inject(new Fault.Pause(i));
      }
    } else if (a instanceof Action.Resume x) {
      for (int i : resolveMany(x.target(), Purpose.RESUME)) {
        sim.inject(new Fault.Resume(i));
      }
    } else if (a instanceof Action.Campaign x) {
      for (int i : resolveMany(x.target(), Purpose.ANY)) {
        if (!cluster.campaign(i)) {
          throw new StepFailure(name(i) + (!sim.isUp(i) ? " is down" : sim.isPaused(i) ? " is paused"
              : " cannot be made to campaign (the implementation has no forced election: RaftServer.campaign)"));
        }
      }
    } else if (a instanceof Action.EnsureUp x) {
      ensureUp(x.count());
    } else if (a instanceof Action.Network x) {
      sim.inject(new Fault.SetNetwork(x.params()));
    } else if (a instanceof Action.Submit x) {
      for (int k = 0; k < x.count(); k++) {
        queue.add(new Queued(Op.APPEND, SUBMIT_KEYS[submitted++ % SUBMIT_KEYS.length], null));
      }
      dispatch();
    } else if (a instanceof Action.ClientOp x) {
      queue.add(new Queued(x.op(), x.key(), x.label()));
      if (x.label() != null) {
        labels.put(x.label(), new Submitted(-1, 0, x.op(), x.key(), null, false));
      }
      dispatch();
    } else if (a instanceof Action.Propose x) {
      propose(x);
    } else if (a instanceof Action.StopClients) {
      for (int c = 1; c <= sc.clients(); c++) {
        cluster.stopClientWorkload(c);
      }
    } else if (a instanceof Action.Remember x) {
      List<Integer> r = resolveMany(x.target(), Purpose.ANY);
      if (r.size() != 1) {
        throw new StepFailure("'" + x.target().text() + "' is not one node");
      }
      registers.put(x.name(), r.get(0));
    } else if (a instanceof Action.Mark) {
      List<Integer> leaders = connectedLeaders();
      if (leaders.size() == 1) {
        registers.put("L", leaders.get(0));
        observe(leaders.get(0));
      }
      marked = true;
      markAt = sim.now();
      markTerm = maxConnectedTerm();
      markRpcs = rpcs;
      markEntries = entriesSent;
    } else if (a instanceof Action.Show x) {
      show(x.what());
    } else if (a instanceof Action.ChangeMembership x) {
      changeMembership(x);
    } else {
      throw new IllegalStateException("unhandled action " + a);
    }
  }

  private void changeMembership(Action.ChangeMembership x) {
    List<Integer> asked = resolveMany(x.asked(), Purpose.ANY);
    if (asked.size() != 1) {
      if (!x.mustAccept()) {
        return;
      }
      throw new StepFailure("'" + x.asked().text() + "' is not one node");
    }
    int i = asked.get(0);
    long servers = 0;
    for (Target t : x.servers()) {
      for (int k : resolveMany(t, Purpose.ANY)) {
        servers |= 1L << k;
      }
    }
    if (servers == 0) {
      throw new StepFailure(x.kind().cliName() + " names no node");
    }
    boolean ok = request(x, i, servers);
    if (!ok && x.mustAccept() && !ownModel && leads(i)) {
      // A hosted leader may refuse until it has committed an entry of its term (MicroRaft's rule against the
      // 2015 single-server bug): ask again while it leads, as an operator would.
      retryChange(x, i, servers, sim.now() + RETRY_PROPOSE_MICROS);
      return;
    }
    if (!ok && x.mustAccept()) {
      throw new StepFailure(name(i) + " refused " + x.kind().cliName() + " "
          + dev.raftsim.scenarios.Reconfiguration.names(servers) + " (" + name(i) + " is "
          + (!sim.isUp(i) ? "down" : node(i).role().name().toLowerCase(java.util.Locale.ROOT) + " of term "
              + node(i).currentTerm()) + ")");
    }
  }

  /** "voters=n1,n2,n3 learners=n4" (and "old=..." while joint) of node i's configuration in effect. */
  private String configText(int i) {
    long old = cluster.jointOldVoters(i);
    return "voters=" + dev.raftsim.scenarios.Reconfiguration.names(cluster.voters(i)) + " learners="
        + dev.raftsim.scenarios.Reconfiguration.names(cluster.learners(i))
        + (old == 0 ? "" : " old=" + dev.raftsim.scenarios.Reconfiguration.names(old));
  }

  private String voters(Check.Voters x) {
    long want = 0;
    for (Target t : x.voters()) {
      for (int k : resolveMany(t, Purpose.ANY)) {
        want |= 1L << k;
      }
    }
    List<Integer> ls = connectedLeaders();
    if (ls.size() != 1) {
      return "expected one leader with voters " + dev.raftsim.scenarios.Reconfiguration.names(want) + ", found "
          + leadersText(ls) + " (" + termsText() + ")";
    }
    int l = ls.get(0);
    if ((want >>> l & 1) == 0) {
      return "expected a leader among the voters " + dev.raftsim.scenarios.Reconfiguration.names(want) + ", but "
          + name(l) + " leads (" + configText(l) + ")";
    }
    if (cluster.voters(l) != want || cluster.jointOldVoters(l) != 0 || cluster.configIndex(l) > node(l).commitIndex()) {
      return "expected the leader's configuration to be voters " + dev.raftsim.scenarios.Reconfiguration.names(want)
          + ", committed; " + name(l) + " has " + configText(l) + " at index " + cluster.configIndex(l)
          + " (commit " + node(l).commitIndex() + ")";
    }
    return null;
  }

  private void partition(Action.Partition p) {
    boolean[] named = new boolean[n];
    List<List<Integer>> groups = new ArrayList<>();
    int restGroup = -1;
    for (List<Target> g : p.groups()) {
      List<Integer> members = new ArrayList<>();
      for (Target t : g) {
        if (t instanceof Target.Rest) {
          restGroup = groups.size();
          continue;
        }
        int i = resolveOne(t);
        if (named[i]) {
          throw new StepFailure(name(i) + " is in two groups");
        }
        named[i] = true;
        members.add(i);
      }
      groups.add(members);
    }
    if (restGroup >= 0) {
      for (int i = 0; i < n; i++) {
        if (!named[i]) {
          groups.get(restGroup).add(i);
        }
      }
    }
    int largest = 0;
    for (int g = 1; g < groups.size(); g++) {
      if (groups.get(g).size() > groups.get(largest).size()) {
        largest = g;
      }
    }
    java.util.Arrays.fill(disconnected, true);
    for (int i : groups.get(largest)) {
      disconnected[i] = false;
    }
    sim.inject(new Fault.Partition(groups));
  }

  /** The lab's connect(i): links between i and every connected node come back; other cuts stay. */
  private void reconnect(int node) {
    boolean[] cut = new boolean[n * n];
    boolean any = false;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        cut[a * n + b] = a != b && sim.linkCut(a, b);
        any |= cut[a * n + b];
      }
    }
    disconnected[node] = false;
    if (!any) {
      return;
    }
    for (int j = 0; j < n; j++) {
      if (!disconnected[j]) {
        cut[node * n + j] = false;
        cut[j * n + node] = false;
      }
    }
    sim.inject(new Fault.HealNetwork());
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        if (cut[a * n + b]) {
          sim.inject(new Fault.CutLink(a, b));
        }
      }
    }
  }

  private void ensureUp(int count) {
    int good = 0;
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (connected(i)) {
        good++;
      } else {
        others.add(i);
      }
    }
    if (good >= count || others.isEmpty()) {
      return;
    }
    int i = random.pick(others);
    if (!sim.isUp(i)) {
      sim.inject(new Fault.Restart(i));
    }
    if (sim.isPaused(i)) {
      sim.inject(new Fault.Resume(i));
    }
    if (disconnected[i]) {
      reconnect(i);
    }
  }

  private void propose(Action.Propose x) {
    int node = resolveOne(x.target());
    if (node < 0) {
      return; // leader? with no leader
    }
    long seq = ++directSeq;
    int index = cluster.start(node, directClient, seq, Op.PUT, x.key(), x.value());
    if (index < 0) {
      if (!ownModel && leads(node)) {
        // A hosted leader may refuse for back-pressure (MicroRaft: too many uncommitted entries). The lab's one()
        // retries Start() for seconds, so propose again while it leads; the label counts once it is accepted.
        retryPropose(x, node, seq, sim.now() + RETRY_PROPOSE_MICROS);
        return;
      }
      if (x.target() instanceof Target.Leader l && l.optional()) {
        return;
      }
      throw new StepFailure(name(node) + " is not leader (" + roleText(node) + ")");
    }
    if (x.label() != null) {
      labels.put(x.label(), new Submitted(n + directClient - 1, seq, Op.PUT, x.key(), x.value(), true));
    }
  }

  private boolean request(Action.ChangeMembership x, int i, long servers) {
    int one = Long.numberOfTrailingZeros(servers);
    return switch (x.kind()) {
      case TRANSFER -> cluster.transferLeadership(i, one);
      case ADD_LEARNER -> cluster.changeMembership(i, new MembershipChange.AddLearner(one));
      case PROMOTE -> cluster.changeMembership(i, new MembershipChange.Promote(one));
      case ADD_VOTER -> cluster.changeMembership(i, new MembershipChange.AddVoter(one));
      case REMOVE -> cluster.changeMembership(i, new MembershipChange.Remove(one));
      case REPLACE -> cluster.changeMembership(i, new MembershipChange.Replace(servers));
      default -> throw new IllegalStateException("not a scenario request: " + x.kind());
    };
  }

  private void retryChange(Action.ChangeMembership x, int i, long servers, long deadline) {
    sim.schedule(sim.now() + POLL_MICROS, s -> {
      if (leads(i) && !request(x, i, servers) && sim.now() < deadline) {
        retryChange(x, i, servers, deadline);
      }
    });
  }

  /** How long a proposal refused by a leader (back-pressure) is retried at that leader. */
  static final long RETRY_PROPOSE_MICROS = 2_000_000;

  private boolean leads(int node) {
    return sim.isUp(node) && !sim.isPaused(node) && node(node).role() == Role.LEADER;
  }

  private void retryPropose(Action.Propose x, int node, long seq, long deadline) {
    sim.schedule(sim.now() + POLL_MICROS, s -> {
      if (!leads(node)) {
        return; // it lost leadership: the proposal is dropped, as a refused Start() in the lab
      }
      if (cluster.start(node, directClient, seq, Op.PUT, x.key(), x.value()) >= 0) {
        if (x.label() != null) {
          labels.put(x.label(), new Submitted(n + directClient - 1, seq, Op.PUT, x.key(), x.value(), true));
        }
      } else if (sim.now() < deadline) {
        retryPropose(x, node, seq, deadline);
      }
    });
  }

  /** Hands queued operations to idle scripted clients, round robin; looks again shortly while some wait. */
  private void dispatch() {
    while (!queue.isEmpty()) {
      Queued q = queue.peek();
      int client = -1;
      for (int k = 0; k < sc.clients() && client < 0; k++) {
        int c = 1 + (roundRobin + k) % sc.clients();
        if (cluster.invoke(c, q.op(), q.key())) {
          client = c;
          roundRobin = c % sc.clients();
        }
      }
      if (client < 0) {
        if (!dispatchScheduled) {
          dispatchScheduled = true;
          sim.schedule(sim.now() + DISPATCH_MICROS, s -> {
            dispatchScheduled = false;
            dispatch();
          });
        }
        return;
      }
      queue.poll();
      List<HistoryOp> h = cluster.history();
      HistoryOp op = h.get(h.size() - 1);
      if (q.label() != null) {
        labels.put(q.label(), new Submitted(n + client - 1, op.seq(), op.op(), op.key(), op.input(), false));
      }
    }
  }

  // ---------------------------------------------------------------- targets

  private boolean connected(int i) {
    return sim.isUp(i) && !sim.isPaused(i) && !disconnected[i];
  }

  /** A single node, or -1 for {@code leader?} when there is no leader. */
  private int resolveOne(Target t) {
    if (t instanceof Target.Node x) {
      return x.number() - 1;
    }
    if (t instanceof Target.Leader x) {
      int l = currentLeader();
      if (l < 0 && !x.optional()) {
        throw new StepFailure("there is no leader (" + termsText() + ")");
      }
      if (l >= 0) {
        observe(l);
      }
      return l;
    }
    if (t instanceof Target.Follower) {
      int l = currentLeader();
      if (l < 0) {
        throw new StepFailure("there is no leader, so no follower (" + termsText() + ")");
      }
      for (int k = 1; k < n; k++) {
        int i = (l + k) % n;
        if (connected(i)) {
          return i;
        }
      }
      throw new StepFailure("the leader " + name(l) + " has no connected follower (" + termsText() + ")");
    }
    if (t instanceof Target.Register r) {
      Integer v = registers.get(r.name());
      if (v == null) {
        throw new StepFailure("register " + r.name() + " is empty"
            + ("L".equals(r.name()) ? ": no leader has been observed yet" : ""));
      }
      return (v + r.offset()) % n;
    }
    if (t instanceof Target.RandomNode) {
      return random.nextInt(n);
    }
    throw new StepFailure("'" + t.text() + "' is not a single node");
  }

  private List<Integer> resolveMany(Target t, Purpose purpose) {
    if (t instanceof Target.RandomNode || t instanceof Target.All) {
      List<Integer> candidates = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        boolean fits = switch (purpose) {
          case CRASH -> sim.isUp(i);
          case RESTART -> !sim.isUp(i);
          case ISOLATE -> !disconnected[i];
          case CONNECT -> disconnected[i];
          case PAUSE -> sim.isUp(i) && !sim.isPaused(i);
          case RESUME -> sim.isPaused(i);
          case ANY -> true;
        };
        if (fits) {
          candidates.add(i);
        }
      }
      if (t instanceof Target.All || candidates.isEmpty()) {
        return candidates;
      }
      return List.of(random.pick(candidates));
    }
    int i = resolveOne(t);
    return i < 0 ? List.of() : List.of(i);
  }

  /** Remembers who led when, for {@code expect leader-changed}. */
  private void observe(int leader) {
    long now = sim.now();
    if (now > observedAt) {
      observedBefore = observed;
      observedAt = now;
    }
    observed = leader;
  }

  /** The leader observed at the latest observation point before now, or -1. */
  private int earlierObservation() {
    return observedAt < sim.now() ? observed : observedBefore;
  }

  // ---------------------------------------------------------------- checks

  /** Null when the expectation holds, else the sentence saying what was expected and found. */
  private String check(Check c) {
    if (c instanceof Check.OneLeader) {
      List<Integer> ls = connectedLeaders();
      if (ls.size() != 1) {
        return "expected exactly one leader, found " + leadersText(ls) + " (" + termsText() + ")";
      }
      registers.put("L", ls.get(0));
      observe(ls.get(0));
      return null;
    }
    if (c instanceof Check.NoLeader) {
      List<Integer> ls = connectedLeaders();
      return ls.isEmpty() ? null : "expected no leader, found " + leadersText(ls) + " (" + termsText() + ")";
    }
    if (c instanceof Check.LeaderChanged) {
      List<Integer> ls = connectedLeaders();
      if (ls.size() != 1) {
        return "expected exactly one (new) leader, found " + leadersText(ls) + " (" + termsText() + ")";
      }
      int before = earlierObservation();
      if (before < 0) {
        return "expected a change of leader, but no earlier leader was observed";
      }
      if (before == ls.get(0)) {
        return "expected a new leader, but " + name(before) + " still leads (" + termsText() + ")";
      }
      registers.put("L", ls.get(0));
      observe(ls.get(0));
      return null;
    }
    if (c instanceof Check.TermsAgree) {
      long term = -1;
      for (int i = 0; i < n; i++) {
        if (connected(i)) {
          if (term >= 0 && node(i).currentTerm() != term) {
            return "expected the connected nodes to agree on the term (" + termsText() + ")";
          }
          term = node(i).currentTerm();
        }
      }
      return null;
    }
    if (c instanceof Check.TermUnchanged) {
      if (!marked) {
        return "expected the term unchanged since the mark, but there is no earlier mark";
      }
      for (int i = 0; i < n; i++) {
        if (connected(i) && node(i).currentTerm() != markTerm) {
          return "expected the term to stay " + markTerm + " since the mark at " + time(markAt) + " ("
              + termsText() + ")";
        }
      }
      return null;
    }
    if (c instanceof Check.Committed x) {
      int best = bestCommitted();
      int count = distinctCommitted(best).size();
      if (x.comparison().holds(count, x.count())) {
        return null;
      }
      return "expected " + x.comparison().words() + x.count() + " command" + (x.count() == 1 ? "" : "s")
          + " committed, found " + count + " (" + commitText() + ")";
    }
    if (c instanceof Check.Converged) {
      return converged();
    }
    if (c instanceof Check.CommittedOnce x) {
      return committedOnce(x.label());
    }
    if (c instanceof Check.CommittedAt x) {
      Submitted s = labels.get(x.label());
      int best = bestCommitted();
      List<Integer> at = occurrences(s, best);
      if (!sc.noOpOnElection()) {
        // The scenario's indexes assume a log of client commands only (no-op off, as in the lab). An
        // implementation that always appends its own entries (MicroRaft's new-term entry) shifts them, so count
        // the committed client commands instead; with raftsim's own model both counts are the same.
        List<Integer> positions = new ArrayList<>();
        for (int i : at) {
          positions.add(commandPosition(best, i));
        }
        if (positions.contains(x.index())) {
          return null;
        }
        return "expected '" + x.label() + "' (" + describe(s) + ") committed as client command " + x.index() + ", "
            + (at.isEmpty() ? "but it is not committed (" + commitText() + ")" : "found it at index "
                + indexes(at) + " as command " + indexes(positions));
      }
      if (at.contains(x.index())) {
        return null;
      }
      return "expected '" + x.label() + "' (" + describe(s) + ") committed at index " + x.index() + ", "
          + (at.isEmpty() ? "but it is not committed (" + commitText() + ")" : "found it at " + indexes(at));
    }
    if (c instanceof Check.NotCommitted x) {
      Submitted s = labels.get(x.label());
      List<Integer> at = occurrences(s, bestCommitted());
      return at.isEmpty() ? null : "expected '" + x.label() + "' (" + describe(s) + ") never to commit, but it is"
          + " committed at " + indexes(at);
    }
    if (c instanceof Check.AckedCommitted) {
      return ackedCommitted();
    }
    if (c instanceof Check.Voters x) {
      return voters(x);
    }
    if (c instanceof Check.Messages x) {
      long count = rpcs - markRpcs;
      return count <= x.max() ? null : "expected at most " + x.max() + " RPCs (AppendEntries and RequestVote) "
          + since() + ", counted " + count;
    }
    if (c instanceof Check.EntriesSent x) {
      long count = entriesSent - markEntries;
      return count <= x.max() ? null : "expected at most " + x.max() + " log entries sent in AppendEntries "
          + since() + ", counted " + count;
    }
    throw new IllegalStateException("unhandled check " + c);
  }

  private String since() {
    return marked ? "since the mark at " + time(markAt) : "since the start";
  }

  private NodeState node(int i) {
    return cluster.node(i);
  }

  /**
   * The connected nodes that believe they lead, except stale ones: a leader whose term is behind another connected
   * node's has been deposed and just does not know it yet.
   */
  private List<Integer> connectedLeaders() {
    long top = maxConnectedTerm();
    List<Integer> ls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (connected(i) && node(i).role() == Role.LEADER && node(i).currentTerm() == top) {
        ls.add(i);
      }
    }
    return ls;
  }

  /** "The leader": the connected leader of the highest term, else any up leader of the highest term, else -1. */
  private int currentLeader() {
    int best = -1;
    for (int i = 0; i < n; i++) {
      if (connected(i) && node(i).role() == Role.LEADER
          && (best < 0 || node(i).currentTerm() > node(best).currentTerm())) {
        best = i;
      }
    }
    return best >= 0 ? best : cluster.currentLeader();
  }

  private long maxConnectedTerm() {
    long t = -1;
    for (int i = 0; i < n; i++) {
      if (connected(i)) {
        t = Math.max(t, node(i).currentTerm());
      }
    }
    return t;
  }

  /** The node with the highest commit index (crashed nodes included: what they committed stays committed). */
  private int bestCommitted() {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (node(i).commitIndex() > node(best).commitIndex()) {
        best = i;
      }
    }
    return best;
  }

  /** (clientId, seq) packed exactly: client ids are small and a run never reaches 2^40 operations per client. */
  private static long commandKey(int clientId, long seq) {
    return ((long) clientId << 40) | seq;
  }

  /** A committed entry of r, from the cluster's record of first applications once r's snapshot has it. */
  private ClientCommand committedCommand(NodeState r, int i) {
    return i <= r.snapshotIndex() ? cluster.firstAppliedCommand(i) : r.entryCommand(i);
  }

  private Set<Long> distinctCommitted(int node) {
    Set<Long> seen = new HashSet<>();
    NodeState r = node(node);
    for (int i = 1; i <= r.commitIndex(); i++) {
      ClientCommand c = committedCommand(r, i);
      if (c != null) {
        seen.add(commandKey(c.clientId(), c.seq()));
      }
    }
    return seen;
  }

  /** How many committed entries of {@code node} up to {@code index} hold client commands. */
  private int commandPosition(int node, int index) {
    NodeState r = node(node);
    int k = 0;
    for (int i = 1; i <= index; i++) {
      if (committedCommand(r, i) != null) {
        k++;
      }
    }
    return k;
  }

  /** Indexes of the committed log of {@code node} that hold the submitted command. */
  private List<Integer> occurrences(Submitted s, int node) {
    List<Integer> at = new ArrayList<>();
    if (s == null || s.seq() == 0) {
      return at;
    }
    NodeState r = node(node);
    for (int i = 1; i <= r.commitIndex(); i++) {
      ClientCommand c = committedCommand(r, i);
      if (c != null && c.clientId() == s.clientId() && c.seq() == s.seq()) {
        at.add(i);
      }
    }
    return at;
  }

  private String committedOnce(String label) {
    Submitted s = labels.get(label);
    int best = bestCommitted();
    List<Integer> at = occurrences(s, best);
    if (at.isEmpty()) {
      return "expected '" + label + "' (" + describe(s) + ") committed, but it is not in the committed log ("
          + commitText() + ")";
    }
    if (s.direct() && at.size() > 1) {
      return "expected '" + label + "' (" + describe(s) + ") committed once, but it is committed " + at.size()
          + " times, at " + indexes(at);
    }
    if (!s.direct() && s.op() == Op.APPEND && cluster.node(best).lastApplied() >= at.get(0)) {
      String value = cluster.node(best).kvRead(s.key());
      int times = tokenCount(value, s.value());
      if (times != 1) {
        return "expected '" + label + "' (" + describe(s) + ") to take effect once, but " + name(best) + " has "
            + s.key() + "=\"" + value + "\" (" + times + " times)";
      }
    }
    return null;
  }

  /** How often an append's value occurs in a key's value (values end with ';' and are unique per operation). */
  private static int tokenCount(String haystack, String token) {
    int count = 0;
    int from = 0;
    while (true) {
      int at = haystack.indexOf(token, from);
      if (at < 0) {
        return count;
      }
      if (at == 0 || haystack.charAt(at - 1) == ';') {
        count++;
      }
      from = at + 1;
    }
  }

  private String converged() {
    int first = -1;
    for (int i = 0; i < n; i++) {
      if (!sim.isUp(i)) {
        continue;
      }
      if (first < 0) {
        first = i;
        continue;
      }
      NodeState a = node(first);
      NodeState b = node(i);
      if (a.lastIndex() != b.lastIndex() || !sameEntries(a, b) || a.commitIndex() != b.commitIndex()) {
        return "expected every up node to hold the same log and commit index, but " + logSummary(first) + " and "
            + logSummary(i);
      }
    }
    return null;
  }

  /**
   * Logs of equal length with equal entries above both snapshot bases and the same term at the higher base (scenario
   * checks are rare: a scan is fine; below a base, State Machine Safety, which the checkers assert, decides).
   */
  private static boolean sameEntries(NodeState a, NodeState b) {
    int base = Math.max(a.snapshotIndex(), b.snapshotIndex());
    for (int k = a.lastIndex(); k > base; k--) {
      if (a.entryDigest(k) != b.entryDigest(k)) {
        return false;
      }
    }
    return base == 0 || a.termAt(base) == b.termAt(base);
  }

  private String ackedCommitted() {
    int best = bestCommitted();
    Set<Long> committed = distinctCommitted(best);
    int missing = 0;
    HistoryOp firstMissing = null;
    int acked = 0;
    // GETs a leader may answer without the log (ReadIndex, lease) leave nothing in it; the history check judges them.
    boolean readsOffLog = cluster.config().protocol().readMode() != dev.raftsim.raft.ReadMode.LOG;
    for (HistoryOp op : cluster.history()) {
      if (!op.completed() || readsOffLog && op.op() == dev.raftsim.raft.Op.GET) {
        continue;
      }
      acked++;
      if (!committed.contains(commandKey(n + op.client() - 1, op.seq()))) {
        missing++;
        if (firstMissing == null) {
          firstMissing = op;
        }
      }
    }
    if (missing == 0) {
      return null;
    }
    return "expected every acknowledged operation in the committed log, but " + missing + " of " + acked
        + " are not, first " + new Command(n + firstMissing.client() - 1, firstMissing.seq(), firstMissing.op(),
            firstMissing.key(), firstMissing.input()).describe() + " acknowledged at "
        + time(firstMissing.completeMicros()) + " (" + commitText() + ")";
  }

  // ---------------------------------------------------------------- text

  static String time(long micros) {
    return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }

  static String name(int node) {
    return "n" + (node + 1);
  }

  private static String describe(Submitted s) {
    return s == null ? "never submitted: no leader took it" : s.describe();
  }

  private static String indexes(List<Integer> at) {
    StringBuilder sb = new StringBuilder(at.size() == 1 ? "index " : "indexes ");
    for (int k = 0; k < at.size(); k++) {
      sb.append(k == 0 ? "" : k == at.size() - 1 ? " and " : ", ").append(at.get(k));
    }
    return sb.toString();
  }

  private String leadersText(List<Integer> ls) {
    if (ls.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < ls.size(); k++) {
      sb.append(k == 0 ? "" : k == ls.size() - 1 ? " and " : ", ").append(name(ls.get(k))).append(" (term ")
          .append(node(ls.get(k)).currentTerm()).append(')');
    }
    return sb.toString();
  }

  private String roleText(int i) {
    if (!sim.isUp(i)) {
      return "crashed";
    }
    return node(i).role().name().toLowerCase(Locale.ROOT) + ", term " + node(i).currentTerm();
  }

  /** E.g. {@code terms: n1=3 n2=3(leader) n3=2(crashed)}. */
  String termsText() {
    long top = maxConnectedTerm();
    StringBuilder sb = new StringBuilder("terms:");
    for (int i = 0; i < n; i++) {
      sb.append(' ').append(name(i)).append('=').append(node(i).currentTerm());
      if (!sim.isUp(i)) {
        sb.append("(crashed)");
      } else {
        if (node(i).role() == Role.LEADER) {
          sb.append(connected(i) && node(i).currentTerm() < top ? "(stale leader)" : "(leader)");
        }
        if (sim.isPaused(i)) {
          sb.append("(paused)");
        } else if (disconnected[i]) {
          sb.append("(disconnected)");
        }
      }
    }
    return sb.toString();
  }

  private String commitText() {
    StringBuilder sb = new StringBuilder("commit:");
    for (int i = 0; i < n; i++) {
      sb.append(' ').append(name(i)).append('=').append(node(i).commitIndex());
      if (!sim.isUp(i)) {
        sb.append("(crashed)");
      }
    }
    return sb.toString();
  }

  private String logSummary(int i) {
    NodeState r = node(i);
    return name(i) + " has last index " + r.lastIndex() + " (term " + r.termAt(r.lastIndex()) + ") commit "
        + r.commitIndex();
  }

  private void show(String what) {
    String at = time(sim.now()) + ": ";
    switch (what) {
      case "leader" -> {
        int l = currentLeader();
        transcript.add(at + (l < 0 ? "no leader" : "leader " + name(l) + " (term " + node(l).currentTerm() + ")"));
      }
      case "terms" -> transcript.add(at + termsText());
      case "commit" -> transcript.add(at + commitText());
      case "state" -> {
        transcript.add(at + termsText());
        transcript.add(at + commitText());
      }
      case "logs" -> {
        for (int i = 0; i < n; i++) {
          NodeState r = node(i);
          StringBuilder sb = new StringBuilder(at).append("log ").append(name(i)).append(':');
          if (r.snapshotIndex() > 0) {
            sb.append(" snapshot ").append(r.snapshotIndex()).append("/t").append(r.snapshotTerm());
          }
          for (int k = r.snapshotIndex() + 1; k <= r.lastIndex(); k++) {
            sb.append(k == 1 ? " " : " | ").append('t').append(r.termAt(k)).append(' ').append(r.describeEntry(k));
          }
          sb.append(r.lastIndex() == 0 ? " empty" : "").append(" (commit ").append(r.commitIndex()).append(')');
          transcript.add(sb.toString());
        }
      }
      case "config" -> {
        for (int i = 0; i < n; i++) {
          transcript.add(at + "config " + name(i) + ": " + (sim.isUp(i) ? configText(i) + " (index "
              + cluster.configIndex(i) + ")" : "down"));
        }
      }
      default -> throw new IllegalStateException("unknown show " + what);
    }
  }
}
