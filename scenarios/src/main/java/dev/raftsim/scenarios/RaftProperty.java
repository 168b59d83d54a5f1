package dev.raftsim.scenarios;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.sim.FaultProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Property runs for JUnit 5 tests (no jqwik): "for N schedules of this cluster under these faults, no invariant
 * breaks". A failure is shrunk, saved, and reported as an AssertionError carrying the checker's sentence, the
 * seed, the counterexample's path and a copy-paste replay line.
 *
 * <pre>{@code
 * @Test void raftIsSafeUnderSwarmFaults() {
 *   RaftProperty.schedules(500).nodes(5).faults(FaultProfile.SWARM).seed(42).check();
 * }
 * }</pre>
 *
 * A fixed seed and count make the test reproducible; {@code -Draftsim.schedules=100000} scales every property
 * up (nightly CI) and {@code -Draftsim.seed=S} explores a different campaign.
 */
public final class RaftProperty {
  private int schedules;
  private long seed = 1;
  private ClusterConfig cluster = ClusterConfig.defaults();
  private FaultProfile faults = FaultProfile.SWARM;
  private long durationMicros = 10_000_000;
  private int threads = Runtime.getRuntime().availableProcessors();
  private Path outRoot = Path.of("target", "raftsim-properties");
  private String label = "property";
  private Shrinker.Budget shrinkBudget = Shrinker.Budget.DEFAULT;

  private RaftProperty(int schedules) {
    this.schedules = schedules;
  }

  public static RaftProperty schedules(int n) {
    return new RaftProperty(n);
  }

  public RaftProperty seed(long s) {
    seed = s;
    return this;
  }

  public RaftProperty nodes(int n) {
    cluster = cluster.withNodes(n);
    return this;
  }

  public RaftProperty cluster(ClusterConfig c) {
    cluster = c;
    return this;
  }

  public RaftProperty faults(FaultProfile p) {
    faults = p;
    return this;
  }

  public RaftProperty seconds(double simulated) {
    durationMicros = (long) (simulated * 1_000_000);
    return this;
  }

  public RaftProperty bugs(PlantedBug... bugs) {
    cluster = cluster.withBugs(bugs.length == 0 ? Set.of() : EnumSet.of(bugs[0], bugs));
    return this;
  }

  /** Re-runs allowed when shrinking a failure (0: report it unshrunk). */
  public RaftProperty shrinkAttempts(int attempts) {
    shrinkBudget = new Shrinker.Budget(attempts, Shrinker.Budget.DEFAULT.maxWallMillis());
    return this;
  }

  public RaftProperty threads(int t) {
    threads = t;
    return this;
  }

  /** Where counterexamples go (default target/raftsim-properties) and a name for this property's folder. */
  public RaftProperty output(Path root, String name) {
    outRoot = root;
    label = name;
    return this;
  }

  /**
   * A failure found by {@link #find()}: the first failing schedule in index order, shrunk and saved. The seed,
   * sentence and events are the shrunk run's (what the counterexample and its report hold); {@code foundSeed},
   * {@code foundMessage} and {@code foundEvents} are the run as first found, its origin.
   */
  public record Failure(long seed, long index, String invariant, String message, Path counterexample, long events,
      Path report, long foundSeed, String foundMessage, long foundEvents) {
    public String replayCommand() {
      return "./raftsim replay " + dev.raftsim.scenarios.internal.Shell.quote(counterexample.toString());
    }
  }

  /** Asserts no schedule breaks any invariant. */
  public void check() {
    find().ifPresent(f -> {
      throw new AssertionError(String.format(Locale.ROOT,
          "%s violated in schedule %d: seed %d, %d events: %s%n  origin: found as seed %d with %d events: %s%n"
              + "  counterexample: %s%n  report: %s%n  replay: %s",
          f.invariant(), f.index(), f.seed(), f.events(), f.message(), f.foundSeed(), f.foundEvents(),
          f.foundMessage(), f.counterexample(), f.report() == null ? "none" : f.report(), f.replayCommand()));
    });
  }

  /**
   * This property's output folder: the label, the seed and the calling test (class and method), so two tests with
   * the same seed and label do not overwrite each other's counterexamples.
   */
  Path outputFolder(long s) {
    String caller = callerName();
    return outRoot.resolve(label + "-seed" + s + (caller.isEmpty() ? "" : "-" + caller));
  }

  /**
   * The test that called: the first frame outside this class, lambdas and JUnit's own (assertThrows and the like),
   * as SimpleClass.method; empty when there is none.
   */
  private static String callerName() {
    return StackWalker.getInstance().walk(frames -> frames
        .filter(f -> !f.getClassName().equals(RaftProperty.class.getName()) && !f.getMethodName().startsWith("lambda$")
            && !f.getClassName().matches("(org\\.junit|java|javax|jdk|sun)\\..*"))
        .findFirst()
        .map(f -> {
          String cls = f.getClassName();
          return cls.substring(cls.lastIndexOf('.') + 1).replace('$', '.') + "." + f.getMethodName();
        })
        .orElse(""))
        .replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** Runs the schedules and returns the first failure (lowest index), shrunk, with its report written beside it. */
  public Optional<Failure> find() {
    int n = Integer.getInteger("raftsim.schedules", schedules);
    long s = Long.getLong("raftsim.seed", seed);
    Path out = outputFolder(s);
    CampaignConfig config = new CampaignConfig(s, n, threads, 0, 1, cluster, faults, durationMicros, out, 1,
        shrinkBudget.maxAttempts() > 0, shrinkBudget);
    Map<String, Object> summary;
    try {
      Files.createDirectories(out);
      summary = new Campaign(config, new Campaign.Listener() {}).run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    @SuppressWarnings("unchecked")
    java.util.List<Map<String, Object>> failures = (java.util.List<Map<String, Object>>) summary.get("failureList");
    if (failures.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> f = failures.get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> origin = (Map<String, Object>) f.get("origin");
    Path file = out.resolve((String) f.get("counterexample"));
    Path report = FailureReports.writeFor(file);
    long events = ((Number) f.get("events")).longValue();
    return Optional.of(new Failure(((Number) f.get("seed")).longValue(), ((Number) f.get("index")).longValue(),
        (String) f.get("invariant"), (String) f.get("message"), file, events, report,
        origin == null ? ((Number) f.get("seed")).longValue() : ((Number) origin.get("seed")).longValue(),
        origin == null ? (String) f.get("message") : (String) origin.get("message"),
        origin == null ? events : ((Number) origin.get("events")).longValue()));
  }
}
