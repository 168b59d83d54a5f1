package dev.raftsim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.raftsim.scenarios.Campaign;
import dev.raftsim.scenarios.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Combines the summaries of a sharded campaign into one, as if it had run on one machine. */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = "Merge the summary.json files of a sharded campaign (fuzz --shard i/n) into one summary.")
public final class MergeCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Shard output folders (or their summary.json files).")
  List<Path> inputs;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write the merged summary.json into DIR.")
  Path out;

  @Override
  public Integer call() throws IOException {
    long schedules = 0;
    long events = 0;
    long wall = 0;
    long digest = 0;
    long failures = 0;
    long unknown = 0;
    boolean interrupted = false;
    Long seed = null;
    List<JsonNode> failureList = new ArrayList<>();
    List<String> shards = new ArrayList<>();
    CoverageUnion coverage = new CoverageUnion();
    for (Path in : inputs) {
      Path file = Files.isDirectory(in) ? in.resolve("summary.json") : in;
      JsonNode s;
      try {
        s = JsonOut.MAPPER.readTree(Files.readString(file));
      } catch (IOException e) {
        throw new BadInputException("cannot read campaign summary " + file + ": " + e.getMessage());
      }
      if (s == null || !Campaign.SUMMARY_FORMAT.equals(s.path("format").asText())) {
        throw new BadInputException(file + " is not a raftsim campaign summary (" + Campaign.SUMMARY_FORMAT + ")");
      }
      if (seed != null && seed != s.path("seed").asLong()) {
        throw new BadInputException(file + " belongs to campaign seed " + s.path("seed").asLong() + ", not " + seed);
      }
      seed = s.path("seed").asLong();
      String shard = s.path("shard").asText();
      if (shards.contains(shard)) {
        throw new BadInputException("shard " + shard + " appears twice (" + file + ")");
      }
      shards.add(shard);
      schedules += s.path("schedules").asLong();
      events += s.path("events").asLong();
      wall = Math.max(wall, s.path("wallMillis").asLong());
      digest += Long.parseUnsignedLong(s.path("campaignDigest").asText(), 16);
      failures += s.path("failures").asLong();
      unknown += s.path("linearizabilityUnknown").asLong();
      interrupted |= s.path("interrupted").asBoolean();
      s.path("failureList").forEach(failureList::add);
      coverage.add(Files.isDirectory(in) ? in : file.toAbsolutePath().getParent(), s);
    }
    failureList.sort((a, b) -> Long.compare(a.path("index").asLong(), b.path("index").asLong()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", Campaign.SUMMARY_FORMAT);
    m.put("seed", seed);
    m.put("schedules", schedules);
    m.put("shards", shards);
    m.put("failures", failures);
    m.put("firstFailingSeed", failureList.isEmpty() ? null : failureList.get(0).path("seed").asLong());
    m.put("firstFailingIndex", failureList.isEmpty() ? null : failureList.get(0).path("index").asLong());
    m.put("events", events);
    m.put("eventsPerSecond", wall == 0 ? 0 : events * 1000.0 / wall);
    m.put("wallMillis", wall);
    m.put("campaignDigest", RunResult.hex(digest));
    m.put("interrupted", interrupted);
    m.put("linearizabilityUnknown", unknown);
    m.put("failureList", failureList);
    m.put("coverage", coverage.toJson());
    if (out != null) {
      coverage.writeStates(out);
      Campaign.writeAtomically(out.resolve("summary.json"), JsonOut.line(m));
      System.err.println("summary: " + out.resolve("summary.json"));
    }
    System.out.println(JsonOut.line(m));
    return failures > 0 ? Main.VIOLATION : Main.OK;
  }
}
