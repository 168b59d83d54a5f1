package dev.raftsim.reports.internal;

import dev.raftsim.reports.RunReport;
import dev.raftsim.sim.TraceEvent;
import dev.raftsim.sim.TraceKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace cut into rows (one row per kernel event: consecutive records sharing an event index) plus the links
 * from a message id to its send, which the diagram and the ShiViz export both need.
 */
public final class TraceIndex {
  private final List<TraceEvent> trace;
  private final int[] rowStart;
  private final int[] rowOfRecord;
  private final int rows;
  // Long keys hash by value; only looked up, never iterated, so no order leaks into the output.
  private final Map<Long, Integer> sendRecord = new HashMap<>();
  private final Map<Long, Integer> lastFateRow = new HashMap<>();
  private final int delivered;
  private final int dropped;
  private final int lost;
  private final int duplicated;

  public TraceIndex(List<TraceEvent> trace) {
    this.trace = trace;
    int n = trace.size();
    int[] starts = new int[n + 1];
    rowOfRecord = new int[n];
    int r = -1;
    int del = 0;
    int drop = 0;
    int lo = 0;
    int dup = 0;
    for (int i = 0; i < n; i++) {
      TraceEvent e = trace.get(i);
      if (i == 0 || e.event() != trace.get(i - 1).event()) {
        starts[++r] = i;
      }
      rowOfRecord[i] = r;
      switch (e.kind()) {
        case SEND -> sendRecord.putIfAbsent(e.msgId(), i);
        case DELIVER -> {
          del++;
          lastFateRow.put(e.msgId(), r);
        }
        case LOST -> {
          lo++;
          lastFateRow.put(e.msgId(), r);
        }
        case DROP -> {
          drop++;
          lastFateRow.put(e.msgId(), r);
        }
        case DUPLICATE -> dup++;
        default -> { }
      }
    }
    rows = r + 1;
    starts[rows] = n;
    rowStart = java.util.Arrays.copyOf(starts, rows + 1);
    delivered = del;
    dropped = drop;
    lost = lo;
    duplicated = dup;
  }

  public List<TraceEvent> trace() {
    return trace;
  }

  public int rows() {
    return rows;
  }

  public int rowStart(int row) {
    return rowStart[row];
  }

  /** One past the row's last record. */
  public int rowEnd(int row) {
    return rowStart[row + 1];
  }

  public long rowEvent(int row) {
    return trace.get(rowStart[row]).event();
  }

  public long rowTime(int row) {
    return trace.get(rowStart[row]).timeMicros();
  }

  public int rowOfRecord(int record) {
    return rowOfRecord[record];
  }

  /** Record index of the message's SEND, or -1 when the trace does not hold it. */
  public int sendRecordOf(long msgId) {
    Integer i = sendRecord.get(msgId);
    return i == null ? -1 : i;
  }

  /** Row of the message's last delivery, loss or drop, or -1 if it never arrived within the trace. */
  public int lastFateRowOf(long msgId) {
    Integer i = lastFateRow.get(msgId);
    return i == null ? -1 : i;
  }

  public int delivered() {
    return delivered;
  }

  public int dropped() {
    return dropped;
  }

  public int lost() {
    return lost;
  }

  public int duplicated() {
    return duplicated;
  }

  /**
   * The row the report centres on: the last row of the violation's event, else the last row at or before it,
   * else the end of the trace. -1 for an empty trace.
   */
  public int anchorRow(RunReport r) {
    if (rows == 0) {
      return -1;
    }
    if (r.violation() == null) {
      return rows - 1;
    }
    long v = r.violation().eventIndex();
    int best = -1;
    for (int row = 0; row < rows; row++) {
      if (rowEvent(row) <= v) {
        best = row;
      } else {
        break;
      }
    }
    return best < 0 ? 0 : best;
  }

  public static boolean isFate(TraceKind k) {
    return k == TraceKind.DELIVER || k == TraceKind.LOST || k == TraceKind.DROP;
  }
}
