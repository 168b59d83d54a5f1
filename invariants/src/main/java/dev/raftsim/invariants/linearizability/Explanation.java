package dev.raftsim.invariants.linearizability;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a (small) non-linearizable witness into one paragraph a person can act on: which read is wrong and,
 * where a simple story exists, why (a value nobody wrote, a value written only later, a stale read, reads
 * going back in time). Every story is checked with the search itself, so it never claims more than is true.
 */
final class Explanation {
  /** Beyond this many reads the pairwise stories are not tried; the generic sentence is used. */
  private static final int MAX_READS_EXAMINED = 16;

  private static final int MAX_OPS_LISTED = 12;

  private final String key;
  private final List<Operation> witness;
  private final Allowance allowance;
  private final List<Operation> writes = new ArrayList<>();
  private final List<Operation> reads = new ArrayList<>();

  Explanation(String key, List<Operation> witness, Allowance allowance) {
    this.key = key;
    this.witness = witness;
    this.allowance = allowance;
    for (Operation o : witness) {
      if (o.isWrite()) {
        writes.add(o);
      } else if (o.completed()) {
        reads.add(o);
      }
    }
  }

  String message(boolean witnessMayNotBeMinimal) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("key ").append(key).append(": ").append(story());
    sb.append("; ops that cannot be ordered: ");
    for (int i = 0; i < witness.size() && i < MAX_OPS_LISTED; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('(').append(i + 1).append(") ").append(witness.get(i).describe());
    }
    if (witness.size() > MAX_OPS_LISTED) {
      sb.append(", ... and ").append(witness.size() - MAX_OPS_LISTED).append(" more");
    }
    if (witnessMayNotBeMinimal) {
      sb.append(" (the search budget ran out while shrinking, so this set may not be minimal)");
    }
    return sb.toString();
  }

  private String story() {
    Producibility byAll = new Producibility(writes);
    for (Operation read : reads) {
      if (!byAll.canProduce(read.output())) {
        return read.describe() + " read a value that no combination of the writes to " + key + " could produce";
      }
    }
    for (Operation read : reads) {
      List<Operation> notLater = new ArrayList<>();
      List<Operation> later = new ArrayList<>();
      for (Operation w : writes) {
        (w.invokeMicros() <= read.completeMicros() ? notLater : later).add(w);
      }
      if (!new Producibility(notLater).canProduce(read.output())) {
        return read.describe()
            + " read a value no write could have produced at that time: it needs "
            + describeAll(contributors(later, read.output()))
            + ", which began only after the read completed";
      }
    }
    int examined = Math.min(reads.size(), MAX_READS_EXAMINED);
    for (int i = 0; i < examined; i++) {
      Operation read = reads.get(i);
      List<Operation> alone = new ArrayList<>(writes);
      alone.add(read);
      if (fails(alone)) {
        return singleReadStory(read);
      }
    }
    for (int i = 0; i < examined; i++) {
      for (int j = i + 1; j < examined; j++) {
        Operation a = reads.get(i);
        Operation b = reads.get(j);
        List<Operation> pair = new ArrayList<>(writes);
        pair.add(a);
        pair.add(b);
        if (fails(pair)) {
          return pairStory(a, b);
        }
      }
    }
    return "these operations cannot be put in any sequential order that respects real time and the values read";
  }

  private String singleReadStory(Operation read) {
    List<Operation> before = new ArrayList<>();
    for (Operation w : writes) {
      if (w.completed() && w.completeMicros() < read.invokeMicros()) {
        before.add(w);
      }
    }
    // The latest-completed write is the likeliest one the read missed; ties keep witness order.
    before.sort((a, b) -> Long.compare(b.completeMicros(), a.completeMicros()));
    for (Operation culprit : before) {
      List<Operation> relaxed = new ArrayList<>(writes.size() + 1);
      for (Operation w : writes) {
        relaxed.add(w == culprit ? w.asPending() : w);
      }
      relaxed.add(read);
      if (linearizes(relaxed)) {
        return (culprit.op() == KvOp.APPEND ? "lost update or stale read: " : "stale read: ")
            + read.describe()
            + " does not reflect "
            + culprit.describe()
            + ", which completed at "
            + Text.millis(culprit.completeMicros())
            + " before the read began";
      }
    }
    return "no order of the writes to " + key + " that respects real time lets " + read.describe()
        + " read " + Text.quote(read.output());
  }

  private String pairStory(Operation a, Operation b) {
    if (b.completeMicros() < a.invokeMicros()) {
      Operation t = a;
      a = b;
      b = t;
    }
    if (a.completeMicros() < b.invokeMicros()) {
      return b.describe()
          + " began after "
          + a.describe()
          + " completed, but no order of the writes lets "
          + key
          + " read "
          + Text.quote(a.output())
          + " and later "
          + Text.quote(b.output());
    }
    return "no single order of the writes to " + key + " explains both " + a.describe() + " and " + b.describe();
  }

  /** The writes whose value shows up in what was read; all of them when none does (e.g. a PUT of ""). */
  private static List<Operation> contributors(List<Operation> candidates, String read) {
    List<Operation> shown = new ArrayList<>();
    for (Operation w : candidates) {
      if (!w.input().isEmpty() && read.contains(w.input())) {
        shown.add(w);
      }
    }
    return shown.isEmpty() ? candidates : shown;
  }

  private static String describeAll(List<Operation> ops) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ops.size(); i++) {
      if (i > 0) {
        sb.append(i == ops.size() - 1 ? " and " : ", ");
      }
      sb.append(ops.get(i).describe());
    }
    return sb.toString();
  }

  private boolean fails(List<Operation> ops) {
    return allowance.search(ops).verdict() == KeySearch.Verdict.NOT_LINEARIZABLE;
  }

  private boolean linearizes(List<Operation> ops) {
    return allowance.search(ops).verdict() == KeySearch.Verdict.LINEARIZABLE;
  }
}
