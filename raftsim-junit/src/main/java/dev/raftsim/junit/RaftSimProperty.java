package dev.raftsim.junit;

import dev.raftsim.cli.RunReports;
import dev.raftsim.invariants.SafetyChecker;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.Campaign;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.Counterexample;
import dev.raftsim.scenarios.ImplChoice;
import dev.raftsim.scenarios.ImplementationCatalog;
import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Shrinker;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.scenarios.Workload;
import dev.raftsim.sim.FaultProfile;
import dev.raftsim.spi.RaftImplementation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A JUnit 5 property over a Raft implementation: "for N schedules of this cluster under these faults and this
 * workload, no invariant breaks, the built-in ones and mine". A failure is shrunk, saved with an HTML report, and
 * thrown as an {@link AssertionError} that names the invariant, its sentence, the seed, the counterexample, the
 * report and a {@code replay: } command that reproduces it from the user's own project.
 *
 * <pre>{@code
 * @Test void myRaftIsSafe() {
 *   RaftSimProperty.of(new MyRaft())            // or of(MyRaft::new), or named("myraft") via ServiceLoader
 *       .nodes(5).faults(FaultProfile.SWARM).schedules(200).seed(7)
 *       .invariant(Invariant.of("NoEmptyLeader", v -> ..., "a leader with an empty log"))
 *       .check();
 * }
 * }</pre>
 *
 * <p>Replay: with {@code -Draftsim.replay=FILE} (what the printed command passes), {@link #check()} re-runs that
 * counterexample under this property's implementation, invariants and workload instead of searching, and fails
 * with {@code reproduced: ... digest matches} when the same violation comes back with the same digest. {@code
 * -Draftsim.schedules=N} and {@code -Draftsim.seed=S} override every property's count and seed (nightly CI).
 */
public final class RaftSimProperty {
  /** The system property that turns {@link #check()} into a replay of one counterexample file. */
  public static final String REPLAY_PROPERTY = "raftsim.replay";

  private final RaftImplementation impl;
  private int schedules = 100;
  private long seed = 1;
  private ClusterConfig cluster = ClusterConfig.defaults();
  private FaultProfile faults = FaultProfile.SWARM;
  private long durationMicros = 10_000_000;
  private final Set<String> options = new TreeSet<>();
  private final List<String> invariantNames = new ArrayList<>();
  private RunOptions runOptions = RunOptions.defaults();
  private Path outRoot = Path.of("target", "raftsim");
  private String label;
  private String testName;
  private int shrinkAttempts = Shrinker.Budget.DEFAULT.maxAttempts();

  private RaftSimProperty(RaftImplementation impl) {
    this.impl = Objects.requireNonNull(impl, "implementation");
    if (!impl.name().equals(ImplChoice.RAFTSIM.name())) {
      ImplementationCatalog.register(impl);
    }
  }

  /** A property over {@code impl} (registered by its name for this JVM). */
  public static RaftSimProperty of(RaftImplementation impl) {
    return new RaftSimProperty(impl);
  }

  /** A property over the implementation {@code factory} makes (called once: implementations are stateless). */
  public static RaftSimProperty of(Supplier<? extends RaftImplementation> factory) {
    return new RaftSimProperty(factory.get());
  }

  /** A property over an implementation found by name ({@code META-INF/services} on the test class path). */
  public static RaftSimProperty named(String name) {
    try {
      return new RaftSimProperty(ImplementationCatalog.require(name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), null);
    }
  }

  /** A property over raftsim's own Raft (planted bugs with {@link #bugs}). */
  public static RaftSimProperty raftsim() {
    return named(ImplChoice.RAFTSIM.name());
  }

  public RaftSimProperty schedules(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("schedules must be >= 1");
    }
    schedules = n;
    return this;
  }

  public RaftSimProperty seed(long s) {
    seed = s;
    return this;
  }

  public RaftSimProperty nodes(int n) {
    cluster = cluster.withNodes(n);
    return this;
  }

  public RaftSimProperty clients(int c) {
    cluster = cluster.withClients(c);
    return this;
  }

  /** The whole cluster configuration (timeouts, clients, knobs), for what the shortcuts do not cover. */
  public RaftSimProperty cluster(ClusterConfig c) {
    cluster = Objects.requireNonNull(c);
    return this;
  }

  public RaftSimProperty faults(FaultProfile p) {
    faults = Objects.requireNonNull(p);
    return this;
  }

  /** Simulated seconds per schedule (default 10; faults stop for the last half, at most 4 s, to judge liveness). */
  public RaftSimProperty seconds(double simulated) {
    durationMicros = (long) (simulated * 1_000_000);
    if (durationMicros <= 0) {
      throw new IllegalArgumentException("a schedule must last some time");
    }
    return this;
  }

  /** raftsim's own planted bugs (only for {@link #raftsim()}). */
  public RaftSimProperty bugs(PlantedBug... bugs) {
    cluster = cluster.withBugs(bugs.length == 0 ? Set.of() : EnumSet.of(bugs[0], bugs));
    return this;
  }

  /** Switches of the implementation's own ({@code RaftImplementation.options()}), e.g. its planted bugs. */
  public RaftSimProperty options(String... names) {
    Set<String> known = new TreeSet<>();
    impl.options().forEach(o -> known.add(o.name()));
    for (String n : names) {
      if (!known.contains(n)) {
        throw new IllegalArgumentException(impl.name() + " has no option '" + n + "' (it has: " + known + ")");
      }
      options.add(n);
    }
    return this;
  }

  /** An extra invariant, checked after every event beside the built-in ones. */
  public RaftSimProperty invariant(Invariant inv) {
    invariantNames.add(inv.name());
    runOptions = runOptions.withExtraChecker(inv.factory());
    return this;
  }

  /** A checker of your own; {@code factory} makes a fresh one per run (it may keep state across events). */
  public RaftSimProperty checker(Supplier<? extends SafetyChecker> factory) {
    runOptions = runOptions.withExtraChecker(factory);
    return this;
  }

  /** The clients' workload (default: put/append/get on a few keys, checked for linearizability). */
  public RaftSimProperty workload(Workload w) {
    runOptions = runOptions.withWorkload(Objects.requireNonNull(w));
    return this;
  }

  /** Turns the end-of-run checks off or on (both on by default). */
  public RaftSimProperty liveness(boolean on) {
    runOptions = runOptions.withLiveness(on);
    return this;
  }

  public RaftSimProperty linearizability(boolean on) {
    runOptions = runOptions.withLinearizability(on);
    return this;
  }

  /** Re-runs allowed when shrinking a failure (0: report it unshrunk). */
  public RaftSimProperty shrinkAttempts(int attempts) {
    shrinkAttempts = attempts;
    return this;
  }

  /**
   * Where counterexamples go: {@code root/name/} (default {@code target/raftsim/<TestClass>.<method>/}). The folder
   * name also tells a replay which property a file belongs to.
   */
  public RaftSimProperty output(Path root, String name) {
    outRoot = Objects.requireNonNull(root);
    label = Invariant.requireName(name);
    return this;
  }

  /**
   * The test the printed replay command selects, as surefire's {@code -Dtest} takes it ({@code Class#method}).
   * Found on the call stack by default (the method carrying a JUnit annotation).
   */
  public RaftSimProperty testName(String classHashMethod) {
    testName = classHashMethod;
    return this;
  }

  /** One failing schedule: shrunk, saved, reported. */
  public record Failure(String invariant, String message, long seed, long index, long events, long shrunkEvents,
      Path counterexample, Path report, String replayCommand) {
    /** The assertion text: every line a person needs, the last one a command to paste. */
    public String describe() {
      return String.format(Locale.ROOT,
          "%s violated in schedule %d (seed %d) after %d events (shrunk to %d): %s%n  counterexample: %s%n"
              + "  report: %s%n  replay: %s",
          invariant, index, seed, events, shrunkEvents, message, counterexample,
          report == null ? "(not written)" : report, replayCommand);
    }
  }

  /** Asserts that no schedule breaks any invariant (or, under {@code -Draftsim.replay}, replays that file). */
  public void check() {
    Optional<Path> replay = replayFile();
    if (replay.isPresent()) {
      throw new AssertionError(replay(replay.get()));
    }
    find().ifPresent(f -> {
      throw new AssertionError(f.describe());
    });
  }

  /** True when this JVM replays a counterexample ({@code -Draftsim.replay=FILE}). */
  public static boolean replaying() {
    String r = System.getProperty(REPLAY_PROPERTY);
    return r != null && !r.isBlank();
  }

  /** The file to replay, if one is given and it belongs to this property's folder. */
  private Optional<Path> replayFile() {
    if (!replaying()) {
      return Optional.empty();
    }
    Path file = Path.of(System.getProperty(REPLAY_PROPERTY));
    Path parent = file.toAbsolutePath().normalize().getParent();
    if (parent == null || !parent.getFileName().toString().equals(label())) {
      return Optional.empty(); // another property's file: this one runs as usual
    }
    return Optional.of(file);
  }

  /** Re-runs a counterexample file under this property; the returned text says whether it reproduced. */
  public String replay(Path file) {
    Counterexample cx;
    try {
      cx = Counterexample.read(file);
    } catch (Counterexample.FormatException e) {
      return "replay: " + e.getMessage();
    }
    RunSpec spec = cx.spec().withImpl(choice());
    RunResult r = Simulator.run(spec, runOptions);
    boolean digestMatches = r.digestHex().equals(cx.expected().digest());
    if (r.violation() == null) {
      return "not reproduced: " + file + " ran clean under " + impl.name() + " (expected "
          + cx.expected().invariant() + "); " + (digestMatches ? "digest matches" : "digest differs: " + r.digestHex()
              + " vs " + cx.expected().digest());
    }
    boolean same = r.violation().invariant().equals(cx.expected().invariant());
    return String.format(Locale.ROOT, "%s: %s violated at event %d (%.3f ms): %s%n  %s (%s after %d events)%n"
            + "  counterexample: %s", same ? "reproduced" : "another violation",
        r.violation().invariant(), r.violation().eventIndex(), r.violation().timeMicros() / 1000.0,
        r.violation().message(), digestMatches ? "digest matches" : "digest differs from " + cx.expected().digest(),
        r.digestHex(), r.events(), file);
  }

  /** Runs the schedules in index order and returns the first failure, shrunk and saved, or empty. */
  public Optional<Failure> find() {
    int n = Integer.getInteger("raftsim.schedules", schedules);
    long s = Long.getLong("raftsim.seed", seed);
    ImplChoice choice = choice();
    for (long i = 0; i < n; i++) {
      RunSpec spec = RunSpec.generate(Campaign.scheduleSeed(s, i), cluster, faults, durationMicros).withImpl(choice);
      RunResult r = Simulator.run(spec, runOptions);
      if (r.failed()) {
        return Optional.of(failure(s, i, r));
      }
    }
    return Optional.empty();
  }

  private ImplChoice choice() {
    return new ImplChoice(impl.name(), options);
  }

  private Failure failure(long campaignSeed, long index, RunResult original) {
    Path dir = outRoot.resolve(label());
    Path file = dir.resolve("failure-" + index + ".json");
    Counterexample.Origin origin = new Counterexample.Origin("property", campaignSeed, index, original.events(),
        original.spec().plan().actions().size());
    RunResult shown = original;
    try {
      Files.createDirectories(dir);
      Counterexample.of(original, origin).write(file);
      if (shrinkAttempts > 0) {
        shown = new Shrinker(new Shrinker.Budget(shrinkAttempts, Shrinker.Budget.DEFAULT.maxWallMillis()), runOptions)
            .shrink(original).shrunk();
        Counterexample.of(shown, origin).write(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the counterexample " + file, e);
    }
    String replay = replayCommand(file);
    Path report = null;
    try {
      report = RunReports.write(shown.spec(), runOptions, dir, "failure-" + index + ".report", replay);
    } catch (IOException | RuntimeException e) {
      // The counterexample is what matters; a report that cannot be written is said, not fatal.
      System.err.println("raftsim: no report for " + file + ": " + e);
    }
    return new Failure(original.violation().invariant(), original.violation().message(), original.spec().seed(),
        index, original.events(), shown.events(), file, report, replay);
  }

  /** Run from the project's folder (surefire's working directory), it re-runs exactly this test on the file. */
  private String replayCommand(Path file) {
    StringBuilder cmd = new StringBuilder("mvn -q test -Dtest=").append(shellQuote(testName()));
    // Switches the user passed to reach this test (e.g. -Draftsim.demo=true) are passed again.
    Map<String, String> pass = new TreeMap<>();
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("raftsim.") && !key.equals(REPLAY_PROPERTY) && !key.equals("raftsim.schedules")
          && !key.equals("raftsim.seed")) {
        pass.put(key, System.getProperty(key));
      }
    }
    pass.forEach((k, v) -> cmd.append(" -D").append(k).append('=').append(shellQuote(v)));
    cmd.append(" -D").append(REPLAY_PROPERTY).append('=').append(shellQuote(file.toString()));
    return cmd.toString();
  }

  static String shellQuote(String s) {
    if (s.matches("[A-Za-z0-9_./=:@%+-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private String label() {
    if (label == null) {
      label = testName().replace('#', '.');
    }
    return label;
  }

  private String testName() {
    if (testName == null) {
      testName = findTestMethod();
    }
    return testName;
  }

  /** The nearest caller that is a JUnit test method (or, failing that, the nearest caller outside this package). */
  private static String findTestMethod() {
    StackWalker walker = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    return walker.walk(frames -> {
      String outside = null;
      for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
        Class<?> c = f.getDeclaringClass();
        if (c == RaftSimProperty.class) {
          continue;
        }
        if (outside == null) {
          outside = c.getSimpleName() + "#" + f.getMethodName();
        }
        for (Method m : c.getDeclaredMethods()) {
          if (m.getName().equals(f.getMethodName()) && isTest(m)) {
            return c.getSimpleName() + "#" + m.getName();
          }
        }
      }
      return outside == null ? "RaftSimProperty#check" : outside;
    });
  }

  private static boolean isTest(Method m) {
    for (java.lang.annotation.Annotation a : m.getAnnotations()) {
      String n = a.annotationType().getName();
      if (n.startsWith("org.junit.jupiter") && (n.endsWith(".Test") || n.endsWith("Test")
          || n.endsWith(".TestTemplate") || n.endsWith(".TestFactory"))) {
        return true;
      }
    }
    return false;
  }
}
