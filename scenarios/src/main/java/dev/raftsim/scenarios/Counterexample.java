package dev.raftsim.scenarios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.ReadMode;
import dev.raftsim.sim.Fault;
import dev.raftsim.sim.FaultPlan;
import dev.raftsim.sim.NetworkParams;
import dev.raftsim.sim.TimedFault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * A failing schedule written down so it re-runs exactly: the whole {@link RunSpec} (seed, cluster with its
 * planted bugs, the explicit fault plan, duration) plus what it is expected to produce (the violation, the
 * digest and the event count). Format {@value #FORMAT}; documented in docs/formats.md.
 */
public record Counterexample(RunSpec spec, Expected expected, Origin origin, String implVersion) {
  public static final String FORMAT = "raftsim.counterexample/1";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What replaying the spec must reproduce. */
  public record Expected(String invariant, String message, long eventIndex, long timeMicros, String digest, long events) {}

  /**
   * Where the schedule came from: the campaign seed and index, and the run as it was found before shrinking (its
   * seed, sentence and size; -1 or null if unknown). {@code shrinkNotes} says why a shrink stayed large (empty when
   * it did not).
   */
  public record Origin(String source, long campaignSeed, long scheduleIndex, long eventsBeforeShrinking,
      int faultActionsBeforeShrinking, long seedBeforeShrinking, String messageBeforeShrinking,
      List<String> shrinkNotes) {
    public Origin {
      shrinkNotes = shrinkNotes == null ? List.of() : List.copyOf(shrinkNotes);
    }

    public Origin(String source, long campaignSeed, long scheduleIndex, long eventsBeforeShrinking,
        int faultActionsBeforeShrinking) {
      this(source, campaignSeed, scheduleIndex, eventsBeforeShrinking, faultActionsBeforeShrinking, -1, null,
          List.of());
    }

    /** The origin of a failing run found as {@code found}: its own seed, sentence and size. */
    public static Origin found(String source, long campaignSeed, long scheduleIndex, RunResult found) {
      return new Origin(source, campaignSeed, scheduleIndex, found.events(), found.spec().plan().actions().size(),
          found.spec().seed(), found.violation() == null ? null : found.violation().message(), List.of());
    }

    public Origin withShrinkNotes(List<String> notes) {
      return new Origin(source, campaignSeed, scheduleIndex, eventsBeforeShrinking, faultActionsBeforeShrinking,
          seedBeforeShrinking, messageBeforeShrinking, notes);
    }

    /** One line for people: "schedule 215 of campaign 2468…, found as seed 9143… with 8,597 events". */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      if (scheduleIndex >= 0) {
        sb.append("schedule ").append(scheduleIndex).append(" of ").append(source).append(" campaign ")
            .append(campaignSeed);
      } else {
        sb.append(source);
      }
      if (seedBeforeShrinking >= 0) {
        sb.append(", found as seed ").append(seedBeforeShrinking);
      }
      if (eventsBeforeShrinking >= 0) {
        sb.append(String.format(java.util.Locale.ROOT, " with %,d events", eventsBeforeShrinking));
      }
      return sb.toString();
    }
  }

  /** With the version of the implementation installed now (null when unknown). */
  public Counterexample(RunSpec spec, Expected expected, Origin origin) {
    this(spec, expected, origin, ImplementationCatalog.version(spec.impl().name()));
  }

  public static Counterexample of(RunResult r, Origin origin) {
    if (r.violation() == null) {
      throw new IllegalArgumentException("a counterexample needs a violation");
    }
    return new Counterexample(r.spec(), new Expected(r.violation().invariant(), r.violation().message(),
        r.violation().eventIndex(), r.violation().timeMicros(), r.digestHex(), r.events()), origin);
  }

  // ---------------------------------------------------------------- writing

  public ObjectNode toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("seed", spec.seed());
    root.put("durationMicros", spec.durationMicros());
    root.put("faults", spec.faultsName());
    ObjectNode impl = root.putObject("implementation");
    impl.put("name", spec.impl().name());
    impl.put("version", implVersion);
    ArrayNode opts = impl.putArray("options");
    spec.impl().options().forEach(opts::add);
    root.set("cluster", clusterJson(spec.cluster()));
    root.set("plan", planJson(spec.plan()));
    ObjectNode ex = root.putObject("expected");
    ex.put("invariant", expected.invariant());
    ex.put("message", expected.message());
    ex.put("eventIndex", expected.eventIndex());
    ex.put("timeMicros", expected.timeMicros());
    ex.put("digest", expected.digest());
    ex.put("events", expected.events());
    if (origin != null) {
      ObjectNode o = root.putObject("origin");
      o.put("source", origin.source());
      o.put("campaignSeed", origin.campaignSeed());
      o.put("scheduleIndex", origin.scheduleIndex());
      o.put("eventsBeforeShrinking", origin.eventsBeforeShrinking());
      o.put("faultActionsBeforeShrinking", origin.faultActionsBeforeShrinking());
      if (origin.seedBeforeShrinking() >= 0) {
        o.put("seedBeforeShrinking", origin.seedBeforeShrinking());
      }
      if (origin.messageBeforeShrinking() != null) {
        o.put("messageBeforeShrinking", origin.messageBeforeShrinking());
      }
      if (!origin.shrinkNotes().isEmpty()) {
        ArrayNode notes = o.putArray("shrinkNotes");
        origin.shrinkNotes().forEach(notes::add);
      }
    }
    return root;
  }

  /** Writes atomically (temp file + rename), so a reader never sees half a file. */
  public void write(Path file) throws IOException {
    dev.raftsim.reports.AtomicFiles.write(file, MAPPER.writeValueAsString(toJson()) + "\n");
  }

  static ObjectNode clusterJson(ClusterConfig c) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("nodes", c.nodes());
    n.put("clients", c.clients());
    n.put("electionMinMicros", c.electionMinMicros());
    n.put("electionMaxMicros", c.electionMaxMicros());
    n.put("heartbeatMicros", c.heartbeatMicros());
    n.put("clientThinkMeanMicros", c.clientThinkMeanMicros());
    n.put("clientRetryMicros", c.clientRetryMicros());
    n.put("keys", c.keys());
    n.put("noOpOnElection", c.noOpOnElection());
    n.put("maxEntriesPerAppend", c.maxEntriesPerAppend());
    ArrayNode bugs = n.putArray("bugs");
    if (!c.bugs().isEmpty()) {
      for (PlantedBug b : EnumSet.copyOf(c.bugs())) {
        bugs.add(b.cliName());
      }
    }
    n.put("writebackMicros", c.writebackMicros());
    n.put("leaderBoundMicros", c.leaderBoundMicros());
    n.put("commitBoundMicros", c.commitBoundMicros());
    ObjectNode p = n.putObject("protocol");
    p.put("readMode", c.protocol().readMode().cliName());
    p.put("preVote", c.protocol().preVote());
    p.put("checkQuorum", c.protocol().checkQuorum());
    p.put("clockDriftPermille", c.protocol().clockDriftPermille());
    p.put("getPercent", c.protocol().getPercent());
    if (c.snapshotEvery() > 0) { // absent means never: files from before snapshots existed stay valid and unchanged
      n.put("snapshotEvery", c.snapshotEvery());
    }
    if (c.spares() > 0) { // absent means none, as in files from before membership changes
      n.put("spares", c.spares());
    }
    if (c.reconfig().on() || c.reconfig().fixed()) { // absent: off; the requests themselves are in the plan
      ObjectNode r = n.putObject("reconfig");
      r.put("perSecond", c.reconfig().perSecond());
      r.put("mix", c.reconfig().mix().cliName());
      r.put("nemesisPercent", c.reconfig().nemesisPercent());
      if (c.reconfig().fixed()) {
        r.put("fixed", true);
      }
    }
    return n;
  }

  static ObjectNode planJson(FaultPlan p) {
    ObjectNode n = MAPPER.createObjectNode();
    n.set("initialNetwork", networkJson(p.initialNetwork()));
    n.put("healAtMicros", p.healAtMicros());
    ArrayNode actions = n.putArray("actions");
    for (TimedFault tf : p.actions()) {
      ObjectNode a = faultJson(tf.fault());
      a.put("at", tf.atMicros());
      actions.add(a);
    }
    return n;
  }

  static ObjectNode networkJson(NetworkParams p) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("minDelayMicros", p.minDelayMicros());
    n.put("meanExtraDelayMicros", p.meanExtraDelayMicros());
    n.put("dropProbability", p.dropProbability());
    n.put("duplicateProbability", p.duplicateProbability());
    n.put("fifo", p.fifo());
    return n;
  }

  static ObjectNode faultJson(Fault f) {
    ObjectNode n = MAPPER.createObjectNode();
    if (f instanceof Fault.Crash c) {
      n.put("type", "crash").put("node", c.node());
    } else if (f instanceof Fault.Restart r) {
      n.put("type", "restart").put("node", r.node());
    } else if (f instanceof Fault.Pause p) {
      n.put("type", "pause").put("node", p.node());
    } else if (f instanceof Fault.Resume r) {
      n.put("type", "resume").put("node", r.node());
    } else if (f instanceof Fault.Partition p) {
      n.put("type", "partition");
      ArrayNode groups = n.putArray("groups");
      for (List<Integer> g : p.groups()) {
        ArrayNode ga = groups.addArray();
        g.forEach(ga::add);
      }
    } else if (f instanceof Fault.CutLink c) {
      n.put("type", "cut").put("from", c.from()).put("to", c.to());
    } else if (f instanceof Fault.Isolate i) {
      n.put("type", "isolate").put("node", i.node());
    } else if (f instanceof Fault.Bridge b) {
      n.put("type", "bridge").put("node", b.bridge());
      ArrayNode l = n.putArray("left");
      b.left().forEach(l::add);
      ArrayNode r = n.putArray("right");
      b.right().forEach(r::add);
    } else if (f instanceof Fault.HealNetwork) {
      n.put("type", "heal-network");
    } else if (f instanceof Fault.Clog c) {
      n.put("type", "clog").put("from", c.from()).put("to", c.to()).put("durationMicros", c.durationMicros());
    } else if (f instanceof Fault.SetNetwork s) {
      n.put("type", "network");
      n.set("params", networkJson(s.params()));
    } else if (f instanceof Fault.Skew s) {
      n.put("type", "skew").put("node", s.node()).put("permille", s.permille());
    } else if (f instanceof Fault.CutNextPrimary t) {
      n.put("type", "cut-next-primary").put("crash", t.crash()).put("minority", t.minority())
          .put("delayMicros", t.delayMicros()).put("durationMicros", t.durationMicros());
    } else if (f instanceof Fault.Reseed r) {
      n.put("type", "reseed").put("salt", r.salt());
    } else if (f instanceof Fault.CrashPrimary) {
      n.put("type", "crash-primary");
    } else if (f instanceof Fault.RestartPrimary) {
      n.put("type", "restart-primary");
    } else if (f instanceof Fault.PartitionPrimary pp) {
      n.put("type", "partition-primary").put("minority", pp.minority());
    } else if (f instanceof Fault.HealAll h) {
      n.put("type", "heal-all");
      n.set("calm", networkJson(h.calm()));
    } else if (f instanceof Fault.Host h) {
      n.put("type", "host").put("action", h.action());
    } else {
      throw new IllegalStateException("unknown fault " + f);
    }
    return n;
  }

  // ---------------------------------------------------------------- reading

  /** Thrown for a file that is not a valid counterexample; its message is one line for the user. */
  public static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
      super(message);
    }
  }

  public static Counterexample read(Path file) throws FormatException {
    return fromJson(readJson(file), file.toString());
  }

  /** Input files larger than this are refused before they are read: no counterexample or summary comes close. */
  public static final long MAX_INPUT_BYTES = 64L << 20;

  /**
   * Reads a JSON object from a file a user handed to raftsim: every way it can be wrong (missing, unreadable, too
   * large, not UTF-8, not JSON, nested or sized beyond the parser's limits, not an object) is a {@link
   * FormatException} with one line naming the file.
   */
  public static JsonNode readJson(Path file) throws FormatException {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new FormatException(file + " is a folder, not a file");
      }
      if (!Files.exists(file)) {
        throw new FormatException(file + ": no such file");
      }
      if (Files.size(file) > MAX_INPUT_BYTES) {
        throw new FormatException(file + " is too large (" + Files.size(file) + " bytes; at most " + MAX_INPUT_BYTES
            + " are read)");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new FormatException("cannot read " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw new FormatException(file + " is beyond the JSON parser's limits (" + firstLine(e.getOriginalMessage())
          + ")");
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new FormatException(file + " is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ")"));
    } catch (IOException | RuntimeException e) {
      throw new FormatException(file + " is not valid JSON (" + firstLine(e.getMessage()) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new FormatException(file + " is not a JSON object");
    }
    return root;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    String line = s.lines().findFirst().orElse("").trim();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static List<String> notes(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    if (array.isArray()) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  public static Counterexample fromJson(JsonNode root, String where) throws FormatException {
    Reader r = new Reader(where);
    String format = r.text(root, "format");
    if (!FORMAT.equals(format)) {
      throw new FormatException(where + ": unsupported format '" + format + "' (this raftsim reads " + FORMAT + ")");
    }
    try {
      ClusterConfig cluster = r.cluster(r.object(root, "cluster"));
      FaultPlan plan = r.plan(r.object(root, "plan"), cluster.nodes());
      // Files from before the SPI name no implementation: they are raftsim's.
      ImplChoice impl = ImplChoice.RAFTSIM;
      String version = null;
      if (root.hasNonNull("implementation")) {
        JsonNode in = r.object(root, "implementation");
        java.util.Set<String> opts = new java.util.TreeSet<>();
        if (in.has("options")) {
          if (!in.get("options").isArray()) {
            throw new FormatException(where + ": field 'implementation.options' must be an array of names");
          }
          in.get("options").forEach(o -> opts.add(o.asText()));
        }
        impl = new ImplChoice(r.text(in, "name"), opts);
        version = in.hasNonNull("version") ? in.get("version").asText() : null;
      }
      RunSpec spec = new RunSpec(r.integer(root, "seed"), cluster, plan,
          r.range(root, "durationMicros", 1, dev.raftsim.sim.Limits.MAX_MICROS),
          root.hasNonNull("faults") ? r.text(root, "faults") : "explicit", impl);
      JsonNode e = r.object(root, "expected");
      Expected expected = new Expected(r.text(e, "invariant"), r.text(e, "message"),
          r.range(e, "eventIndex", 0, Long.MAX_VALUE), r.range(e, "timeMicros", 0, Long.MAX_VALUE), r.text(e, "digest"),
          r.range(e, "events", 0, Long.MAX_VALUE));
      if (!expected.digest().matches("[0-9a-f]{16}")) {
        throw new FormatException(where + ": field 'digest' must be 16 lower-case hex digits");
      }
      Origin origin = null;
      if (root.hasNonNull("origin")) {
        JsonNode o = root.get("origin");
        if (!o.isObject()) {
          throw new FormatException(where + ": field 'origin' must be an object");
        }
        origin = new Origin(o.path("source").asText("unknown"), o.path("campaignSeed").asLong(-1),
            o.path("scheduleIndex").asLong(-1), o.path("eventsBeforeShrinking").asLong(-1),
            o.path("faultActionsBeforeShrinking").asInt(-1), o.path("seedBeforeShrinking").asLong(-1),
            o.hasNonNull("messageBeforeShrinking") ? o.get("messageBeforeShrinking").asText() : null,
            notes(o.path("shrinkNotes")));
      }
      return new Counterexample(spec, expected, origin, version);
    } catch (IllegalArgumentException e) {
      throw new FormatException(where + ": " + e.getMessage());
    }
  }

  /** Strict field access with one-line errors naming the field. */
  private static final class Reader {
    private final String where;

    Reader(String where) {
      this.where = where;
    }

    JsonNode field(JsonNode n, String name) throws FormatException {
      JsonNode v = n.get(name);
      if (v == null || v.isNull()) {
        throw new FormatException(where + ": missing field '" + name + "'");
      }
      return v;
    }

    JsonNode object(JsonNode n, String name) throws FormatException {
      JsonNode v = field(n, name);
      if (!v.isObject()) {
        throw new FormatException(where + ": field '" + name + "' must be an object");
      }
      return v;
    }

    String text(JsonNode n, String name) throws FormatException {
      JsonNode v = field(n, name);
      if (!v.isTextual()) {
        throw new FormatException(where + ": field '" + name + "' must be a string");
      }
      return v.asText();
    }

    long integer(JsonNode n, String name) throws FormatException {
      JsonNode v = field(n, name);
      if (!v.isIntegralNumber()) {
        throw new FormatException(where + ": field '" + name + "' must be an integer");
      }
      if (!v.canConvertToLong()) {
        throw new FormatException(where + ": field '" + name + "' is out of range (" + v.asText() + ")");
      }
      return v.longValue();
    }

    /** An integer that must lie in min..max (checked before any narrowing, so nothing is silently truncated). */
    long range(JsonNode n, String name, long min, long max) throws FormatException {
      long v = integer(n, name);
      if (v < min || v > max) {
        throw new FormatException(where + ": field '" + name + "' must be in " + min + ".." + max + ", got " + v);
      }
      return v;
    }

    int small(JsonNode n, String name, int min, int max) throws FormatException {
      return (int) range(n, name, min, max);
    }

    long positive(JsonNode n, String name) throws FormatException {
      long v = integer(n, name);
      if (v <= 0) {
        throw new FormatException(where + ": field '" + name + "' must be positive");
      }
      return v;
    }

    int node(JsonNode n, String name, int nodes) throws FormatException {
      long v = integer(n, name);
      if (v < 0 || v >= nodes) {
        throw new FormatException(where + ": field '" + name + "' names node " + v + " but the cluster has " + nodes);
      }
      return (int) v;
    }

    double probability(JsonNode n, String name) throws FormatException {
      JsonNode v = field(n, name);
      if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
        throw new FormatException(where + ": field '" + name + "' must be a probability in [0, 1]");
      }
      return v.asDouble();
    }

    boolean bool(JsonNode n, String name) throws FormatException {
      JsonNode v = field(n, name);
      if (!v.isBoolean()) {
        throw new FormatException(where + ": field '" + name + "' must be true or false");
      }
      return v.asBoolean();
    }

    ClusterConfig cluster(JsonNode c) throws FormatException {
      EnumSet<PlantedBug> bugs = EnumSet.noneOf(PlantedBug.class);
      JsonNode b = field(c, "bugs");
      if (!b.isArray()) {
        throw new FormatException(where + ": field 'bugs' must be an array of bug names");
      }
      for (JsonNode name : b) {
        if (!name.isTextual()) {
          throw new FormatException(where + ": field 'bugs' must be an array of bug names");
        }
        bugs.add(PlantedBug.fromCliName(name.asText()).orElseThrow(() -> new IllegalArgumentException(
            "unknown bug '" + name.asText() + "'; valid: " + String.join(", ", PlantedBug.cliNames()))));
      }
      return new ClusterConfig(small(c, "nodes", 1, 15), small(c, "clients", 0, 64),
          integer(c, "electionMinMicros"), integer(c, "electionMaxMicros"), integer(c, "heartbeatMicros"),
          integer(c, "clientThinkMeanMicros"), integer(c, "clientRetryMicros"), small(c, "keys", 1, 1_000),
          bool(c, "noOpOnElection"), small(c, "maxEntriesPerAppend", 1, 1_000_000), bugs, integer(c, "writebackMicros"),
          integer(c, "leaderBoundMicros"), integer(c, "commitBoundMicros"), protocol(c),
          c.has("snapshotEvery") ? small(c, "snapshotEvery", 0, 1_000_000) : 0,
          c.has("spares") ? small(c, "spares", 0, 14) : 0, reconfig(c));
    }

    /** Absent in files written before membership changes existed (and whenever the client was off). */
    ReconfigKnobs reconfig(JsonNode c) throws FormatException {
      if (!c.has("reconfig")) {
        return ReconfigKnobs.OFF;
      }
      JsonNode r = object(c, "reconfig");
      JsonNode rate = field(r, "perSecond");
      if (!rate.isNumber()) {
        throw new FormatException(where + ": field 'perSecond' must be a number");
      }
      String mix = text(r, "mix");
      return new ReconfigKnobs(rate.asDouble(), ReconfigKnobs.Mix.fromCliName(mix),
          small(r, "nemesisPercent", 0, 100), r.has("fixed") && bool(r, "fixed"));
    }

    /** Absent in files written before reads, PreVote and CheckQuorum existed: those ran Figure 2's protocol. */
    ProtocolKnobs protocol(JsonNode c) throws FormatException {
      if (!c.has("protocol")) {
        return ProtocolKnobs.PLAIN;
      }
      JsonNode p = c.get("protocol");
      if (!p.isObject()) {
        throw new FormatException(where + ": field 'protocol' must be an object");
      }
      JsonNode mode = field(p, "readMode");
      if (!mode.isTextual()) {
        throw new FormatException(where + ": field 'readMode' must be log, index or lease");
      }
      ReadMode readMode;
      try {
        readMode = ReadMode.fromCliName(mode.asText());
      } catch (IllegalArgumentException e) {
        throw new FormatException(where + ": field 'readMode': " + e.getMessage());
      }
      return new ProtocolKnobs(readMode, bool(p, "preVote"), bool(p, "checkQuorum"),
          small(p, "clockDriftPermille", 1000, 100_000), small(p, "getPercent", 0, 100));
    }

    NetworkParams network(JsonNode n) throws FormatException {
      return new NetworkParams(integer(n, "minDelayMicros"), integer(n, "meanExtraDelayMicros"),
          probability(n, "dropProbability"), probability(n, "duplicateProbability"), bool(n, "fifo"));
    }

    FaultPlan plan(JsonNode p, int nodes) throws FormatException {
      NetworkParams initial = network(object(p, "initialNetwork"));
      long healAt = integer(p, "healAtMicros");
      if (healAt != Long.MAX_VALUE) {
        range(p, "healAtMicros", 0, dev.raftsim.sim.Limits.MAX_MICROS);
      }
      JsonNode actions = field(p, "actions");
      if (!actions.isArray()) {
        throw new FormatException(where + ": field 'actions' must be an array");
      }
      List<TimedFault> list = new ArrayList<>();
      for (JsonNode a : actions) {
        if (!a.isObject()) {
          throw new FormatException(where + ": every fault action must be an object");
        }
        list.add(new TimedFault(range(a, "at", 0, dev.raftsim.sim.Limits.MAX_MICROS), fault(a, nodes)));
      }
      return new FaultPlan(initial, list, healAt);
    }

    List<Integer> nodeList(JsonNode n, int nodes) throws FormatException {
      if (!n.isArray()) {
        throw new FormatException(where + ": node groups must be arrays of node ids");
      }
      List<Integer> out = new ArrayList<>();
      for (JsonNode x : n) {
        if (!x.isIntegralNumber() || !x.canConvertToInt() || x.asInt() < 0 || x.asInt() >= nodes) {
          throw new FormatException(where + ": node id " + x + " outside 0.." + (nodes - 1));
        }
        out.add(x.asInt());
      }
      return out;
    }

    Fault fault(JsonNode a, int nodes) throws FormatException {
      String type = text(a, "type");
      return switch (type) {
        case "crash" -> new Fault.Crash(node(a, "node", nodes));
        case "restart" -> new Fault.Restart(node(a, "node", nodes));
        case "pause" -> new Fault.Pause(node(a, "node", nodes));
        case "resume" -> new Fault.Resume(node(a, "node", nodes));
        case "isolate" -> new Fault.Isolate(node(a, "node", nodes));
        case "cut" -> new Fault.CutLink(node(a, "from", nodes), node(a, "to", nodes));
        case "clog" -> new Fault.Clog(node(a, "from", nodes), node(a, "to", nodes), integer(a, "durationMicros"));
        case "heal-network" -> new Fault.HealNetwork();
        case "network" -> new Fault.SetNetwork(network(object(a, "params")));
        case "skew" -> new Fault.Skew(node(a, "node", nodes),
            small(a, "permille", dev.raftsim.sim.Limits.MIN_SKEW_PERMILLE, dev.raftsim.sim.Limits.MAX_SKEW_PERMILLE));
        case "heal-all" -> new Fault.HealAll(network(object(a, "calm")));
        case "crash-primary" -> new Fault.CrashPrimary();
        case "reseed" -> new Fault.Reseed(integer(a, "salt"));
        case "cut-next-primary" -> {
          long m = integer(a, "minority");
          if (m < 1 || m > nodes) {
            throw new FormatException(where + ": field 'minority' must be in 1.." + nodes);
          }
          long delay = integer(a, "delayMicros");
          long lasting = integer(a, "durationMicros");
          if (delay < 0 || lasting < 1) {
            throw new FormatException(where + ": cut-next-primary needs delayMicros >= 0 and durationMicros >= 1");
          }
          yield new Fault.CutNextPrimary(bool(a, "crash"), (int) m, delay, lasting);
        }
        case "restart-primary" -> new Fault.RestartPrimary();
        case "partition-primary" -> {
          long m = integer(a, "minority");
          if (m < 1 || m > nodes) {
            throw new FormatException(where + ": field 'minority' must be in 1.." + nodes);
          }
          yield new Fault.PartitionPrimary((int) m);
        }
        case "partition" -> {
          List<List<Integer>> groups = new ArrayList<>();
          if (!field(a, "groups").isArray()) {
            throw new FormatException(where + ": field 'groups' must be an array of node groups");
          }
          for (JsonNode g : field(a, "groups")) {
            groups.add(nodeList(g, nodes));
          }
          yield new Fault.Partition(groups);
        }
        case "host" -> {
          String action = text(a, "action");
          Reconfiguration.parse(action, nodes); // the only host actions there are; one line if malformed
          yield new Fault.Host(action);
        }
        case "bridge" -> new Fault.Bridge(node(a, "node", nodes), nodeList(field(a, "left"), nodes),
            nodeList(field(a, "right"), nodes));
        default -> throw new FormatException(where + ": unknown fault type '" + type + "'");
      };
    }
  }
}
