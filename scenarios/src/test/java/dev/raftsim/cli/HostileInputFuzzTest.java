package dev.raftsim.cli;

import static dev.raftsim.cli.CliRun.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.raftsim.cli.CliRun.Outcome;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.Counterexample;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.sim.FaultProfile;
import dev.raftsim.sim.Prng;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz testing of raftsim's own inputs: random and mutated counterexamples, scenario texts and campaign summaries
 * go through the real commands. Each must end in exit 0, 1 or 2 (with one clean line for 2), never 3 and never a
 * stack trace. Runs are bounded by a low event budget per case (a legal but huge input then ends as an
 * EventBudget finding), not by wall-clock assertions. Seeded: the same cases every time.
 */
class HostileInputFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static Path counterexample;

  @BeforeAll
  static void setUp() throws Exception {
    Simulator.capEventBudget(200_000);
    ClusterConfig cluster = ClusterConfig.defaults(5).withBugs(EnumSet.of(PlantedBug.ACCEPT_STALE_APPEND));
    for (long seed = 1; ; seed++) {
      RunResult r = Simulator.run(RunSpec.generate(seed, cluster, FaultProfile.SWARM, 3_000_000));
      if (r.failed()) {
        counterexample = dir.resolve("base.json");
        Counterexample.of(r, null).write(counterexample);
        return;
      }
      assertTrue(seed < 500, "no failing schedule to mutate");
    }
  }

  @AfterAll
  static void tearDown() {
    Simulator.capEventBudget(Long.MAX_VALUE);
  }

  private static void assertHandled(Outcome o, String what) {
    assertTrue(o.code() == Main.OK || o.code() == Main.VIOLATION || o.code() == Main.BAD_INPUT,
        what + ": exit " + o.code() + "\n" + o.err());
    assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), what + ": " + o.err());
    if (o.code() == Main.BAD_INPUT) {
      List<String> lines = o.err().strip().lines().filter(l -> l.startsWith("raftsim: ")).toList();
      assertEquals(1, lines.size(), what + ": one line expected: " + o.err());
    }
  }

  // ------------------------------------------------------------------------------------------------ mutations

  /** Values that have broken parsers before: zero, negatives, the edges of int and long, beyond long, wrong types. */
  private static JsonNode interesting(Prng r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (r.nextInt(16)) {
      case 0 -> f.numberNode(0);
      case 1 -> f.numberNode(-1);
      case 2 -> f.numberNode(Long.MAX_VALUE);
      case 3 -> f.numberNode(Long.MIN_VALUE);
      case 4 -> f.numberNode(4294967299L);
      case 5 -> f.numberNode(new BigInteger("123456789012345678901234567890"));
      case 6 -> f.numberNode(1e300);
      case 7 -> f.numberNode(0.5);
      case 8 -> f.textNode("x");
      case 9 -> f.nullNode();
      case 10 -> f.arrayNode();
      case 11 -> f.objectNode();
      case 12 -> f.booleanNode(true);
      case 13 -> f.numberNode(Integer.MAX_VALUE);
      case 14 -> f.numberNode(r.nextInt(20) - 3);
      default -> f.numberNode((long) r.nextInt(2_000_000));
    };
  }

  private static void collect(JsonNode n, List<JsonNode> containers) {
    if (n.isContainerNode()) {
      containers.add(n);
      n.forEach(c -> collect(c, containers));
    }
  }

  /** One to three random edits anywhere in the tree: replace a value, remove a field, duplicate an array element. */
  static JsonNode mutate(JsonNode original, Prng r) {
    JsonNode root = original.deepCopy();
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      JsonNode c = containers.get(r.nextInt(containers.size()));
      if (c.size() == 0) {
        continue;
      }
      if (c instanceof ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        String name = names.get(r.nextInt(names.size()));
        if (r.chance(0.15)) {
          o.remove(name);
        } else {
          o.set(name, interesting(r));
        }
      } else if (c instanceof ArrayNode a) {
        int i = r.nextInt(a.size());
        if (r.chance(0.3)) {
          a.add(a.get(i).deepCopy());
        } else if (r.chance(0.2)) {
          a.remove(i);
        } else {
          a.set(i, interesting(r));
        }
      }
    }
    return root;
  }

  /** Byte-level damage: truncation, a flipped byte, or text spliced in. */
  static byte[] damage(byte[] text, Prng r) {
    byte[] b = text.clone();
    switch (r.nextInt(3)) {
      case 0:
        return java.util.Arrays.copyOf(b, r.nextInt(b.length));
      case 1:
        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        return b;
      default:
        int at = r.nextInt(b.length);
        byte[] junk = "]}{\"\u00e9\n\t9e99999".getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + junk.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(junk, 0, out, at, junk.length);
        System.arraycopy(b, at, out, at + junk.length, b.length - at);
        return out;
    }
  }

  // ------------------------------------------------------------------------------------------------ the cases

  @Test
  void mutatedCounterexamplesReplayOrAreRefused() throws Exception {
    JsonNode base = JSON.readTree(counterexample.toFile());
    Prng r = Prng.derive(13, 1);
    int refused = 0;
    for (int i = 0; i < 100; i++) {
      Path f = dir.resolve("mut-" + i + ".json");
      JsonNode m = mutate(base, r);
      Files.writeString(f, JSON.writeValueAsString(m));
      Outcome o = exec("replay", f.toString());
      assertHandled(o, "replay of " + m);
      refused += o.code() == Main.BAD_INPUT ? 1 : 0;
    }
    assertTrue(refused > 20, "the mutations must reach validation, refused " + refused);
  }

  @Test
  void mutatedCounterexamplesShrinkOrAreRefused() throws Exception {
    JsonNode base = JSON.readTree(counterexample.toFile());
    Prng r = Prng.derive(13, 2);
    for (int i = 0; i < 30; i++) {
      Path f = dir.resolve("smut-" + i + ".json");
      JsonNode m = mutate(base, r);
      Files.writeString(f, JSON.writeValueAsString(m));
      assertHandled(exec("shrink", f.toString(), "--attempts", "5", "--out", dir.resolve("s-" + i + ".json").toString()),
          "shrink of " + m);
    }
  }

  @Test
  void damagedAndRandomFilesAreRefusedInOneLine() throws Exception {
    byte[] base = Files.readAllBytes(counterexample);
    Prng r = Prng.derive(13, 3);
    for (int i = 0; i < 45; i++) {
      Path f = dir.resolve("dmg-" + i + ".json");
      byte[] bytes;
      if (i % 3 == 0) {
        bytes = new byte[1 + r.nextInt(4096)];
        for (int k = 0; k < bytes.length; k++) {
          bytes[k] = (byte) r.nextInt(256);
        }
      } else {
        bytes = damage(base, r);
      }
      Files.write(f, bytes);
      assertHandled(exec("replay", f.toString()), "replay of damaged file " + i);
    }
    Path deep = dir.resolve("deep.json");
    Files.writeString(deep, "[".repeat(200_000) + "]".repeat(200_000));
    Outcome o = exec("replay", deep.toString());
    assertHandled(o, "deep nesting");
    assertEquals(Main.BAD_INPUT, o.code());
    Path nested = dir.resolve("deep-object.json");
    Files.writeString(nested, "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000));
    assertEquals(Main.BAD_INPUT, exec("replay", nested.toString()).code());
  }

  @Test
  void mutatedScenarioTextsRunOrAreRefused() throws Exception {
    List<String> sources = new ArrayList<>();
    for (String name : List.of("StaleFollowerCommit", "AsymmetricPartition", "PausedLeader", "VoteSurvivesRestart")) {
      try (var in = HostileInputFuzzTest.class.getResourceAsStream("/scenarios/" + name + ".txt")) {
        sources.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    String[] tokens = {"0", "-1", "99999999999999999999", "9223372036854775807", "n0", "n99", "1e9s", "0ms",
        "-5ms", "999999h", "", "x=", "as", "then", "expect", "\u00e9", "100000000s", "1us"};
    Prng r = Prng.derive(13, 4);
    for (int i = 0; i < 80; i++) {
      List<String> lines = new ArrayList<>(sources.get(r.nextInt(sources.size())).lines().toList());
      int edits = 1 + r.nextInt(3);
      for (int e = 0; e < edits && !lines.isEmpty(); e++) {
        int at = r.nextInt(lines.size());
        switch (r.nextInt(4)) {
          case 0 -> lines.remove(at);
          case 1 -> lines.add(r.nextInt(lines.size() + 1), lines.get(at));
          case 2 -> {
            String[] words = lines.get(at).split(" ", -1);
            words[r.nextInt(words.length)] = tokens[r.nextInt(tokens.length)];
            lines.set(at, String.join(" ", words));
          }
          default -> lines.set(at, lines.get(at).substring(0, r.nextInt(lines.get(at).length() + 1)));
        }
      }
      Path f = dir.resolve("scn-" + i + ".txt");
      Files.writeString(f, String.join("\n", lines) + "\n");
      assertHandled(exec("scenarios", "run", "--file", f.toString()), "scenario\n" + String.join("\n", lines));
    }
  }

  @Test
  void mutatedSummariesMergeOrAreRefused() throws Exception {
    Path a = dir.resolve("shard-a");
    Path b = dir.resolve("shard-b");
    assertHandled(exec("fuzz", "--schedules", "4", "--seed", "5", "--time", "300ms", "--shard", "0/2", "--out",
        a.toString()), "shard 0");
    assertHandled(exec("fuzz", "--schedules", "4", "--seed", "5", "--time", "300ms", "--shard", "1/2", "--out",
        b.toString()), "shard 1");
    assertEquals(Main.OK, exec("merge", a.toString(), b.toString()).code());
    JsonNode base = JSON.readTree(b.resolve("summary.json").toFile());
    Prng r = Prng.derive(13, 5);
    int refused = 0;
    for (int i = 0; i < 80; i++) {
      Path f = dir.resolve("sum-" + i + ".json");
      if (i % 4 == 0) {
        Files.write(f, damage(Files.readAllBytes(b.resolve("summary.json")), r));
      } else {
        Files.writeString(f, JSON.writeValueAsString(mutate(base, r)));
      }
      Outcome o = exec("merge", a.resolve("summary.json").toString(), f.toString());
      assertHandled(o, "merge with summary " + new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
      refused += o.code() == Main.BAD_INPUT ? 1 : 0;
    }
    assertTrue(refused > 15, "damaged summaries must reach validation, refused " + refused);
  }
}
