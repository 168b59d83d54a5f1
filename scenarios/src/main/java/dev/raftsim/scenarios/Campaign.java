package dev.raftsim.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.coverage.CampaignCoverage;
import dev.raftsim.scenarios.coverage.RunCoverage;
import dev.raftsim.scenarios.guided.Guide;
import dev.raftsim.scenarios.internal.RaftCluster;
import dev.raftsim.reports.AtomicFiles;
import dev.raftsim.sim.Fault;
import dev.raftsim.sim.FaultPlan;
import dev.raftsim.sim.NetworkParams;
import dev.raftsim.sim.Prng;
import dev.raftsim.sim.TimedFault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a fuzz campaign on worker threads. Each schedule is an isolated simulation (nothing mutable is shared
 * between workers); results are combined so that the campaign's digest and summary do not depend on the thread
 * count or on how the campaign is sharded. Failures are appended to failures.jsonl and written as
 * counterexample files the moment they are found, then shrunk.
 */
public final class Campaign {
  public static final String SUMMARY_FORMAT = "raftsim.campaign-summary/1";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Observes a campaign; methods are called from worker threads. */
  public interface Listener {
    default void progress(long done, long total, long failures) {}

    /** A failure was persisted (unshrunk); {@code shrunk} is null until shrinking finished. */
    default void failure(FailureRecord record, RunResult original, RunResult shrunk) {}
  }

  /** A failing run as the campaign first found it, before shrinking: the labelled origin of the failure shown. */
  public record Found(long seed, String message, long events) {}

  /**
   * One failing schedule, as listed in failures.jsonl and summary.json. Once shrunk, the failure shown is the shrunk
   * run (its seed, sentence and events: what the counterexample file and its report hold), and {@code found} is the
   * run first found; before that (or with shrinking off) {@code found} is null and the fields are the found run's.
   * {@code shrinkNotes} says why a shrink stayed large.
   */
  public record FailureRecord(long index, long seed, String invariant, String message, long events, String file,
      Found found, List<String> shrinkNotes) {
    public FailureRecord {
      shrinkNotes = shrinkNotes == null ? List.of() : List.copyOf(shrinkNotes);
    }

    public boolean shrunk() {
      return found != null;
    }
  }

  private final CampaignConfig config;
  private final Listener listener;
  private final long total;
  private final long[] digests;
  private final long[] events;
  private final boolean[] done;
  private final double[] firstLeaderMillis;
  private final double[] medianLatencyMillis;
  private final int[] elections;
  @SuppressWarnings("unchecked")
  private final Map<String, Long>[] counterRuns;
  private final byte[] faultMix;
  /** Per schedule: GETs served by ReadIndex and under a lease (the protocol counters of summary.json). */
  private final int[] readIndexReads;
  private final int[] leaseReads;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final TreeMap<Long, FailureRecord> failures = new TreeMap<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile long cutoffK = Long.MAX_VALUE;
  private volatile boolean stopRequested;
  private long linearizabilityUnknown;
  /** failures.jsonl as written so far: rewritten whole (atomically) at each failure, so it is never half a line. */
  private final StringBuilder failureLog = new StringBuilder();
  /** The first failure of a worker (say, the disk is full): the campaign stops and run() throws it. */
  private volatile Throwable workerFailure;
  // Coverage: each run's, until it is folded into the campaign's in index order (foldNext: the next slot to fold).
  private final RunCoverage[] runCoverage;
  private final CampaignCoverage coverage = new CampaignCoverage();
  private int foldNext;
  // Guided campaigns: the specs of the generation being run, and the slot that ends it.
  private final Guide guide;
  private final RunSpec[] specs;
  private volatile long generationEnd;

