package dev.raftsim.scenarios.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.raftsim.raft.PlantedBug;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckReplayTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CheckConfig config;
  private static Counterexample cex;

  @TempDir Path dir;

  @BeforeAll
  static void findOne() {
    config = CheckConfig.defaults().withBug(PlantedBug.SKIP_UP_TO_DATE_CHECK);
    cex = new ModelChecker(config).run(null).violation();
    assertNotNull(cex);
  }

  private Path save(ObjectNode root) throws IOException {
    Path f = dir.resolve("cex.json");
    Files.writeString(f, JSON.writeValueAsString(root));
    return f;
  }

  @Test
  void counterexampleReplaysToTheSameViolationAndDigest() throws Exception {
    Path f = dir.resolve("c.json");
    CheckPathFile.write(f, config, cex);
    assertTrue(CheckReplay.isCheckPath(JSON.readTree(f.toFile())));
    CheckReplay.Result r = CheckReplay.replay(f);
    assertTrue(r.reproduced(), () -> r.violation() + " " + r.digest());
    assertEquals(cex.invariant(), r.violation().invariant());
    assertEquals(cex.message(), r.violation().message());
    assertEquals(cex.digest(), r.digest());
    assertEquals(cex.pathLines(), r.path());
    assertEquals(config.bugs(), r.config().bugs());
  }

  @Test
  void withoutTheBugThePathIsNotEnabledOrBreaksNothing() throws Exception {
    ObjectNode root = CheckPathFile.toJson(config, cex);
    root.putArray("bugs");
    // Without skip-up-to-date-check the vote in the path is denied, so a later step is no longer possible.
    CheckReplayException e = assertThrows(CheckReplayException.class, () -> CheckReplay.replay(save(root)));
    assertTrue(e.getMessage().startsWith("path step "), e.getMessage());
  }

  @Test
  void aTruncatedPathReplaysWithoutViolation() throws Exception {
    ObjectNode root = CheckPathFile.toJson(config, cex);
    ArrayNode path = (ArrayNode) root.get("path");
    path.remove(path.size() - 1);
    CheckReplay.Result r = CheckReplay.replay(save(root));
    assertNull(r.violation());
    assertFalse(r.reproduced());
    assertEquals(cex.steps().size() - 1, r.path().size());
  }

  @Test
  void badFilesAreRejectedWithOneLine() throws Exception {
    Path notJson = dir.resolve("x.json");
    Files.writeString(notJson, "{not json");
    assertBad(notJson, "not JSON");

    ObjectNode wrongFormat = CheckPathFile.toJson(config, cex);
    wrongFormat.put("format", "raftsim.run/1");
    assertBad(save(wrongFormat), "wrong format");

    ObjectNode missing = CheckPathFile.toJson(config, cex);
    missing.remove("maxTerm");
    assertBad(save(missing), "maxTerm");

    ObjectNode unknownBug = CheckPathFile.toJson(config, cex);
    unknownBug.putArray("bugs").add("no-such-bug");
    assertBad(save(unknownBug), "unknown bug");

    ObjectNode badAction = CheckPathFile.toJson(config, cex);
    ((ObjectNode) badAction.get("path").get(0)).put("type", "teleport");
    assertBad(save(badAction), "unknown action type");

    ObjectNode notEnabled = CheckPathFile.toJson(config, cex);
    ((ArrayNode) notEnabled.get("path")).remove(0); // the first timeout sent the messages the path delivers
    assertBad(save(notEnabled), "not enabled");

    assertBad(dir.resolve("missing.json"), "no such file");
  }

  private static void assertBad(Path f, String fragment) {
    CheckReplayException e = assertThrows(CheckReplayException.class, () -> CheckReplay.replay(f));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
