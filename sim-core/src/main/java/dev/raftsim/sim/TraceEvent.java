package dev.raftsim.sim;

/**
 * One record of the trace. {@code event} is the index of the kernel event it belongs to (sends, drops and notes
 * share the index of the event whose handler caused them). {@code node} is where it happened, {@code peer} the
 * other end (sender of a delivery, recipient of a send) or -1; {@code msgId} links sends to deliveries.
 */
public record TraceEvent(long event, long timeMicros, TraceKind kind, int node, int peer, long msgId, long sentAtMicros, String detail) {

  /** JSON Lines form; stable field order so traces are byte-identical. */
  public String toJson() {
    StringBuilder sb = new StringBuilder(96);
    sb.append("{\"event\":").append(event)
        .append(",\"time\":").append(timeMicros)
        .append(",\"kind\":\"").append(kind.name()).append('"')
        .append(",\"node\":").append(node)
        .append(",\"peer\":").append(peer);
    if (msgId >= 0) {
      sb.append(",\"msg\":").append(msgId);
    }
    if (sentAtMicros >= 0) {
      sb.append(",\"sentAt\":").append(sentAtMicros);
    }
    if (detail != null) {
      sb.append(",\"detail\":");
      Json.appendString(sb, detail);
    }
    return sb.append('}').toString();
  }
}
