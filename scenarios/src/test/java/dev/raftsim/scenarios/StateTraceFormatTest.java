package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftsim.raft.PlantedBug;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The state trace's shape is the documented one, and writing it changes nothing about the run. */
class StateTraceFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Run in a child JVM: prints a digest of the state trace of a swarm run of the seed given. */
  public static void main(String[] args) throws Exception {
    System.out.println(sha256(trace(Fixtures.swarm(Long.parseLong(args[0])).withDuration(3_000_000))));
  }

  private static String sha256(String text) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(d);
  }

  private static String child(String java, long seed) throws Exception {
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        StateTraceFormatTest.class.getName(), Long.toString(seed)).redirectErrorStream(true).start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void theTraceIsByteIdenticalInAnotherJvmAndOnJdk25() throws Exception {
    String here = sha256(trace(Fixtures.swarm(777).withDuration(3_000_000)));
    assertEquals(here, child(Path.of(System.getProperty("java.home"), "bin", "java").toString(), 777));
    Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    assumeTrue(Files.isExecutable(jdk25), "no Temurin 25 JDK here");
    assertEquals(here, child(jdk25.toString(), 777));
  }

  private static String trace(RunSpec spec) {
    StringWriter w = new StringWriter();
    StateTrace.run(spec, RunOptions.defaults(), w);
    return w.toString();
  }

  @Test
  void theTraceIsDeterministicAndLeavesTheRunAsItWas() {
    RunSpec spec = Fixtures.swarm(Campaign.scheduleSeed(12, 3)).withDuration(4_000_000);
    String a = trace(spec);
    assertEquals(a, trace(spec));
    StringWriter w = new StringWriter();
    RunResult traced = StateTrace.run(spec, RunOptions.defaults(), w);
    RunResult plain = Simulator.run(spec);
    assertEquals(plain.digestHex(), traced.digestHex());
    assertEquals(plain.events(), traced.events());
  }

  @Test
  void everyRecordFollowsTheJsonSchemaInDocs() throws IOException {
    JsonNode schema = JSON.readTree(Files.readString(Path.of("..", "docs", "state-trace.schema.json")));
    JsonNode defs = schema.get("$defs");
    int nodes = 0;
    Set<String> fieldsSeen = new HashSet<>();
    for (PlantedBug[] bugs : new PlantedBug[][] {{}, {PlantedBug.ACK_BEFORE_PERSIST}}) {
      for (long i = 0; i < 3; i++) {
        String[] lines = trace(Fixtures.swarm(Campaign.scheduleSeed(5, i), bugs).withDuration(4_000_000)).split("\n");
        for (int k = 0; k < lines.length; k++) {
          JsonNode rec = JSON.readTree(lines[k]);
          conforms(rec, defs.get(k == 0 ? "init" : "event"), lines[k]);
          for (JsonNode n : rec.get("nodes")) {
            conforms(n, defs.get("node"), lines[k]);
            n.fieldNames().forEachRemaining(fieldsSeen::add);
            nodes++;
          }
        }
      }
    }
    assertTrue(nodes > 1000, nodes + " node states");
    for (String f : new String[] {"truncatedFrom", "append", "apply", "match", "next", "steps", "incarnation", "conf"}) {
      assertTrue(fieldsSeen.contains(f), "no record shows " + f + ": " + fieldsSeen);
    }
  }

  /** Required fields present, no field the schema does not list, constants and enums respected. */
  private static void conforms(JsonNode rec, JsonNode def, String line) {
    JsonNode props = def.get("properties");
    for (JsonNode req : def.get("required")) {
      assertTrue(rec.has(req.asText()), "missing " + req.asText() + " in " + line);
    }
    for (Iterator<String> it = rec.fieldNames(); it.hasNext();) {
      String f = it.next();
      assertTrue(props.has(f), "field " + f + " is not in the schema: " + line);
      JsonNode p = props.get(f);
      if (p.has("const")) {
        assertEquals(p.get("const"), rec.get(f), line);
      }
      if (p.has("enum")) {
        boolean found = false;
        for (JsonNode e : p.get("enum")) {
          found |= e.equals(rec.get(f));
        }
        assertTrue(found, f + "=" + rec.get(f) + " is not one of " + p.get("enum"));
      }
    }
  }
}
