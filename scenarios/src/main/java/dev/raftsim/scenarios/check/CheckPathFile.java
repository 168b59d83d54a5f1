package dev.raftsim.scenarios.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.raftsim.raft.AppendEntries;
import dev.raftsim.raft.AppendEntriesReply;
import dev.raftsim.raft.Entry;
import dev.raftsim.raft.InstallSnapshot;
import dev.raftsim.raft.InstallSnapshotReply;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.RaftMessage;
import dev.raftsim.raft.RequestVote;
import dev.raftsim.raft.RequestVoteReply;
import dev.raftsim.raft.Snapshot;
import dev.raftsim.scenarios.check.internal.Mix;
import dev.raftsim.scenarios.check.internal.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The counterexample file of {@code raftsim check}, format {@value #FORMAT}:
 *
 * <pre>
 * {"format": "raftsim.check-path/1", "nodes": 3, "maxTerm": 2, "maxLog": 1, "maxRestarts": 0,
 *  "maxInFlight": 4, "maxDuplicates": 0, "symmetry": true, "noOpOnElection": false, "maxEntriesPerAppend": 8,
 *  "bugs": ["..."],
 *  "path": [{"type": "timeout", "node": 1, "text": "n2 times out -> ..."},
 *           {"type": "deliver", "from": 1, "to": 0, "message": {"kind": "RequestVote", "term": 1, ...}, "text": ...},
 *           ...],
 *  "expected": {"invariant": "...", "message": "...", "digest": "16 hex digits"}}
 * </pre>
 *
 * Node ids in actions are 0-based (n1 is 0); "text" is for people and ignored on replay. An AppendEntries' entries
 * are listed by term ({@code {"term": 1}}, {@code {"term": 2, "noOp": true}}, or a configuration entry {@code {"term":
 * 1, "config": {"voters": 15, "learners": 0, "oldVoters": 0}}} with bit sets over node ids): the model's client command at
 * log index k is always the same ({@link Model#command}). An InstallSnapshot lists its snapshot ({@code
 * "lastIncludedIndex", "lastIncludedTerm", "logDigest", "stateDigest"}, the digests as 16 hex digits, and a {@code
 * "config"} with its {@code "index"} when it holds one); a run with snapshot actions records {@code "maxSnapshots"}
 * and its path has {@code {"type": "snapshot", "node": i}} steps.
 */
public final class CheckPathFile {
  public static final String FORMAT = "raftsim.check-path/1";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CheckPathFile() {}

  /** Writes the counterexample file. */
  public static void write(Path file, CheckConfig config, Counterexample cex) throws IOException {
    dev.raftsim.reports.AtomicFiles.write(file, JSON.writeValueAsString(toJson(config, cex)) + "\n");
  }

  public static ObjectNode toJson(CheckConfig c, Counterexample cex) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("nodes", c.nodes());
    root.put("maxTerm", c.maxTerm());
    root.put("maxLog", c.maxLog());
    root.put("maxRestarts", c.maxRestarts());
    root.put("maxInFlight", c.maxInFlight());
    root.put("maxDuplicates", c.maxDuplicates());
    root.put("symmetry", c.symmetry());
    root.put("noOpOnElection", c.noOpOnElection());
    root.put("maxEntriesPerAppend", c.maxEntriesPerAppend());
    if (c.spares() > 0 || c.maxConfigChanges() > 0) {
      root.put("spares", c.spares());
      root.put("maxConfigChanges", c.maxConfigChanges());
    }
    if (c.maxTimeouts() != Integer.MAX_VALUE) {
      root.put("maxTimeouts", c.maxTimeouts());
    }
    if (c.maxDrops() != Integer.MAX_VALUE) {
      root.put("maxDrops", c.maxDrops());
    }
    if (c.maxHeartbeats() != Integer.MAX_VALUE) {
      root.put("maxHeartbeats", c.maxHeartbeats());
    }
    if (c.maxSnapshots() > 0) {
      root.put("maxSnapshots", c.maxSnapshots());
    }
    ArrayNode bugs = root.putArray("bugs");
    for (PlantedBug b : c.bugs()) {
      bugs.add(b.cliName());
    }
    ArrayNode path = root.putArray("path");
    for (CheckAction a : cex.steps()) {
      ObjectNode o = path.addObject();
      o.put("type", a.type());
      if (a.message() == null) {
        o.put("node", a.node());
        if (a.to() >= 0) {
          o.put("target", a.to());
        }
      } else {
        o.put("from", a.from());
        o.put("to", a.to());
        o.set("message", message(a.message()));
      }
      o.put("text", a.text());
    }
    ObjectNode expected = root.putObject("expected");
    expected.put("invariant", cex.invariant());
    expected.put("message", cex.message());
    expected.put("digest", cex.digest());
    return root;
  }

  static ObjectNode message(RaftMessage m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", m.kind());
    o.put("term", m.term());
    if (m instanceof RequestVote rv) {
      o.put("lastLogIndex", rv.lastLogIndex());
      o.put("lastLogTerm", rv.lastLogTerm());
    } else if (m instanceof RequestVoteReply r) {
      o.put("granted", r.granted());
    } else if (m instanceof AppendEntries ae) {
      o.put("prevLogIndex", ae.prevLogIndex());
      o.put("prevLogTerm", ae.prevLogTerm());
      o.put("leaderCommit", ae.leaderCommit());
      ArrayNode entries = o.putArray("entries");
      for (int k = 0; k < ae.entryCount(); k++) {
        Entry e = ae.entry(k);
        int index = ae.prevLogIndex() + 1 + k;
        if (e.command() != null && !e.command().equals(Model.command(index))) {
          throw new IllegalStateException("entry at index " + index + " holds " + e.describe()
              + ", not the model's command for that index");
        }
        ObjectNode eo = entries.addObject();
        eo.put("term", e.term());
        if (e.isNoOp()) {
          eo.put("noOp", true);
        } else if (e.isConfig()) {
          ObjectNode c = eo.putObject("config");
          c.put("voters", e.config().voters());
          c.put("learners", e.config().learners());
          c.put("oldVoters", e.config().oldVoters());
        }
      }
    } else if (m instanceof AppendEntriesReply r) {
      o.put("success", r.success());
      o.put("matchIndex", r.matchIndex());
      o.put("conflictIndex", r.conflictIndex());
      o.put("conflictTerm", r.conflictTerm());
    } else if (m instanceof InstallSnapshot is) {
      Snapshot s = is.snapshot();
      o.put("lastIncludedIndex", s.index());
      o.put("lastIncludedTerm", s.term());
      o.put("logDigest", Mix.hex(s.logDigest()));
      o.put("stateDigest", Mix.hex(s.stateDigest()));
      if (s.config() != null) {
        ObjectNode c = o.putObject("config");
        c.put("voters", s.config().voters());
        c.put("learners", s.config().learners());
        c.put("oldVoters", s.config().oldVoters());
        c.put("index", s.configIndex());
      }
    } else if (m instanceof InstallSnapshotReply r) {
      o.put("matchIndex", r.matchIndex());
    }
    return o;
  }

  /** Rebuilds a message sent by {@code from}; throws IllegalArgumentException on a malformed one. */
  static RaftMessage message(JsonNode o, int from) {
    String kind = text(o, "kind");
    long term = number(o, "term");
    switch (kind) {
      case "RequestVote":
        return new RequestVote(term, from, (int) number(o, "lastLogIndex"), number(o, "lastLogTerm"));
      case "RequestVoteReply":
        return new RequestVoteReply(term, from, bool(o, "granted"));
      case "AppendEntries": {
        int prev = (int) number(o, "prevLogIndex");
        JsonNode es = o.get("entries");
        if (es == null || !es.isArray()) {
          throw new IllegalArgumentException("AppendEntries without an \"entries\" array");
        }
        Entry[] entries = new Entry[es.size()];
        for (int k = 0; k < entries.length; k++) {
          JsonNode e = es.get(k);
          long t = number(e, "term");
          boolean noOp = e.path("noOp").asBoolean(false);
          JsonNode c = e.get("config");
          entries[k] = c != null ? Entry.config(t, new dev.raftsim.raft.Membership(number(c, "voters"),
              number(c, "learners"), number(c, "oldVoters")))
              : noOp ? Entry.noOp(t) : new Entry(t, Model.command(prev + 1 + k));
        }
        return new AppendEntries(term, from, prev, number(o, "prevLogTerm"), entries,
            (int) number(o, "leaderCommit"));
      }
      case "AppendEntriesReply":
        return new AppendEntriesReply(term, from, bool(o, "success"), (int) number(o, "matchIndex"),
            (int) number(o, "conflictIndex"), number(o, "conflictTerm"));
      case "InstallSnapshot": {
        JsonNode c = o.get("config");
        dev.raftsim.raft.Membership config = c == null ? null : new dev.raftsim.raft.Membership(number(c, "voters"),
            number(c, "learners"), number(c, "oldVoters"));
        return new InstallSnapshot(term, from, new Snapshot((int) number(o, "lastIncludedIndex"),
            number(o, "lastIncludedTerm"), hex(o, "logDigest"), hex(o, "stateDigest"), null, config,
            c == null ? 0 : (int) number(c, "index")));
      }
      case "InstallSnapshotReply":
        return new InstallSnapshotReply(term, from, (int) number(o, "matchIndex"));
      default:
        throw new IllegalArgumentException("unknown message kind \"" + kind + "\"");
    }
  }

  static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text field \"" + field + "\"");
    }
    return v.asText();
  }

  /** A 64-bit value written as 16 hex digits. */
  static long hex(JsonNode o, String field) {
    String v = text(o, field);
    if (!v.matches("[0-9a-f]{16}")) {
      throw new IllegalArgumentException("field \"" + field + "\" must be 16 hex digits, got \"" + v + "\"");
    }
    return Long.parseUnsignedLong(v, 16);
  }

  static long number(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("missing integer field \"" + field + "\"");
    }
    return v.asLong();
  }

  static boolean bool(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isBoolean()) {
      throw new IllegalArgumentException("missing boolean field \"" + field + "\"");
    }
    return v.asBoolean();
  }
}
