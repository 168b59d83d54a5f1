package dev.raftsim.reports;

import dev.raftsim.sim.TraceEvent;
import dev.raftsim.sim.TraceKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-made run of 3 servers and 1 client, shaped like what the simulator records: an election, a long stretch
 * of heartbeats (so the diagram needs more than one window), then a partition with drops, a second election, a
 * duplicate, a pause, a crash with lost messages, a restart, a heal, and a violation at the end.
 */
final class SyntheticRun {
  static final int N1 = 0;
  static final int N2 = 1;
  static final int N3 = 2;
  static final int C1 = 3;

  private final List<TraceEvent> out = new ArrayList<>();
  private final Map<Long, long[]> sends = new HashMap<>(); // msg -> {from, to, sentAt}
  private final Map<Long, String> summaries = new HashMap<>();
  private long event = -1;
  private long now;
  private long nextMsg;

  private void ev(long at) {
    if (at < now) {
      throw new IllegalStateException("time goes back: " + at + " < " + now);
    }
    now = at;
    event++;
  }

  private void rec(TraceKind kind, int node, int peer, long msg, long sentAt, String detail) {
    out.add(new TraceEvent(event, now, kind, node, peer, msg, sentAt, detail));
  }

  private long send(int from, int to, String summary) {
    long id = nextMsg++;
    rec(TraceKind.SEND, from, to, id, -1, summary);
    sends.put(id, new long[] {from, to, now});
    summaries.put(id, summary);
    return id;
  }

  private void deliver(long at, long id, boolean duplicate) {
    ev(at);
    long[] s = sends.get(id);
    rec(TraceKind.DELIVER, (int) s[1], (int) s[0], id, s[2], summaries.get(id) + (duplicate ? " (duplicate)" : ""));
  }

  private void lost(long at, long id) {
    ev(at);
    long[] s = sends.get(id);
    rec(TraceKind.LOST, (int) s[1], (int) s[0], id, s[2], summaries.get(id));
  }

  private void dropLast(String why) {
    long id = nextMsg - 1;
    long[] s = sends.get(id);
    rec(TraceKind.DROP, (int) s[0], (int) s[1], id, -1, summaries.get(id) + " (" + why + ")");
  }

  private void note(int node, String text) {
    rec(TraceKind.NOTE, node, -1, -1, -1, text);
  }

  private void timer(long at, int node, int kind) {
    ev(at);
    rec(TraceKind.TIMER, node, -1, -1, -1, "timer " + kind);
  }

  private void fault(long at, String describe, int node) {
    ev(at);
    rec(TraceKind.FAULT, node, -1, -1, -1, describe);
  }

  static RunReport build(int heartbeatRounds) {
    return new SyntheticRun().run(heartbeatRounds);
  }

