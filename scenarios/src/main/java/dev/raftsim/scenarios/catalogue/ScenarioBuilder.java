package dev.raftsim.scenarios.catalogue;

import dev.raftsim.raft.Op;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.sim.NetworkParams;
import dev.raftsim.sim.Prng;
import dev.raftsim.raft.ReadMode;
import dev.raftsim.scenarios.ProtocolKnobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * Fluent construction of a {@link Scenario}. Timing words position the following steps: {@code at(t)} puts every
 * following step at virtual time t until the next timing word; {@code after(d)} puts the next step d after the
 * previous one is done and the ones after it right behind ({@code then}); {@code within(d)} gives the next
 * expectation a deadline and polls it. Nodes are 1-based ({@code n(1)} is S1); see {@link Target} for the rest.
 */
public final class ScenarioBuilder {
  private final String name;
  private String purpose = "";
  private int nodes = Scenario.DEFAULT_NODES;
  private int clients = Scenario.DEFAULT_CLIENTS;
  private boolean workload;
  private long seed = Scenario.DEFAULT_SEED;
  private long limit = Scenario.DEFAULT_LIMIT_MICROS;
  private boolean noOp = true;
  private ProtocolKnobs protocol = ProtocolKnobs.PLAIN;
  private long electionMin = Scenario.DEFAULT_ELECTION_MIN_MICROS;
  private long electionMax = Scenario.DEFAULT_ELECTION_MAX_MICROS;
  private long heartbeat = Scenario.DEFAULT_HEARTBEAT_MICROS;
  private int batch = Scenario.DEFAULT_BATCH;
  private int snapshotEvery;
  private int spares;
  private final EnumSet<PlantedBug> bugs = EnumSet.noneOf(PlantedBug.class);
  private NetworkParams network = NetworkParams.calm();
  private final List<Step> steps = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final List<PlantedBug> catches = new ArrayList<>();
  private List<String> expectedOutput;

  private boolean absolute = true;
  private long micros;
  private long within;
  private Prng random;

  ScenarioBuilder(String name) {
    this.name = name;
  }

  // ---------------------------------------------------------------- settings

  public ScenarioBuilder purpose(String p) {
    purpose = p;
    return this;
  }

  public ScenarioBuilder nodes(int n) {
    nodes = n;
    return this;
  }

  /** Scripted clients that {@code submit}, {@code put}, {@code append} and {@code get} go through. */
  public ScenarioBuilder clients(int c) {
    clients = c;
    return this;
  }

  /** The clients generate their own random workload (the churn tests) instead of waiting for the script. */
  public ScenarioBuilder workload(int c) {
    clients = c;
    workload = true;
    return this;
  }

  public ScenarioBuilder seed(long s) {
    seed = s;
    return this;
  }

  /** Hard limit of simulated time (default 60 s); the run normally ends when the timeline is done. */
  public ScenarioBuilder limit(long micros) {
    limit = micros;
    return this;
  }

  /** How leaders answer GETs: log, index (ReadIndex) or lease. */
  public ScenarioBuilder reads(ReadMode mode) {
    protocol = protocol.withReadMode(mode);
    return this;
  }

  public ScenarioBuilder preVote(boolean on) {
    protocol = protocol.withPreVote(on);
    return this;
  }

  public ScenarioBuilder checkQuorum(boolean on) {
    protocol = protocol.withCheckQuorum(on);
    return this;
  }

  /** The clock-drift bound the lease assumes, in permille (default 2000). */
  public ScenarioBuilder driftBound(int permille) {
    protocol = protocol.withClockDriftPermille(permille);
    return this;
  }

  /** The node's timers take permille/1000 of their time: its clock runs at 1000/permille of real speed. */
  public ScenarioBuilder skew(Target t, int permille) {
    return add(new Action.Skew(t, permille));
  }

  public ScenarioBuilder noOpOnElection(boolean on) {
    noOp = on;
    return this;
  }

  public ScenarioBuilder electionTimeout(long minMicros, long maxMicros) {
    electionMin = minMicros;
    electionMax = maxMicros;
    return this;
  }

  public ScenarioBuilder heartbeat(long micros) {
    heartbeat = micros;
    return this;
  }

  /** The last {@code n} servers start as spares, outside the initial configuration (default 0). */
  public ScenarioBuilder spares(int n) {
    spares = n;
    return this;
  }

