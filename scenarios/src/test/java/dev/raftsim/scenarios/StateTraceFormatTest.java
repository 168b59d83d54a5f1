package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftsim.raft.PlantedBug;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The state trace's shape is the documented one, and writing it changes nothing about the run. */
class StateTraceFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    for (String f : new String[] {"truncatedFrom", "append", "apply", "match", "next", "steps", "incarnation"}) {
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
