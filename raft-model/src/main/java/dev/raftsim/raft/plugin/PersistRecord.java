package dev.raftsim.raft.plugin;

import dev.raftsim.raft.Entry;
import java.util.ArrayList;
import java.util.List;

/** The records a Raft server writes to its simulated disk, and how a restart reads them back. */
public sealed interface PersistRecord {
  record TermVote(long term, int votedFor) implements PersistRecord {}

  record Truncate(int fromIndex) implements PersistRecord {}

  record Append(int index, Entry entry) implements PersistRecord {}

  /** What survived on disk: the last term and vote written and the log as the journal leaves it. */
  record Recovered(long term, int votedFor, List<Entry> log) {}

  static Recovered recover(List<Object> records) {
    long term = 0;
    int vote = -1;
    ArrayList<Entry> log = new ArrayList<>();
    for (Object o : records) {
      if (o instanceof TermVote tv) {
        term = tv.term();
        vote = tv.votedFor();
      } else if (o instanceof Truncate t) {
        if (t.fromIndex() <= log.size()) {
          log.subList(t.fromIndex() - 1, log.size()).clear();
        }
      } else if (o instanceof Append a) {
        if (a.index() != log.size() + 1) {
          throw new IllegalStateException("journal appends index " + a.index() + " to a log of " + log.size());
        }
        log.add(a.entry());
      } else {
        throw new IllegalStateException("unknown journal record " + o);
      }
    }
    return new Recovered(term, vote, log);
  }
}
