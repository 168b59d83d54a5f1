package dev.raftsim.reports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftsim.reports.internal.ReportPrinter;
import dev.raftsim.reports.internal.TraceIndex;
import dev.raftsim.sim.TraceEvent;
import dev.raftsim.sim.TraceKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The run report as JSON ({@value #SCHEMA}): fields in a fixed order, one trace record per line, documented in
 * {@code docs/reports.md}. {@link #read} gives back an equal {@link RunReport}; the {@code counts} object is
 * derived on writing and ignored on reading.
 */
public final class JsonReport {
  public static final String SCHEMA = "raftsim.run-report/1";

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonReport() {}

  public static void write(RunReport r, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.write(file, toJson(r));
  }

  public static String toJson(RunReport r) {
    StringWriter out = new StringWriter(4096 + r.trace().size() * 96);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setPrettyPrinter(new ReportPrinter(2));
      writeTo(g, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString() + "\n";
  }

  /** Writes the report object at the generator's position (the scenarios module may nest it). */
  public static void writeTo(JsonGenerator g, RunReport r) throws IOException {
    TraceIndex ix = new TraceIndex(r.trace());
    g.writeStartObject();
    g.writeStringField("schema", SCHEMA);
    g.writeStringField("title", r.title());
    g.writeNumberField("seed", r.seed());
    g.writeStringField("configuration", r.configuration());
    g.writeStringField("replayCommand", r.replayCommand());
    g.writeStringField("digest", r.digest());
    g.writeNumberField("events", r.events());
    g.writeNumberField("simulatedMicros", r.simulatedMicros());
    g.writeObjectFieldStart("counts");
    g.writeNumberField("traceRecords", r.trace().size());
    g.writeNumberField("delivered", ix.delivered());
    g.writeNumberField("dropped", ix.dropped());
    g.writeNumberField("lost", ix.lost());
    g.writeNumberField("duplicated", ix.duplicated());
    g.writeNumberField("clientOps", r.history().size());
    g.writeNumberField("completedOps", r.history().stream().filter(ClientOp::completed).count());
    g.writeNumberField("offendingOps", r.history().stream().filter(ClientOp::offending).count());
    g.writeEndObject();
    g.writeFieldName("violation");
    ViolationInfo v = r.violation();
    if (v == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      g.writeStringField("invariant", v.invariant());
      g.writeStringField("message", v.message());
      g.writeNumberField("eventIndex", v.eventIndex());
      g.writeNumberField("timeMicros", v.timeMicros());
      g.writeArrayFieldStart("nodes");
      for (int node : v.nodes()) {
        g.writeNumber(node);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeArrayFieldStart("processNames");
    for (String name : r.processNames()) {
      g.writeString(name);
    }
    g.writeEndArray();
    g.writeNumberField("serverCount", r.serverCount());
    g.writeArrayFieldStart("nodeStates");
    for (NodeState s : r.nodeStates()) {
      g.writeStartObject();
      g.writeStringField("name", s.name());
      g.writeBooleanField("up", s.up());
      g.writeStringField("role", s.role());
      g.writeNumberField("term", s.term());
      g.writeNumberField("votedFor", s.votedFor());
      g.writeNumberField("commitIndex", s.commitIndex());
      g.writeNumberField("lastApplied", s.lastApplied());
      if (s.snapshotIndex() > 0) {
        g.writeNumberField("snapshotIndex", s.snapshotIndex());
        g.writeNumberField("snapshotTerm", s.snapshotTerm());
      }
      g.writeArrayFieldStart("log");
      for (LogCell c : s.log()) {
        g.writeStartArray();
        g.writeNumber(c.index());
        g.writeNumber(c.term());
        g.writeString(c.command());
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("history");
    for (ClientOp op : r.history()) {
      g.writeStartObject();
      g.writeNumberField("client", op.clientProcess());
      g.writeStringField("op", op.op());
      g.writeStringField("key", op.key());
      g.writeStringField("input", op.input());
      g.writeStringField("output", op.output());
      g.writeNumberField("invokeMicros", op.invokeMicros());
      g.writeNumberField("completeMicros", op.completeMicros());
      g.writeBooleanField("offending", op.offending());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("trace");
    for (TraceEvent e : r.trace()) {
      g.writeStartObject();
      g.writeNumberField("event", e.event());
      g.writeNumberField("time", e.timeMicros());
      g.writeStringField("kind", e.kind().name());
      g.writeNumberField("node", e.node());
      g.writeNumberField("peer", e.peer());
      if (e.msgId() >= 0) {
        g.writeNumberField("msg", e.msgId());
      }
      if (e.sentAtMicros() >= 0) {
        g.writeNumberField("sentAt", e.sentAtMicros());
      }
      if (e.detail() != null) {
        g.writeStringField("detail", e.detail());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  public static RunReport read(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses a run report; throws IllegalArgumentException with one clear sentence when it is not one. */
  public static RunReport fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    return fromTree(root);
  }

  public static RunReport fromTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a run report must be a JSON object");
    }
    String schema = root.path("schema").asText("");
    if (!SCHEMA.equals(schema)) {
      throw new IllegalArgumentException("unsupported schema \"" + schema + "\" (expected " + SCHEMA + ")");
    }
    ViolationInfo v = null;
    JsonNode vn = root.path("violation");
    if (vn.isObject()) {
      List<Integer> nodes = new ArrayList<>();
      for (JsonNode x : vn.path("nodes")) {
        nodes.add(x.asInt());
      }
      v = new ViolationInfo(text(vn, "invariant"), text(vn, "message"), required(vn, "eventIndex").asLong(),
          required(vn, "timeMicros").asLong(), nodes);
    }
    List<String> names = new ArrayList<>();
    for (JsonNode x : required(root, "processNames")) {
      names.add(x.asText());
    }
    List<NodeState> states = new ArrayList<>();
    for (JsonNode s : root.path("nodeStates")) {
      List<LogCell> log = new ArrayList<>();
      for (JsonNode c : s.path("log")) {
        if (!c.isArray() || c.size() != 3) {
          throw new IllegalArgumentException("a log cell must be [index, term, command]");
        }
        log.add(new LogCell(c.get(0).asInt(), c.get(1).asLong(), c.get(2).isNull() ? null : c.get(2).asText()));
      }
      states.add(new NodeState(text(s, "name"), s.path("up").asBoolean(), text(s, "role"), s.path("term").asLong(),
          s.path("votedFor").asInt(-1), s.path("commitIndex").asInt(), s.path("lastApplied").asInt(), log,
          s.path("snapshotIndex").asInt(0), s.path("snapshotTerm").asLong(0)));
    }
    List<ClientOp> history = new ArrayList<>();
    for (JsonNode o : root.path("history")) {
      history.add(new ClientOp(o.path("client").asInt(), text(o, "op"), text(o, "key"), text(o, "input"), text(o, "output"),
          o.path("invokeMicros").asLong(), o.path("completeMicros").asLong(-1), o.path("offending").asBoolean()));
    }
    List<TraceEvent> trace = new ArrayList<>();
    for (JsonNode e : root.path("trace")) {
      TraceKind kind;
      try {
        kind = TraceKind.valueOf(e.path("kind").asText());
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("unknown trace kind \"" + e.path("kind").asText() + "\"");
      }
      trace.add(new TraceEvent(e.path("event").asLong(), e.path("time").asLong(), kind, e.path("node").asInt(-1),
          e.path("peer").asInt(-1), e.path("msg").asLong(-1), e.path("sentAt").asLong(-1), text(e, "detail")));
    }
    return new RunReport(text(root, "title"), required(root, "seed").asLong(), text(root, "configuration"), names,
        required(root, "serverCount").asInt(), trace, v, states, history, text(root, "replayCommand"), text(root, "digest"),
        root.path("events").asLong(), root.path("simulatedMicros").asLong());
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode x = n.get(field);
    if (x == null || x.isNull()) {
      throw new IllegalArgumentException("run report lacks field \"" + field + "\"");
    }
    return x;
  }

  private static String text(JsonNode n, String field) {
    JsonNode x = n.get(field);
    return x == null || x.isNull() ? null : x.asText();
  }
}
