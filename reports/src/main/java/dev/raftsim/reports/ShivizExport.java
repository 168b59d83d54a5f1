package dev.raftsim.reports;

import dev.raftsim.reports.internal.FaultText;
import dev.raftsim.reports.internal.TraceIndex;
import dev.raftsim.sim.TraceEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace as a ShiViz log (paste or upload it at ShiViz): line 1 the parser regex, line 2 empty (one execution),
 * then one line per event: {@code host {"n1":3,"n2":1} description}.
 *
 * <p>Vector clocks: a process's own entry counts the events it logged (1, 2, 3, ...); a delivery merges the
 * sender's clock as of the send (a duplicate merges that same clock again). Only processes that log events
 * appear in clocks, since every clock entry comes from a logged send. Network-wide faults (partitions, heals) are
 * logged on every server, since every server lives through them. Kernel bookkeeping (host actions, the
 * duplication notice) is left out. Long traces are cut to the last {@link #DEFAULT_MAX_RECORDS} records up to the
 * violation; clocks then start from that cut, and a delivery whose send lies before it merges nothing.
 */
public final class ShivizExport {
  public static final String REGEX = "(?<host>\\S+) (?<clock>\\{[^}]*\\}) (?<event>.*)";
  public static final int DEFAULT_MAX_RECORDS = 20_000;

  private ShivizExport() {}

  public static void write(RunReport r, Path file) throws IOException {
    write(r, file, DEFAULT_MAX_RECORDS);
  }

  public static void write(RunReport r, Path file, int maxRecords) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.write(file, render(r, maxRecords));
  }

  public static String render(RunReport r, int maxRecords) {
    TraceIndex ix = new TraceIndex(r.trace());
    int end = ix.rows() == 0 ? 0 : ix.rowEnd(ix.anchorRow(r));
    int from = Math.max(0, end - Math.max(1, maxRecords));
    // Do not start in the middle of an event.
    while (from > 0 && from < end && r.trace().get(from).event() == r.trace().get(from - 1).event()) {
      from++;
    }
    int processes = r.processNames().size();
    String[] host = new String[processes];
    for (int p = 0; p < processes; p++) {
      host[p] = r.nameOf(p).replaceAll("[\\s\"\\\\{}]+", "_");
    }
    long[][] clock = new long[processes][processes];
    Map<Long, long[]> sentWith = new HashMap<>();
    StringBuilder sb = new StringBuilder(128 + (end - from) * 80);
    sb.append(REGEX).append('\n').append('\n');
    for (int i = from; i < end; i++) {
      TraceEvent e = r.trace().get(i);
      int p = e.node();
      String d = e.detail() == null ? "" : e.detail();
      switch (e.kind()) {
        case SEND -> {
          if (p >= 0 && p < processes) {
            tick(clock[p], p);
            sentWith.put(e.msgId(), clock[p].clone());
            line(sb, host, clock[p], p, "send " + d + " → " + r.nameOf(e.peer()) + " [msg " + e.msgId() + "]");
          }
        }
        case DELIVER -> {
          if (p >= 0 && p < processes) {
            long[] sent = sentWith.get(e.msgId());
            if (sent != null) {
              for (int k = 0; k < processes; k++) {
                clock[p][k] = Math.max(clock[p][k], sent[k]);
              }
            }
            tick(clock[p], p);
            line(sb, host, clock[p], p, "receive " + d + " ← " + r.nameOf(e.peer()) + " [msg " + e.msgId() + "]"
                + (sent == null ? " (sent before this log)" : ""));
          }
        }
        case DROP -> local(sb, host, clock, p, "dropped by the network: " + d + " → " + r.nameOf(e.peer()) + " [msg " + e.msgId() + "]");
        case LOST -> local(sb, host, clock, p, "lost while down: " + d + " ← " + r.nameOf(e.peer()) + " [msg " + e.msgId() + "]");
        case FAULT -> {
          String text = "fault: " + FaultText.friendly(d, r);
          if (p >= 0) {
            local(sb, host, clock, p, text);
          } else {
            for (int s = 0; s < r.serverCount(); s++) {
              local(sb, host, clock, s, text);
            }
          }
        }
        case TIMER, NOTE -> local(sb, host, clock, p, d);
        case START, CRASH, RESTART, PAUSE, RESUME ->
            local(sb, host, clock, p, e.kind().name().toLowerCase(java.util.Locale.ROOT) + (d.isEmpty() ? "" : " (" + d + ")"));
        case DUPLICATE, HOST -> { }
        default -> throw new IllegalStateException("unhandled trace kind " + e.kind());
      }
    }
    return sb.toString();
  }

  private static void tick(long[] c, int p) {
    c[p]++;
  }

  private static void local(StringBuilder sb, String[] host, long[][] clock, int p, String text) {
    if (p < 0 || p >= host.length) {
      return;
    }
    tick(clock[p], p);
    line(sb, host, clock[p], p, text);
  }

  private static void line(StringBuilder sb, String[] host, long[] c, int p, String text) {
    sb.append(host[p]).append(" {");
    boolean first = true;
    for (int k = 0; k < c.length; k++) {
      if (c[k] > 0) {
        sb.append(first ? "" : ", ").append('"').append(host[k]).append("\":").append(c[k]);
        first = false;
      }
    }
    sb.append("} ").append(text.replace('\n', ' ').replace('\r', ' ')).append('\n');
  }
}
