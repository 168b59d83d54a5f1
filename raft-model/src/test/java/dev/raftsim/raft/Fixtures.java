package dev.raftsim.raft;

import java.util.ArrayList;
import java.util.List;

/** Small builders shared by the tests. */
public final class Fixtures {
  private static final int CLIENT = 100;
  private static long nextSeq = 1;

  private Fixtures() {}

  public static Command put(String key, String value) {
    return new Command(CLIENT, nextSeq++, Op.PUT, key, value);
  }

  public static Command cmd(int client, long seq, Op op, String key, String value) {
    return new Command(client, seq, op, key, value);
  }

  /**
   * A log with one entry per given term. The entry is a function of (index, term) only, so logs built
   * here that agree on a term at an index hold the same entry there (as Log Matching requires).
   */
  public static List<Entry> log(long... terms) {
    List<Entry> l = new ArrayList<>();
    for (long t : terms) {
      int index = l.size() + 1;
      l.add(new Entry(t, new Command(CLIENT, index * 1000L + t, Op.PUT, "k" + index, "t" + t)));
    }
    return l;
  }

  public static RaftConfig cfg(int n) {
    return RaftConfig.defaults(n);
  }

  public static RaftConfig cfgNoOp(int n) {
    return RaftConfig.defaults(n).withNoOpOnElection(false);
  }
}
