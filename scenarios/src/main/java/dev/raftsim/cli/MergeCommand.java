package dev.raftsim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.raftsim.scenarios.Campaign;
import dev.raftsim.scenarios.Counterexample;
import dev.raftsim.scenarios.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Combines the summaries of a sharded campaign into one, as if it had run on one machine. It refuses a set that is
 * not exactly one campaign's shards 0..n-1 (a missing or repeated shard, shards of different n, of another seed or
 * configuration, a shard that ran fewer schedules than it owns): a CI merge must never call a campaign green that
 * did not run in full.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = {"Merge the summary.json files of a sharded campaign (fuzz --shard i/n) into one summary.",
        "Refuses (exit 2, naming what is wrong) a set that is not all n shards of one campaign."})
public final class MergeCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Shard output folders (or their summary.json files).")
  List<Path> inputs;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write the merged summary.json into DIR.")
  Path out;

  @Option(names = "--json", description = "Print the merged summary as one JSON object on the last line.")
  boolean json;

  /** The fields that make shards parts of one campaign: every shard must agree on each. */
  private static final List<String> CAMPAIGN_FIELDS =
      List.of("seed", "requestedSchedules", "nodes", "clients", "spares", "reconfig", "faults", "bugs",
          "implementation", "implementationVersion", "timeMicros", "guided");

  @Override
  public Integer call() throws IOException {
    if (out != null) {
      OutputFiles.requireWritableFolder(out, "--out");
    }
    long schedules = 0;
    long events = 0;
    long wall = 0;
    long digest = 0;
    long failures = 0;
    long unknown = 0;
    boolean interrupted = false;
    boolean stoppedAtMax = false;
    JsonNode first = null;
    Path firstFile = null;
    int shardCount = -1;
    String firstShard = null;
    TreeMap<Integer, Path> shards = new TreeMap<>();
    List<JsonNode> failureList = new ArrayList<>();
    Map<String, Long> counters = new LinkedHashMap<>();
    CoverageUnion coverage = new CoverageUnion();
    for (Path in : inputs) {
      Path file = Files.isDirectory(in) ? in.resolve("summary.json") : in;
      JsonNode s = read(file);
      int[] shard = shardOf(s, file);
      if (first == null) {
        first = s;
        firstFile = file;
        shardCount = shard[1];
        firstShard = shard[0] + "/" + shard[1];
      } else {
        for (String f : CAMPAIGN_FIELDS) {
          // A field an older raftsim did not write is absent from both or from neither.
          if (!java.util.Objects.equals(first.get(f), s.get(f))) {
            throw new BadInputException("not one campaign: " + file + " has " + f + " " + s.get(f) + " but "
                + firstFile + " has " + first.get(f));
          }
        }
        if (shard[1] != shardCount) {
          throw new BadInputException("not one campaign: " + file + " is shard " + shard[0] + "/" + shard[1] + " but "
              + firstFile + " is shard " + firstShard + " (a full campaign and its shards, or shards of different"
              + " --shard counts, cannot be merged)");
        }
      }
      if (shards.containsKey(shard[0])) {
        throw new BadInputException("shard " + shard[0] + "/" + shard[1] + " appears twice: " + shards.get(shard[0])
            + " and " + file);
      }
      shards.put(shard[0], file);
      long owned = shardSize(s.get("requestedSchedules").asLong(), shard[0], shard[1]);
      long ran = s.get("schedules").asLong();
      boolean cut = s.get("interrupted").asBoolean() || s.path("stoppedAtMaxFailures").asBoolean(false);
      if (ran > owned || (ran < owned && !cut)) {
        throw new BadInputException(file + ": shard " + shard[0] + "/" + shard[1] + " ran " + ran + " of its " + owned
            + " schedules and says it was neither interrupted nor stopped at the failure limit");
      }
      schedules += ran;
      events += s.get("events").asLong();
      wall = Math.max(wall, s.get("wallMillis").asLong());
      digest += Long.parseUnsignedLong(s.get("campaignDigest").asText(), 16);
      failures += s.get("failures").asLong();
      unknown += s.path("linearizabilityUnknown").asLong(0);
      interrupted |= s.get("interrupted").asBoolean();
      stoppedAtMax |= s.path("stoppedAtMaxFailures").asBoolean(false);
      s.get("failureList").forEach(failureList::add);
      s.path("counters").fields().forEachRemaining(
          e -> counters.merge(e.getKey(), e.getValue().asLong(0), Long::sum));
      coverage.add(Files.isDirectory(in) ? in : file.toAbsolutePath().getParent(), s);
    }
    if (shards.size() != shardCount) {
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < shardCount; i++) {
        if (!shards.containsKey(i)) {
          missing.add(i + "/" + shardCount);
        }
      }
      throw new BadInputException("incomplete shard set: missing shard" + (missing.size() == 1 ? " " : "s ")
          + String.join(", ", missing) + " of campaign seed " + first.get("seed") + " (got " + shards.size() + " of "
          + shardCount + ")");
    }
    failureList.sort((a, b) -> Long.compare(a.path("index").asLong(), b.path("index").asLong()));
    List<String> shardNames = new ArrayList<>();
    shards.keySet().forEach(i -> shardNames.add(i + "/" + shards.size()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", Campaign.SUMMARY_FORMAT);
    m.put("seed", first.get("seed").asLong());
    m.put("schedules", schedules);
    m.put("requestedSchedules", first.get("requestedSchedules").asLong());
    m.put("shards", shardNames);
    m.put("nodes", first.get("nodes").asInt());
    m.put("faults", first.get("faults").asText());
    m.put("bugs", first.get("bugs"));
    m.put("timeMicros", first.get("timeMicros").asLong());
    for (String f : List.of("clients", "spares", "reconfig", "implementation", "implementationVersion", "guided")) {
      if (first.has(f)) {
        m.put(f, first.get(f));
      }
    }
    m.put("failures", failures);
    m.put("firstFailingSeed", failureList.isEmpty() ? null : failureList.get(0).path("seed").asLong());
    m.put("firstFailingIndex", failureList.isEmpty() ? null : failureList.get(0).path("index").asLong());
    m.put("events", events);
    m.put("eventsPerSecond", wall == 0 ? 0 : events * 1000.0 / wall);
    m.put("wallMillis", wall);
    m.put("campaignDigest", RunResult.hex(digest));
    m.put("interrupted", interrupted);
    m.put("stoppedAtMaxFailures", stoppedAtMax);
    m.put("linearizabilityUnknown", unknown);
    m.put("failureList", failureList);
    m.put("counters", counters);
    m.put("coverage", coverage.toJson());
    if (out != null) {
      coverage.writeStates(out);
      Campaign.writeAtomically(out.resolve("summary.json"), JsonOut.line(m));
    }
    if (json) {
      System.out.println(JsonOut.line(m));
    } else {
      System.out.printf(Locale.ROOT, "%s: merged %d shards of campaign seed %d: %d schedules, %d %s, campaign digest %s%s%n",
          failures == 0 ? "PASS" : "FAIL", shards.size(), first.get("seed").asLong(), schedules, failures,
          failures == 1 ? "failure" : "failures", RunResult.hex(digest),
          interrupted ? " (a shard was interrupted)" : stoppedAtMax ? " (a shard stopped at its failure limit)" : "");
      StringBuilder c = new StringBuilder("counters:");
      counters.forEach((k, v) -> c.append(c.length() == 9 ? " " : ", ").append(k).append(' ')
          .append(String.format(Locale.ROOT, "%,d", v)));
      System.out.println(c);
      for (JsonNode f : failureList) {
        System.out.printf(Locale.ROOT, "  schedule %d (seed %d): %s: %s%n", f.path("index").asLong(),
            f.path("seed").asLong(), f.path("invariant").asText(), f.path("message").asText());
      }
      if (out != null) {
        System.out.println("summary: " + out.resolve("summary.json"));
      }
    }
    return failures > 0 ? Main.VIOLATION : Main.OK;
  }

  static long shardSize(long schedules, int i, int n) {
    return schedules <= i ? 0 : (schedules - 1 - i) / n + 1;
  }

  /** Reads a summary and checks every field merge uses against its legal range. */
  static JsonNode read(Path file) {
    JsonNode s;
    try {
      s = Counterexample.readJson(file);
    } catch (Counterexample.FormatException e) {
      throw new BadInputException(e.getMessage());
    }
    if (!Campaign.SUMMARY_FORMAT.equals(s.path("format").asText())) {
      throw new BadInputException(file + " is not a raftsim campaign summary (" + Campaign.SUMMARY_FORMAT + ")");
    }
    integer(s, "seed", file, Long.MIN_VALUE);
    integer(s, "requestedSchedules", file, 1);
    integer(s, "schedules", file, 0);
    integer(s, "nodes", file, 1);
    integer(s, "timeMicros", file, 1);
    integer(s, "failures", file, 0);
    integer(s, "events", file, 0);
    integer(s, "wallMillis", file, 0);
    if (!s.path("faults").isTextual()) {
      throw new BadInputException(file + ": field 'faults' must be a string");
    }
    if (!s.path("bugs").isArray()) {
      throw new BadInputException(file + ": field 'bugs' must be an array");
    }
    if (!s.path("interrupted").isBoolean()) {
      throw new BadInputException(file + ": field 'interrupted' must be true or false");
    }
    if (s.has("linearizabilityUnknown")) {
      integer(s, "linearizabilityUnknown", file, 0);
    }
    if (!s.path("campaignDigest").isTextual() || !s.get("campaignDigest").asText().matches("[0-9a-f]{16}")) {
      throw new BadInputException(file + ": field 'campaignDigest' must be 16 lower-case hex digits");
    }
    JsonNode list = s.path("failureList");
    if (!list.isArray()) {
      throw new BadInputException(file + ": field 'failureList' must be an array");
    }
    for (JsonNode f : list) {
      if (!f.isObject() || !f.path("index").canConvertToLong() || !f.path("index").isIntegralNumber()
          || !f.path("seed").isIntegralNumber() || !f.path("seed").canConvertToLong()) {
        throw new BadInputException(file + ": every entry of 'failureList' needs an integer index and seed");
      }
    }
    if (list.size() != s.get("failures").asLong()) {
      throw new BadInputException(file + ": 'failures' says " + s.get("failures").asLong() + " but 'failureList' has "
          + list.size());
    }
    return s;
  }

  private static long integer(JsonNode s, String name, Path file, long min) {
    JsonNode v = s.get(name);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min) {
      throw new BadInputException(file + ": field '" + name + "' must be an integer"
          + (min == Long.MIN_VALUE ? "" : " >= " + min));
    }
    return v.asLong();
  }

  /** The "i/n" of a summary, checked: 0 <= i < n. */
  private static int[] shardOf(JsonNode s, Path file) {
    String text = s.path("shard").asText("");
    try {
      return FuzzCommand.parseShard(text);
    } catch (BadInputException e) {
      throw new BadInputException(file + ": field 'shard' must be i/n with 0 <= i < n, got '" + text + "'");
    }
  }
}