  public Campaign(CampaignConfig config, Listener listener) {
    this.config = config;
    this.listener = listener;
    this.total = config.shardSize();
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many schedules for one process: " + total);
    }
    int n = (int) total;
    this.digests = new long[n];
    this.events = new long[n];
    this.done = new boolean[n];
    this.firstLeaderMillis = new double[n];
    this.medianLatencyMillis = new double[n];
    this.elections = new int[n];
    this.counterRuns = new Map[n];
    this.faultMix = new byte[n];
    this.readIndexReads = new int[n];
    this.leaseReads = new int[n];
    this.runCoverage = new RunCoverage[n];
    this.guide = config.guided() ? new Guide(config.seed(), config.profile(), config::spec) : null;
    this.specs = config.guided() ? new RunSpec[n] : null;
    this.generationEnd = total;
  }

  /**
   * Schedules per generation of a guided campaign: each generation's schedules are drawn from the corpus as it
   * stood when the generation began, and their results are folded in index order when it ends, so the campaign
   * is the same at any thread count. Small generations let feedback act early.
   */
  public static final int GENERATION = 8;

  /** The seed of schedule {@code index} of a campaign: a pure function of both. */
  public static long scheduleSeed(long campaignSeed, long index) {
    return Prng.derive(campaignSeed, index).nextLong() & Long.MAX_VALUE;
  }

  /** Asks the campaign to stop starting schedules (SIGINT/SIGTERM); running ones finish, shrinks are abandoned. */
  public void requestStop() {
    stopRequested = true;
  }

  public boolean awaitFinished(long millis) throws InterruptedException {
    return finished.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public Map<String, Object> run() throws IOException {
    try {
      Files.createDirectories(config.outDir());
      long start = System.nanoTime();
      writeAtomically(config.outDir().resolve("failures.jsonl"), "");
      if (guide == null) {
        runWorkers();
      } else {
        for (long from = 0; from < total && !stopRequested && from <= cutoffK; from += GENERATION) {
          long to = Math.min(total, from + GENERATION);
          for (long k = from; k < to; k++) {
            specs[(int) k] = guide.next(config.indexOf(k));
          }
          generationEnd = to;
          next.set(from);
          runWorkers();
          synchronized (this) {
            for (long k = from; k < to; k++) {
              specs[(int) k] = null;
            }
          }
        }
      }
      Throwable failed = workerFailure;
      if (failed instanceof UncheckedIOException u) {
        throw u.getCause();
      } else if (failed instanceof IOException io) {
        throw io;
      } else if (failed instanceof RuntimeException re) {
        throw re;
      } else if (failed instanceof Error er) {
        throw er;
      }
      long wallMillis = (System.nanoTime() - start) / 1_000_000;
      Map<String, Object> summary = summary(wallMillis);
      synchronized (this) {
        coverage.writeStates(config.outDir());
      }
      writeAtomically(config.outDir().resolve("summary.json"), MAPPER.writeValueAsString(summary));
      return summary;
    } finally {
      finished.countDown();
    }
  }

  /** How runs learn that the campaign is being interrupted: polled by the kernel every thousand or so events. */
  private RunOptions cancellable(RunOptions o) {
    return o.withCancel(() -> stopRequested);
  }

  private void runWorkers() {
    List<Thread> workers = new ArrayList<>();
    int threads = (int) Math.min(config.threads(), Math.max(1, generationEnd - next.get()));
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(this::work, "raftsim-worker-" + t);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        stopRequested = true;
        Thread.currentThread().interrupt();
      }
    }
  }

  private void work() {
    try {
      workLoop();
    } catch (RuntimeException | Error e) {
      // Not a finding (the node's exceptions are violations): raftsim's own fault or the disk. Stop everything.
      synchronized (this) {
        if (workerFailure == null) {
          workerFailure = e;
        }
      }
      stopRequested = true;
    }
  }

  private void workLoop() {
    while (!stopRequested) {
      long end = generationEnd;
      long k = next.getAndIncrement();
      if (k >= end || k > cutoffK) {
        return;
      }
      long index = config.indexOf(k);
      RunSpec spec = guide == null ? config.spec(index) : specs[(int) k];
      RaftCluster[] host = new RaftCluster[1];
      RunResult r = Simulator.run(spec, cancellable(RunOptions.defaults()), c -> {
        c.coverageTracker().setAbstractStates(true);
        host[0] = c;
      });
      if (r.cancelled()) {
        return; // interrupted part-way: not a result; the summary counts only finished schedules
      }
      int slot = (int) k;
      runCoverage[slot] = host[0].coverage();
      digests[slot] = r.digest();
      events[slot] = r.events();
      firstLeaderMillis[slot] = r.firstLeaderMicros() / 1000.0;
      medianLatencyMillis[slot] = r.medianLatencyMicros() / 1000.0;
      elections[slot] = r.leadersElected();
      synchronized (this) {
        counterRuns[slot] = r.counters();
      }
      faultMix[slot] = mixBits(spec.plan());
      readIndexReads[slot] = r.readIndexReads();
      leaseReads[slot] = r.leaseReads();
      if ("unknown".equals(r.linearizability())) {
        synchronized (this) {
          linearizabilityUnknown++;
        }
      }
      if (r.failed()) {
        onFailure(k, index, r);
      }
      synchronized (this) {
        done[slot] = true;
        fold();
      }
      long c = completed.incrementAndGet();
      listener.progress(c, total, failureCount());
    }
  }

  /** Folds finished runs into the campaign's coverage, in index order (the guide learns in the same order). */
  private void fold() {
    while (foldNext < total && done[foldNext] && foldNext <= cutoffK) {
      RunCoverage rc = runCoverage[foldNext];
      runCoverage[foldNext] = null;
      CampaignCoverage.Novelty novelty = coverage.add(config.indexOf(foldNext), rc);
      if (guide != null) {
        guide.observe(config.indexOf(foldNext), specs[foldNext], rc, novelty);
      }
      foldNext++;
    }
  }

  private synchronized long failureCount() {
    return failures.size();
  }

  private void onFailure(long k, long index, RunResult r) {
    String file = "failure-" + index + ".json";
    FailureRecord record = new FailureRecord(index, r.spec().seed(), r.violation().invariant(), r.violation().message(),
        r.events(), file, null, List.of());
    synchronized (this) {
      if (k > cutoffK) {
        return; // past the deterministic cut: another worker already found enough earlier failures
      }
      failures.put(k, record);
      if (config.maxFailures() > 0 && failures.size() >= config.maxFailures()) {
        long nth = failures.keySet().stream().skip(config.maxFailures() - 1L).findFirst().orElseThrow();
        cutoffK = Math.min(cutoffK, nth);
      }
      logLine(record);
    }
    Counterexample.Origin origin = Counterexample.Origin.found("fuzz", config.seed(), index, r);
    writeCounterexample(Counterexample.of(r, origin), file);
    listener.failure(record, r, null);
    if (config.shrink() && !stopRequested) {
      Shrinker.Result s = new Shrinker(config.shrinkBudget(), cancellable(RunOptions.defaults()))
          .cancelWhen(() -> stopRequested).shrink(r);
      writeCounterexample(Counterexample.of(s.shrunk(), origin.withShrinkNotes(s.explanation())), file);
      FailureRecord shrunk = new FailureRecord(index, s.shrunk().spec().seed(), s.shrunk().violation().invariant(),
          s.shrunk().violation().message(), s.eventsAfter(), file, new Found(r.spec().seed(), record.message(),
          r.events()), s.explanation());
      synchronized (this) {
        if (failures.containsKey(k)) {
          failures.put(k, shrunk);
          logLine(shrunk);
        }
      }
      listener.failure(shrunk, r, s.shrunk());
    }
  }

  /**
   * failures.jsonl is a journal, flushed line by line so that nothing found is lost: one line when a failure is
   * found ({@code "shrunk": false}) and one when its shrink ends ({@code "shrunk": true}), which supersedes it.
   */
  private void logLine(FailureRecord record) {
    try {
      failureLog.append(MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
          failureLine(record))).append('\n');
      AtomicFiles.write(config.outDir().resolve("failures.jsonl"), failureLog.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }


  private void writeCounterexample(Counterexample cx, String file) {
    try {
      cx.write(config.outDir().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> failureLine(FailureRecord f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", f.index());
    m.put("seed", f.seed());
    m.put("invariant", f.invariant());
    m.put("message", f.message());
    m.put("events", f.events());
    m.put("shrunk", f.shrunk());
    m.put("counterexample", f.file());
    if (f.found() != null) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("seed", f.found().seed());
      o.put("message", f.found().message());
      o.put("events", f.found().events());
      m.put("origin", o);
    }
    if (!f.shrinkNotes().isEmpty()) {
      m.put("shrinkNotes", f.shrinkNotes());
    }
    return m;
  }

  // Fault-mix bits, for the campaign report's distribution of what each schedule exercised.
  private static final String[] MIX_NAMES =
      {"crashes", "partitions", "pauses", "clogs", "skew", "loss", "duplication", "leader hunting"};
  private static final int LEADER_HUNTING = 128;

  private static byte mixBits(FaultPlan plan) {
    int bits = 0;
    NetworkParams initial = plan.initialNetwork();
    bits |= networkBits(initial);
    for (TimedFault tf : plan.actions()) {
      Fault f = tf.fault();
      if (f instanceof Fault.Crash) {
        bits |= 1;
      } else if (f instanceof Fault.Partition || f instanceof Fault.Isolate || f instanceof Fault.CutLink
          || f instanceof Fault.Bridge) {
        bits |= 2;
      } else if (f instanceof Fault.Pause) {
        bits |= 4;
      } else if (f instanceof Fault.Clog) {
        bits |= 8;
      } else if (f instanceof Fault.Skew) {
        bits |= 16;
      } else if (f instanceof Fault.SetNetwork sn) {
        bits |= networkBits(sn.params());
      } else if (f instanceof Fault.CrashPrimary) {
        bits |= 1 | LEADER_HUNTING;
      } else if (f instanceof Fault.PartitionPrimary || f instanceof Fault.CutNextPrimary) {
        bits |= 2 | LEADER_HUNTING;
      }
    }
    return (byte) bits;
  }

  private static int networkBits(NetworkParams p) {
    return (p.dropProbability() > 0 ? 32 : 0) | (p.duplicateProbability() > 0 ? 64 : 0);
  }

  private synchronized Map<String, Object> summary(long wallMillis) {
    boolean interrupted = stopRequested;
    long included = 0;
    long eventSum = 0;
    long digest = 0;
    long[] mixCounts = new long[MIX_NAMES.length];
    long readIndexSum = 0;
    long leaseSum = 0;
    List<Double> leaders = new ArrayList<>();
    List<Double> latencies = new ArrayList<>();
    List<Integer> electionCounts = new ArrayList<>();
    Map<String, Long> runCounters = new LinkedHashMap<>();
    for (int k = 0; k < total; k++) {
      if (!done[k] || k > cutoffK) {
        continue;
      }
      included++;
      if (counterRuns[k] != null) {
        for (Map.Entry<String, Long> c : counterRuns[k].entrySet()) {
          runCounters.merge(c.getKey(), c.getValue(), Long::sum);
        }
      }
      eventSum += events[k];
      long index = config.indexOf(k);
      digest += Prng.mix64(scheduleSeed(config.seed(), index) ^ digests[k]);
      for (int b = 0; b < MIX_NAMES.length; b++) {
        if ((faultMix[k] & (1 << b)) != 0) {
          mixCounts[b]++;
        }
      }
      if (firstLeaderMillis[k] >= 0) {
        leaders.add(firstLeaderMillis[k]);
      }
      if (medianLatencyMillis[k] >= 0) {
        latencies.add(medianLatencyMillis[k]);
      }
      electionCounts.add(elections[k]);
      readIndexSum += readIndexReads[k];
      leaseSum += leaseReads[k];
    }
    List<FailureRecord> listed = new ArrayList<>();
    for (Map.Entry<Long, FailureRecord> e : failures.entrySet()) {
      if (e.getKey() <= cutoffK) {
        listed.add(e.getValue());
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", SUMMARY_FORMAT);
    m.put("seed", config.seed());
    m.put("schedules", included);
    m.put("requestedSchedules", config.schedules());
    m.put("shard", config.shardIndex() + "/" + config.shardCount());
    m.put("threads", config.threads());
    m.put("nodes", config.cluster().nodes());
    m.put("clients", config.cluster().clients());
    m.put("spares", config.cluster().spares());
    ReconfigKnobs reconfig = config.cluster().reconfig();
    Map<String, Object> rc = new LinkedHashMap<>();
    rc.put("perSecond", reconfig.perSecond());
    rc.put("mix", reconfig.mix().name().toLowerCase(java.util.Locale.ROOT));
    rc.put("nemesisPercent", reconfig.nemesisPercent());
    rc.put("fixed", reconfig.fixed());
    m.put("reconfig", rc);
    m.put("faults", config.profile().cliName());
    List<String> bugs = new ArrayList<>();
    if (!config.cluster().bugs().isEmpty()) {
      for (PlantedBug b : EnumSet.copyOf(config.cluster().bugs())) {
        bugs.add(b.cliName());
      }
    }
    bugs.addAll(config.impl().options());
    m.put("bugs", bugs);
    m.put("implementation", config.impl().name());
    m.put("implementationVersion", ImplementationCatalog.version(config.impl().name()));
    m.put("timeMicros", config.durationMicros());
    m.put("failures", listed.size());
    m.put("firstFailingSeed", listed.isEmpty() ? null : listed.get(0).seed());
    m.put("firstFailingIndex", listed.isEmpty() ? null : listed.get(0).index());
    m.put("events", eventSum);
    m.put("eventsPerSecond", wallMillis == 0 ? 0 : eventSum * 1000.0 / wallMillis);
    m.put("schedulesPerSecond", wallMillis == 0 ? 0 : included * 1000.0 / wallMillis);
    m.put("wallMillis", wallMillis);
    m.put("campaignDigest", RunResult.hex(digest));
    m.put("interrupted", interrupted);
    // Stopped only when the limit left schedules unrun: a limit reached on the last schedule stopped nothing.
    m.put("stoppedAtMaxFailures", cutoffK != Long.MAX_VALUE && cutoffK < total - 1);
    m.put("maxFailures", config.maxFailures());
    m.put("linearizabilityUnknown", linearizabilityUnknown);
    m.put("guided", guide != null);
    List<Map<String, Object>> fl = new ArrayList<>();
    for (FailureRecord f : listed) {
      fl.add(failureLine(f));
    }
    m.put("failureList", fl);
    Map<String, Object> mix = new LinkedHashMap<>();
    for (int b = 0; b < MIX_NAMES.length; b++) {
      mix.put(MIX_NAMES[b], mixCounts[b]);
    }
    m.put("faultMix", mix);
    m.put("coverage", coverage.toJson());
    Map<String, Object> counters = new LinkedHashMap<>();
    counters.put("readIndexReads", readIndexSum);
    counters.put("leaseReads", leaseSum);
    counters.putAll(runCounters); // snapshotsTaken, snapshotsInstalled
    m.put("counters", counters);
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("timeToFirstLeaderMillis", leaders);
    stats.put("medianCommitLatencyMillis", latencies);
    stats.put("electionsPerRun", electionCounts);
    m.put("stats", stats);
    return m;
  }

  public static void writeAtomically(Path file, String text) throws IOException {
    AtomicFiles.write(file, text.isEmpty() ? "" : text + "\n");
  }
}
