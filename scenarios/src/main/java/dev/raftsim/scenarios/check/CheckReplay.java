package dev.raftsim.scenarios.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.raftsim.invariants.Violation;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.RaftConfig;
import dev.raftsim.raft.RaftMessage;
import dev.raftsim.scenarios.check.internal.Model;
import dev.raftsim.scenarios.check.internal.PathRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Replays a {@code raftsim check} counterexample file ({@value CheckPathFile#FORMAT}) on the same model: every
 * action must be enabled where the path puts it, every invariant is checked after every step, and the states'
 * fingerprints are chained into the same digest the checker wrote.
 */
public final class CheckReplay {

  /**
   * What a replay found.
   *
   * @param config the bounds and bugs from the file
   * @param violation the first invariant broken along the path ({@code eventIndex} = its 1-based step), or null
   * @param digest the digest over the states of the steps replayed (up to the violation)
   * @param path the replayed steps as numbered lines
   * @param expectedInvariant the invariant the file says the path breaks
   * @param expectedMessage the file's sentence for it
   * @param expectedDigest the file's digest
   */
  public record Result(CheckConfig config, Violation violation, String digest, List<String> path,
      String expectedInvariant, String expectedMessage, String expectedDigest) {
    public Result {
      path = List.copyOf(path);
    }

    /** True when the replay broke the expected invariant at the last step and the digests agree. */
    public boolean reproduced() {
      return violation != null && violation.invariant().equals(expectedInvariant)
          && violation.eventIndex() == path.size() && digest.equals(expectedDigest);
    }
  }

  private CheckReplay() {}

  /** Whether a parsed JSON document is a {@code raftsim check} counterexample (for `raftsim replay` dispatch). */
  public static boolean isCheckPath(JsonNode root) {
    return root != null && root.isObject() && CheckPathFile.FORMAT.equals(root.path("format").asText(null));
  }

  public static Result replay(Path file) throws CheckReplayException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CheckReplayException("no such file: " + file, e);
    } catch (IOException e) {
      throw new CheckReplayException("cannot read " + file + ": " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = CheckPathFile.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CheckReplayException(file + " is not JSON: " + e.getOriginalMessage(), e);
    }
    return replay(root);
  }

  public static Result replay(JsonNode root) throws CheckReplayException {
    if (root == null || !root.isObject()) {
      throw new CheckReplayException("a check counterexample must be a JSON object");
    }
    if (!isCheckPath(root)) {
      throw new CheckReplayException("wrong format \"" + root.path("format").asText("")
          + "\": expected \"" + CheckPathFile.FORMAT + "\"");
    }
    CheckConfig config;
    JsonNode path;
    JsonNode expected;
    try {
      Set<PlantedBug> bugs = EnumSet.noneOf(PlantedBug.class);
      JsonNode bugNames = root.get("bugs");
      if (bugNames != null) {
        if (!bugNames.isArray()) {
          throw new IllegalArgumentException("\"bugs\" must be an array of bug names");
        }
        for (JsonNode b : bugNames) {
          String name = b.asText();
          bugs.add(PlantedBug.fromCliName(name).orElseThrow(() -> new IllegalArgumentException("unknown bug \""
              + name + "\" (valid: " + String.join(", ", PlantedBug.cliNames()) + ")")));
        }
      }
      config = new CheckConfig((int) CheckPathFile.number(root, "nodes"), (int) CheckPathFile.number(root, "maxTerm"),
          (int) CheckPathFile.number(root, "maxLog"), optInt(root, "maxRestarts", 0),
          optInt(root, "maxInFlight", CheckConfig.DEFAULT_MAX_IN_FLIGHT), optInt(root, "maxDuplicates", 0),
          root.path("symmetry").asBoolean(true), bugs, 1, Long.MAX_VALUE,
          root.path("noOpOnElection").asBoolean(false),
          optInt(root, "maxEntriesPerAppend", RaftConfig.DEFAULT_MAX_ENTRIES_PER_APPEND))
          .withMembership(optInt(root, "spares", 0), optInt(root, "maxConfigChanges", 0))
          .withMaxTimeouts(optInt(root, "maxTimeouts", Integer.MAX_VALUE))
          .withMaxDropsAndHeartbeats(optInt(root, "maxDrops", Integer.MAX_VALUE),
              optInt(root, "maxHeartbeats", Integer.MAX_VALUE))
          .withMaxSnapshots(optInt(root, "maxSnapshots", 0));
      path = root.get("path");
      if (path == null || !path.isArray()) {
        throw new IllegalArgumentException("missing array field \"path\"");
      }
      expected = root.get("expected");
      if (expected == null || !expected.isObject()) {
        throw new IllegalArgumentException("missing object field \"expected\"");
      }
      CheckPathFile.text(expected, "invariant");
      CheckPathFile.text(expected, "digest");
    } catch (IllegalArgumentException e) {
      throw new CheckReplayException("bad check counterexample: " + e.getMessage(), e);
    }

    Model model = ModelChecker.model(config);
    PathRunner runner = new PathRunner(model);
    Violation found = runner.checkInitial();
    int step = 0;
    for (JsonNode action : path) {
      if (found != null) {
        break;
      }
      step++;
      int code;
      try {
        code = code(model, runner, action);
      } catch (IllegalArgumentException e) {
        throw new CheckReplayException("path step " + step + ": " + e.getMessage(), e);
      }
      Violation v = runner.apply(code);
      if (v != null) {
        found = new Violation(v.invariant(), v.message(), step, 0, v.nodes());
      }
    }
    List<String> lines = new Counterexample("", "", List.of(), runner.steps(), "").pathLines();
    return new Result(config, found, runner.digestHex(), lines, expected.get("invariant").asText(),
        expected.path("message").asText(""), expected.get("digest").asText());
  }

  private static int optInt(JsonNode root, String field, int dflt) {
    return root.has(field) ? (int) CheckPathFile.number(root, field) : dflt;
  }

  /** The model's action code for one step of the file, checked to be enabled in the current state. */
  private static int code(Model model, PathRunner runner, JsonNode a) {
    if (!a.isObject()) {
      throw new IllegalArgumentException("an action must be a JSON object");
    }
    String type = CheckPathFile.text(a, "type");
    int kind = PathRunner.kindOf(type);
    if (kind < 0) {
      throw new IllegalArgumentException("unknown action type \"" + type + "\"");
    }
    int code;
    String what;
    if (kind <= Model.RESTART || kind == Model.SNAPSHOT) {
      int node = (int) CheckPathFile.number(a, "node");
      if (node < 0 || node >= model.n) {
        throw new IllegalArgumentException(type + " of node " + node + ", which is not a node id (0.."
            + (model.n - 1) + ")");
      }
      code = Model.code(kind, node);
      what = type + " of " + Model.name(node);
    } else if (kind >= Model.ADD_VOTER) {
      int node = (int) CheckPathFile.number(a, "node");
      int target = (int) CheckPathFile.number(a, "target");
      if (node < 0 || node >= model.n || target < 0 || target >= model.n || node == target) {
        throw new IllegalArgumentException(type + " by " + node + " of " + target + ": not two distinct node ids");
      }
      code = Model.code(kind, node << 4 | target);
      what = type + " of " + Model.name(target) + " by " + Model.name(node);
    } else {
      int from = (int) CheckPathFile.number(a, "from");
      int to = (int) CheckPathFile.number(a, "to");
      if (from < 0 || from >= model.n || to < 0 || to >= model.n || from == to) {
        throw new IllegalArgumentException(type + " from " + from + " to " + to + ": not two distinct node ids");
      }
      JsonNode m = a.get("message");
      if (m == null || !m.isObject()) {
        throw new IllegalArgumentException(type + " without a \"message\" object");
      }
      RaftMessage msg = CheckPathFile.message(m, from);
      int j = runner.findPacket(from, to, msg);
      what = type + " " + msg.summary() + " " + Model.name(from) + "->" + Model.name(to);
      if (j < 0) {
        throw new IllegalArgumentException(what + " is not enabled: no such message in flight");
      }
      code = Model.code(kind, j);
    }
    if (!model.enabled(runner.current(), code)) {
      throw new IllegalArgumentException(what + " is not enabled in this state" + why(model, runner, kind));
    }
    return code;
  }

  private static String why(Model model, PathRunner runner, int kind) {
    if (!runner.current().expandable) {
      return " (the network holds more than " + model.maxInFlight + " distinct messages)";
    }
    switch (kind) {
      case Model.TIMEOUT:
        return " (a leader, or its term is already " + model.maxTerm + ", or all timeouts used)";
      case Model.HEARTBEAT:
        return " (not a leader, or all heartbeats used)";
      case Model.DROP:
        return " (all " + model.maxDrops + " drops used)";
      case Model.PROPOSE:
        return " (not a leader, or its log already holds " + model.maxLog + " entries)";
      case Model.RESTART:
        return " (all " + model.maxRestarts + " restarts used)";
      case Model.DUPLICATE:
        return " (all " + model.maxDuplicates + " duplications used)";
      case Model.SNAPSHOT:
        return " (nothing applied beyond its snapshot base, or all " + model.maxSnapshots + " snapshots used)";
      case Model.ADD_VOTER:
      case Model.REMOVE_SERVER:
        return " (not a leader free to change membership, not a " + (kind == Model.ADD_VOTER ? "non-voter" : "voter")
            + ", or all " + model.maxConfigChanges + " changes used)";
      default:
        return "";
    }
  }
}
