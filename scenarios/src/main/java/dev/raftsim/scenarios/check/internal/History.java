package dev.raftsim.scenarios.check.internal;

import java.util.Arrays;

/**
 * History variables (as raft.tla's {@code elections} and friends): facts about the past that the invariants need
 * and no node may remember any more. Immutable; a transition that changes nothing here shares its parent's.
 *
 * <ul>
 *   <li>{@code leaderOfTerm[t]}: the first node elected leader in term t, or -1. An entry is cleared as soon as no
 *       node can ever become leader of t again (every node's term is >= t and no node is a candidate in t), so
 *       that states differing only in dead history merge.
 *   <li>{@code committedPrefix[i]}: the prefix digest of log[1..i] on the first node seen with commitIndex >= i
 *       (0 = nothing committed there yet), with that entry's term and the term in which it was committed (the
 *       committing node's currentTerm).
 *   <li>{@code appliedEntry[i]}: the digest of the first entry any node applied at index i (0 = none).
 * </ul>
 */
public final class History {
  public final int[] leaderOfTerm;
  public final long[] committedPrefix;
  public final long[] committedEntry;
  public final int[] committedEntryTerm;
  public final int[] committedInTerm;
  public final long[] appliedEntry;
  final long[] permFp;

  History(int[] leaderOfTerm, long[] committedPrefix, long[] committedEntry, int[] committedEntryTerm,
      int[] committedInTerm, long[] appliedEntry, Symmetry sym) {
    this.leaderOfTerm = leaderOfTerm;
    this.committedPrefix = committedPrefix;
    this.committedEntry = committedEntry;
    this.committedEntryTerm = committedEntryTerm;
    this.committedInTerm = committedInTerm;
    this.appliedEntry = appliedEntry;
    long inv = Mix.SEED ^ 0x4157L;
    for (int i = 1; i < committedPrefix.length; i++) {
      inv = Mix.combine(inv, committedPrefix[i]);
      inv = Mix.combine(inv, committedInTerm[i]);
      inv = Mix.combine(inv, appliedEntry[i]);
    }
    permFp = new long[sym.count];
    for (int k = 0; k < sym.count; k++) {
      long h = inv;
      for (int t = 1; t < leaderOfTerm.length; t++) {
        if (leaderOfTerm[t] >= 0) {
          h += Mix.mix(((long) t << 8 | (sym.map[k][leaderOfTerm[t]] + 1L)) ^ 0x7EA0L);
        }
      }
      permFp[k] = h;
    }
  }

  static History empty(int maxTerm, int maxLogSlots, Symmetry sym) {
    int[] leaders = new int[maxTerm + 1];
    Arrays.fill(leaders, -1);
    return new History(leaders, new long[maxLogSlots + 1], new long[maxLogSlots + 1], new int[maxLogSlots + 1],
        new int[maxLogSlots + 1], new long[maxLogSlots + 1], sym);
  }

  /** Number of log slots the history tracks (indexes 1..slots). */
  public int slots() {
    return committedPrefix.length - 1;
  }

  /** Highest index with a committed entry recorded (committed indexes form a prefix). */
  public int committedLength() {
    int i = 0;
    while (i + 1 < committedPrefix.length && committedPrefix[i + 1] != 0) {
      i++;
    }
    return i;
  }

  /** A copy-on-write editor. */
  Builder edit() {
    return new Builder(this);
  }

  static final class Builder {
    private final History from;
    int[] leaderOfTerm;
    long[] committedPrefix;
    long[] committedEntry;
    int[] committedEntryTerm;
    int[] committedInTerm;
    long[] appliedEntry;
    boolean changed;

    Builder(History h) {
      this.from = h;
      this.leaderOfTerm = h.leaderOfTerm;
      this.committedPrefix = h.committedPrefix;
      this.committedEntry = h.committedEntry;
      this.committedEntryTerm = h.committedEntryTerm;
      this.committedInTerm = h.committedInTerm;
      this.appliedEntry = h.appliedEntry;
    }

    void setLeader(int term, int node) {
      if (leaderOfTerm == from.leaderOfTerm) {
        leaderOfTerm = leaderOfTerm.clone();
      }
      leaderOfTerm[term] = node;
      changed = true;
    }

    void setCommitted(int index, long prefix, long entry, int entryTerm, int inTerm) {
      if (committedPrefix == from.committedPrefix) {
        committedPrefix = committedPrefix.clone();
        committedEntry = committedEntry.clone();
        committedEntryTerm = committedEntryTerm.clone();
        committedInTerm = committedInTerm.clone();
      }
      committedPrefix[index] = prefix;
      committedEntry[index] = entry;
      committedEntryTerm[index] = entryTerm;
      committedInTerm[index] = inTerm;
      changed = true;
    }

    void setApplied(int index, long entry) {
      if (appliedEntry == from.appliedEntry) {
        appliedEntry = appliedEntry.clone();
      }
      appliedEntry[index] = entry;
      changed = true;
    }

    History build(Symmetry sym) {
      if (!changed) {
        return from;
      }
      return new History(leaderOfTerm, committedPrefix, committedEntry, committedEntryTerm, committedInTerm,
          appliedEntry, sym);
    }
  }
}