  private RunReport run(int rounds) {
    for (int p = 0; p < 4; p++) {
      ev(0);
      rec(TraceKind.START, p, -1, -1, -1, null);
      if (p < 3) {
        note(p, "role=FOLLOWER term=0");
      }
    }
    // Election in term 1: n1 wins.
    timer(150_000, N1, 0);
    note(N1, "role=CANDIDATE term=1");
    long rv2 = send(N1, N2, "RV t1 last=0/0");
    long rv3 = send(N1, N3, "RV t1 last=0/0");
    deliver(151_200, rv2, false);
    note(N2, "role=FOLLOWER term=1");
    long g2 = send(N2, N1, "RVR t1 granted");
    deliver(151_900, rv3, false);
    note(N3, "role=FOLLOWER term=1");
    long g3 = send(N3, N1, "RVR t1 granted");
    deliver(152_500, g2, false);
    note(N1, "role=LEADER term=1");
    long[] hb = {send(N1, N2, "AE t1 prev=0/0 n=0 commit=0"), send(N1, N3, "AE t1 prev=0/0 n=0 commit=0")};
    deliver(152_900, g3, false);
    deliver(153_600, hb[0], false);
    long a = send(N2, N1, "AER t1 ok match=0");
    deliver(153_800, hb[1], false);
    long b = send(N3, N1, "AER t1 ok match=0");
    deliver(154_700, a, false);
    deliver(154_900, b, false);

    // A client write that commits.
    ev(160_000);
    note(C1, "invoke put x=1");
    long req = send(C1, N1, "ClientRequest put x=1");
    deliver(161_000, req, false);
    long ap2 = send(N1, N2, "AE t1 prev=0/0 n=1 commit=0");
    long ap3 = send(N1, N3, "AE t1 prev=0/0 n=1 commit=0");
    deliver(162_100, ap2, false);
    long r2 = send(N2, N1, "AER t1 ok match=1");
    deliver(162_400, ap3, false);
    long r3 = send(N3, N1, "AER t1 ok match=1");
    deliver(163_300, r2, false);
    long resp = send(N1, C1, "ClientResponse ok");
    deliver(163_500, r3, false);
    deliver(164_200, resp, false);
    note(C1, "complete ok");

    // Quiet heartbeats: the long middle of the run.
    long t = 200_000;
    for (int i = 0; i < rounds; i++) {
      timer(t, N1, 1);
      long h2 = send(N1, N2, "AE t1 prev=1/1 n=0 commit=1");
      long h3 = send(N1, N3, "AE t1 prev=1/1 n=0 commit=1");
      deliver(t + 700 + (i % 5) * 60, h2, false);
      long x2 = send(N2, N1, "AER t1 ok match=1");
      deliver(t + 950 + (i % 3) * 100, h3, false);
      long x3 = send(N3, N1, "AER t1 ok match=1");
      deliver(t + 1_800, x2, false);
      deliver(t + 2_000, x3, false);
      t += 50_000;
    }

    // Partition n1 away; its heartbeats die on the cut links.
    fault(t, "partition [[0], [1, 2]]", -1);
    timer(t + 10_000, N1, 1);
    send(N1, N2, "AE t1 prev=1/1 n=0 commit=1");
    dropLast("link cut");
    send(N1, N3, "AE t1 prev=1/1 n=0 commit=1");
    dropLast("link cut");

    // The old leader takes a write it can never commit.
    ev(t + 12_000);
    note(C1, "invoke put x=2");
    long req2 = send(C1, N1, "ClientRequest put x=2");
    deliver(t + 13_000, req2, false);

    // n2 times out and wins term 2 with n3.
    timer(t + 30_000, N2, 0);
    note(N2, "role=CANDIDATE term=2");
    send(N2, N1, "RV t2 last=1/1");
    dropLast("link cut");
    long rv = send(N2, N3, "RV t2 last=1/1");
    deliver(t + 31_000, rv, false);
    note(N3, "role=FOLLOWER term=2");
    long gr = send(N3, N2, "RVR t2 granted");
    deliver(t + 31_800, gr, false);
    note(N2, "role=LEADER term=2");
    long e3 = send(N2, N3, "AE t2 prev=1/1 n=1 commit=1");
    rec(TraceKind.DUPLICATE, N2, N3, e3, -1, "AE t2 prev=1/1 n=1 commit=1");
    deliver(t + 32_700, e3, false);
    long ok3 = send(N3, N2, "AER t2 ok match=2");
    deliver(t + 33_100, e3, true);
    long ok3b = send(N3, N2, "AER t2 ok match=2");
    deliver(t + 33_600, ok3, false);
    deliver(t + 34_000, ok3b, false);

    // Pause n3 for a while: what is sent to it waits.
    fault(t + 40_000, "pause 2", N3);
    rec(TraceKind.PAUSE, N3, -1, -1, -1, null);
    timer(t + 45_000, N2, 1);
    long p3 = send(N2, N3, "AE t2 prev=2/2 n=0 commit=2");
    fault(t + 60_000, "resume 2", N3);
    rec(TraceKind.RESUME, N3, -1, -1, -1, null);
    deliver(t + 60_000, p3, false);
    long p3r = send(N3, N2, "AER t2 ok match=2");
    deliver(t + 61_000, p3r, false);

    // n1 crashes; a message to it is lost; the client's read goes nowhere.
    fault(t + 70_000, "crash 0", N1);
    rec(TraceKind.CRASH, N1, -1, -1, -1, "lost 1 unsynced writes");
    ev(t + 71_000);
    note(C1, "invoke get x");
    long rd = send(C1, N1, "ClientRequest get x");
    lost(t + 72_000, rd);
    fault(t + 80_000, "restart 0", N1);
    rec(TraceKind.RESTART, N1, -1, -1, -1, null);
    note(N1, "role=FOLLOWER term=1");
    fault(t + 90_000, "heal-network", -1);
    timer(t + 95_000, N2, 1);
    long f1 = send(N2, N1, "AE t2 prev=2/2 n=0 commit=2");
    long f3 = send(N2, N3, "AE t2 prev=2/2 n=0 commit=2");
    deliver(t + 96_000, f1, false);
    note(N1, "role=FOLLOWER term=2");
    long rej = send(N1, N2, "AER t2 rejected match=0");
    deliver(t + 96_500, f3, false);
    long f3r = send(N3, N2, "AER t2 ok match=2");
    deliver(t + 97_000, rej, false);
    deliver(t + 97_400, f3r, false);
    long violationEvent = event;
    long violationTime = now;
    // In flight when the run stops.
    send(N2, N1, "AE t2 prev=1/1 n=1 commit=2");

    List<NodeState> states = List.of(
        new NodeState("n1", true, "FOLLOWER", 2, 1, 2, 2,
            List.of(new LogCell(1, 1, "put x=1"), new LogCell(2, 1, "put x=2"))),
        new NodeState("n2", true, "LEADER", 2, 1, 2, 2,
            List.of(new LogCell(1, 1, "put x=1"), new LogCell(2, 2, "noop"), new LogCell(3, 2, "put <y>=\"3\""))),
        new NodeState("n3", true, "FOLLOWER", 2, 1, 2, 2,
            List.of(new LogCell(1, 1, "put x=1"), new LogCell(2, 2, "noop"))));
    List<ClientOp> history = List.of(
        new ClientOp(C1, "put", "x", "1", "ok", 160_000, 164_200, false),
        new ClientOp(C1, "put", "x", "2", null, t + 12_000, -1, true),
        new ClientOp(C1, "get", "x", "", null, t + 71_000, -1, false));
    ViolationInfo v = new ViolationInfo("StateMachineSafety",
        "n1 applied \"put x=2\" (term 1) at index 2, but n2 and n3 applied \"noop\" (term 2) there", violationEvent,
        violationTime, List.of(N1, N2));
    return new RunReport("synthetic <run> & friends", 42, "3 servers, 1 client · swarm faults · drop 1% dup 1%",
        List.of("n1", "n2", "n3", "c1"), 3, out, v, states, history, "./raftsim replay --seed 42 --bug figure8-commit",
        "00c0ffee12345678", event + 1, now);
  }
}