  /**
   * Asks {@code asked} (it must lead, else the step fails) for a membership change or a leadership transfer of
   * {@code servers}; the step fails when it refuses. See {@link #tryChange} for a request that may be refused.
   */
  public ScenarioBuilder change(Target asked, dev.raftsim.scenarios.Reconfiguration.Kind kind, Target... servers) {
    return add(new Action.ChangeMembership(asked, kind, List.of(servers), true));
  }

  /** As {@link #change}, but a refusal (or no such leader) is part of the story, not a failure. */
  public ScenarioBuilder tryChange(Target asked, dev.raftsim.scenarios.Reconfiguration.Kind kind, Target... servers) {
    return add(new Action.ChangeMembership(asked, kind, List.of(servers), false));
  }

  /** The leader's configuration has exactly these voters, is not joint, and is committed. */
  public ScenarioBuilder expectVoters(Target... voters) {
    return add(new Check.Voters(List.of(voters)));
  }

  /** Every server snapshots every {@code n} applied entries (0, the default: never). */
  public ScenarioBuilder snapshotEvery(int n) {
    snapshotEvery = n;
    return this;
  }

  public ScenarioBuilder batch(int maxEntriesPerAppend) {
    batch = maxEntriesPerAppend;
    return this;
  }

  public ScenarioBuilder bug(PlantedBug b) {
    bugs.add(b);
    return this;
  }

  /** The network the run starts with (default: calm). */
  public ScenarioBuilder initialNetwork(NetworkParams p) {
    network = p;
    return this;
  }

  /** The run must end with a violation of one of these invariants (a planted-bug scenario). */
  public ScenarioBuilder expectViolation(String... invariants) {
    violations.addAll(Arrays.asList(invariants));
    return this;
  }

  /** Documents (and the tests verify) that each of these planted bugs makes this scenario fail. */
  public ScenarioBuilder catches(PlantedBug... b) {
    catches.addAll(Arrays.asList(b));
    return this;
  }

  ScenarioBuilder expectedOutput(List<String> lines) {
    expectedOutput = lines;
    return this;
  }

  /** A random stream for drawing the script itself (times, nodes), derived from the seed set so far. */
  public Prng random() {
    if (random == null) {
      random = Prng.derive(seed, "script");
    }
    return random;
  }

  // ---------------------------------------------------------------- timing

  /** The following steps happen at virtual time t (or as soon as the previous one is done, if later). */
  public ScenarioBuilder at(long t) {
    absolute = true;
    micros = t;
    return this;
  }

  /**
   * The next step happens d after the previous one is done; the ones after it follow at once. Waits given before
   * the next step add up: {@code after(a).then().after(b)} waits a + b.
   */
  public ScenarioBuilder after(long d) {
    if (absolute) {
      absolute = false;
      micros = 0;
    }
    micros += d;
    return this;
  }

  /** The next steps follow the previous one at once (a wait given by {@code after} still applies to the next). */
  public ScenarioBuilder then() {
    return after(0);
  }

  /** The next expectation is polled until it holds, failing only when it still does not after d. */
  public ScenarioBuilder within(long d) {
    within = d;
    return this;
  }

  /** Appends a step at the current position (the extension point every method below goes through). */
  public ScenarioBuilder add(Action a) {
    steps.add(new Step(absolute, micros, within, a));
    within = 0;
    if (!absolute) {
      micros = 0;
    }
    return this;
  }

  // ---------------------------------------------------------------- actions

  /** E.g. {@code partition(group(n(1), n(2)), group(rest()))}. */
  @SafeVarargs
  public final ScenarioBuilder partition(List<Target>... groups) {
    return add(new Action.Partition(Arrays.asList(groups)));
  }

  public static List<Target> group(Target... members) {
    return List.of(members);
  }

  public ScenarioBuilder heal() {
    return add(new Action.Heal());
  }

  public ScenarioBuilder healAll() {
    return add(new Action.HealAll());
  }

  public ScenarioBuilder isolate(Target t) {
    return add(new Action.Isolate(t));
  }

  public ScenarioBuilder isolateLeader() {
    return isolate(Target.leader());
  }

  public ScenarioBuilder connect(Target t) {
    return add(new Action.Connect(t));
  }

  public ScenarioBuilder cut(Target from, Target to) {
    return add(new Action.Cut(from, to));
  }

  public ScenarioBuilder clog(Target from, Target to, long micros) {
    return add(new Action.Clog(from, to, micros));
  }

  public ScenarioBuilder crash(Target t) {
    return add(new Action.Crash(t));
  }

