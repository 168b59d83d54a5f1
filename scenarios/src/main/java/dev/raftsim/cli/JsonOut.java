package dev.raftsim.cli;

import dev.raftsim.scenarios.ImplementationCatalog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.raftsim.invariants.Violation;
import dev.raftsim.scenarios.RunResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON the CLI prints: one object on one line, fields in a fixed order. */
public final class JsonOut {
  public static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private JsonOut() {}

  public static String line(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  public static Map<String, Object> violation(Violation v) {
    if (v == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("invariant", v.invariant());
    m.put("message", v.message());
    m.put("eventIndex", v.eventIndex());
    m.put("time", v.timeMicros());
    m.put("timeMillis", v.timeMicros() / 1000.0);
    m.put("nodes", v.nodes());
    return m;
  }

  /** The run result fields shared by run, replay and the per-failure lines of a campaign. */
  public static Map<String, Object> run(RunResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", r.spec().seed());
    m.put("nodes", r.spec().cluster().nodes());
    m.put("faults", r.spec().faultsName());
    java.util.List<String> bugs = new java.util.ArrayList<>(ClusterText.bugNames(r.spec().cluster()));
    bugs.addAll(r.spec().impl().options());
    m.put("bugs", bugs);
    m.put("implementation", r.spec().impl().name());
    m.put("implementationVersion", ImplementationCatalog.version(r.spec().impl().name()));
    m.put("events", r.events());
    m.put("simulatedMillis", r.simulatedMicros() / 1000.0);
    m.put("digest", r.digestHex());
    m.put("leadersElected", r.leadersElected());
    m.put("commandsCommitted", r.commandsCommitted());
    m.put("opsCompleted", r.opsCompleted());
    m.put("firstLeaderMillis", r.firstLeaderMicros() < 0 ? null : r.firstLeaderMicros() / 1000.0);
    m.put("messagesDelivered", r.messagesDelivered());
    m.put("messagesDropped", r.messagesDropped());
    m.put("linearizability", r.linearizability());
    m.put("violation", violation(r.violation()));
    m.put("counters", r.counters());
    return m;
  }
}