  public ScenarioBuilder crashLeader() {
    return crash(Target.leader());
  }

  public ScenarioBuilder restart(Target t) {
    return add(new Action.Restart(t));
  }

  public ScenarioBuilder pause(Target t) {
    return add(new Action.Pause(t));
  }

  public ScenarioBuilder resume(Target t) {
    return add(new Action.Resume(t));
  }

  public ScenarioBuilder campaign(Target t) {
    return add(new Action.Campaign(t));
  }

  public ScenarioBuilder ensureUp(int count) {
    return add(new Action.EnsureUp(count));
  }

  /** Changes the network from this step on (see {@link Networks} for the lab's calibrations). */
  public ScenarioBuilder network(NetworkParams p) {
    return add(new Action.Network(p));
  }

  public ScenarioBuilder submit(int count) {
    return add(new Action.Submit(count));
  }

  public ScenarioBuilder put(String key) {
    return add(new Action.ClientOp(Op.PUT, key, null));
  }

  public ScenarioBuilder append(String key) {
    return add(new Action.ClientOp(Op.APPEND, key, null));
  }

  public ScenarioBuilder get(String key) {
    return add(new Action.ClientOp(Op.GET, key, null));
  }

  /** The lab's {@code rf.Start()}: {@code put key=value} handed straight to the target (which must lead). */
  public ScenarioBuilder propose(Target t, String key, String value) {
    return add(new Action.Propose(t, key, value, null));
  }

  /** Labels the submission just added, for the command checks. */
  public ScenarioBuilder as(String label) {
    Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
    Action a = last == null ? null : last.action();
    Action labelled;
    if (a instanceof Action.ClientOp c && c.label() == null) {
      labelled = new Action.ClientOp(c.op(), c.key(), label);
    } else if (a instanceof Action.Propose p && p.label() == null) {
      labelled = new Action.Propose(p.target(), p.key(), p.value(), label);
    } else {
      throw new IllegalStateException("as(\"" + label + "\") must follow an unlabelled put/append/get/propose");
    }
    steps.set(steps.size() - 1, new Step(last.absolute(), last.micros(), last.withinMicros(), labelled));
    return this;
  }

  public ScenarioBuilder stopClients() {
    return add(new Action.StopClients());
  }

  public ScenarioBuilder remember(String register, Target t) {
    return add(new Action.Remember(register, t));
  }

  public ScenarioBuilder mark() {
    return add(new Action.Mark());
  }

  public ScenarioBuilder show(String what) {
    return add(new Action.Show(what));
  }

  // ---------------------------------------------------------------- expectations

  public ScenarioBuilder expectOneLeader() {
    return add(new Check.OneLeader());
  }

  public ScenarioBuilder expectNoLeader() {
    return add(new Check.NoLeader());
  }

  public ScenarioBuilder expectLeaderChanged() {
    return add(new Check.LeaderChanged());
  }

  public ScenarioBuilder expectTermsAgree() {
    return add(new Check.TermsAgree());
  }

  public ScenarioBuilder expectTermUnchanged() {
    return add(new Check.TermUnchanged());
  }

  public ScenarioBuilder expectCommitted(int n) {
    return add(new Check.Committed(Check.Comparison.EQUAL, n));
  }

  public ScenarioBuilder expectCommittedAtLeast(int n) {
    return add(new Check.Committed(Check.Comparison.AT_LEAST, n));
  }

  public ScenarioBuilder expectConverged() {
    return add(new Check.Converged());
  }

  public ScenarioBuilder expectCommittedOnce(String label) {
    return add(new Check.CommittedOnce(label));
  }

  public ScenarioBuilder expectCommittedAt(String label, int index) {
    return add(new Check.CommittedAt(label, index));
  }

  public ScenarioBuilder expectNotCommitted(String label) {
    return add(new Check.NotCommitted(label));
  }

  public ScenarioBuilder expectAckedCommitted() {
    return add(new Check.AckedCommitted());
  }

  public ScenarioBuilder expectMessagesAtMost(int max) {
    return add(new Check.Messages(max));
  }

  public ScenarioBuilder expectEntriesSentAtMost(int max) {
    return add(new Check.EntriesSent(max));
  }

  public Scenario build() {
    return new Scenario(name, purpose, nodes, clients, workload, seed, limit, noOp, electionMin, electionMax, heartbeat,
        batch, bugs, network, steps, violations, catches, expectedOutput, protocol, snapshotEvery, spares);
  }
}
