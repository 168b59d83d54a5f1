package dev.raftsim.scenarios.check.internal;

import dev.raftsim.invariants.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Level-synchronous breadth-first search over {@link Model}, on one or more threads, with results that do not
 * depend on the thread count.
 *
 * <p>Each level's frontier is an array in key order. Workers take chunks of parents, generate every successor in
 * action order, drop those whose canonical fingerprint is in the visited set (read-only during a level) and
 * offer the rest to the {@link LevelTable}, which keeps for each new fingerprint the successor of smallest key.
 * After the level, its states are sorted by key (the order a one-thread BFS meets them), their fingerprints
 * merged into the visited set and the expandable ones become the next frontier, with parent pointers.
 *
 * <p>Violations: transition checks run on every generated transition, state checks on each state when first
 * claimed. The reported violation is the one of smallest key at the first violating level, which is the first a
 * sequential BFS in action order meets: for a violating state, its smallest key is the level table's
 * representative key. Once a violation is known, parents after it are skipped; with one thread the search
 * therefore stops at once.
 */
public final class Search {
  private static final int ROUND = 8192;
  private static final int CHUNK = 64;
  private static final long PROGRESS_NANOS = 3_000_000_000L;

  /** Outcome of a search. */
  public record Outcome(long distinct, long generated, int depth, boolean complete, long visitedBytes,
      long structureBytes, long heapPeakBytes, Violation violation, List<Integer> path) {}

  /** Progress snapshot. */
  public record Progress(int depth, long distinct, long generated, long frontier, long elapsedNanos) {}

  private final Model model;
  private final int threads;
  private final long maxStates;

  // Per-level shared state.
  private State[] frontier;
  private final AtomicInteger nextChunk = new AtomicInteger();
  private int roundEnd;
  private final FingerprintSet visited = new FingerprintSet(16);
  private final LevelTable level = new LevelTable(16);
  private final AtomicLong bestKey = new AtomicLong(Long.MAX_VALUE);
  /** One thread: no level table; successors go straight into the visited set and, in key order, here. */
  private final boolean direct;
  private State[] nextLevel = new State[1024];
  private int nextCount;
  private long directViolationKey = Long.MAX_VALUE;
  private final List<long[]> stateFindings = new ArrayList<>();
  private long heapPeak;

  public Search(Model model, int threads, long maxStates) {
    this(model, threads, maxStates, threads == 1);
  }

  /** {@code direct} false makes even one thread use the level table (to test that both paths agree). */
  public Search(Model model, int threads, long maxStates, boolean direct) {
    if (direct && threads != 1) {
      throw new IllegalArgumentException("the direct search is single-threaded");
    }
    this.model = model;
    this.threads = threads;
    this.maxStates = maxStates;
    this.direct = direct;
  }

  public Outcome run(Consumer<Progress> progress) {
    long start = System.nanoTime();
    long lastProgress = start;
    State init = model.initial();
    Violation initial = model.checkState(init);
    visited.add(init.fp);
    ParentLog parents = new ParentLog();
    if (initial != null) {
      return new Outcome(1, 0, 0, false, visited.bytes(), bytes(parents), heapUsed(), initial, List.of());
    }
    long distinct = 1;
    long generated = 0;
    int depth = 0;
    boolean complete = true;
    frontier = init.expandable ? new State[] {init} : new State[0];
    parents.add(-1, 0);
    long frontierBase = 0;
    Worker[] workers = new Worker[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Worker();
    }
    ExecutorService pool = !direct ? Executors.newFixedThreadPool(threads, r -> {
      Thread th = new Thread(r, "raftsim-check");
      th.setDaemon(true);
      return th;
    }) : null;
    try {
      while (frontier.length > 0) {
        long levelCount = 0;
        int pos = 0;
        boolean stop = false;
        while (pos < frontier.length) {
          if (bestKey.get() != Long.MAX_VALUE && pos > (bestKey.get() >>> 16)) {
            break;
          }
          roundEnd = Math.min(frontier.length, pos + ROUND);
          if (!direct) {
            level.ensureRoom(levelCount, (long) (roundEnd - pos) * model.maxActions());
          }
          nextChunk.set(pos);
          for (Worker w : workers) {
            w.claimed = 0;
            w.generated = 0;
          }
          if (pool == null) {
            workers[0].run();
          } else {
            List<Future<?>> fs = new ArrayList<>();
            for (Worker w : workers) {
              fs.add(pool.submit(w));
            }
            for (Future<?> f : fs) {
              f.get();
            }
          }
          for (Worker w : workers) {
            levelCount += w.claimed;
            generated += w.generated;
          }
          pos = roundEnd;
          long now = System.nanoTime();
          if (now - lastProgress >= PROGRESS_NANOS) {
            lastProgress = now;
            progress.accept(new Progress(depth + 1, distinct + levelCount, generated, frontier.length - pos,
                now - start));
          }
          if (distinct + levelCount >= maxStates && pos < frontier.length) {
            stop = true;
            break;
          }
        }
        if (bestKey.get() != Long.MAX_VALUE) {
          distinct += levelCount;
          if (levelCount > 0) {
            depth++;
          }
          long key = resolveViolationKey();
          int parentPos = (int) (key >>> 16);
          int code = (int) (key & 0xFFFF);
          List<Integer> path = pathTo(parents, frontierBase + parentPos);
          path.add(code);
          return new Outcome(distinct, generated, Math.max(depth, path.size()), false, visited.bytes(),
              bytes(parents), Math.max(heapPeak, heapUsed()), null, path);
        }
        State[] next;
        if (direct) {
          next = Arrays.copyOf(nextLevel, nextCount); // already in key order, already visited
          Arrays.fill(nextLevel, 0, nextCount, null);
          nextCount = 0;
        } else {
          next = sortByKey(level.drain((int) levelCount), frontier.length);
          merge(next, pool);
        }
        distinct += levelCount;
        if (levelCount > 0) {
          depth++;
        }
        long nextBase = parents.size();
        int expandable = 0;
        for (State s : next) {
          if (s.expandable) {
            next[expandable++] = s;
            parents.add(frontierBase + (s.key >>> 16), (int) (s.key & 0xFFFF));
          }
        }
        frontier = Arrays.copyOf(next, expandable);
        frontierBase = nextBase;
        heapPeak = Math.max(heapPeak, heapUsed());
        if (stop || distinct >= maxStates && frontier.length > 0) {
          complete = false;
          break;
        }
      }
      return new Outcome(distinct, generated, depth, complete, visited.bytes(), bytes(parents), heapPeak, null,
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("model checking interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** Adds a level's fingerprints to the visited set, on all threads. */
  private void merge(State[] next, ExecutorService pool) throws InterruptedException, ExecutionException {
    visited.reserve(next.length);
    AtomicInteger cursor = new AtomicInteger();
    Runnable task = () -> {
      while (true) {
        int from = cursor.getAndAdd(4096);
        if (from >= next.length) {
          return;
        }
        int to = Math.min(next.length, from + 4096);
        for (int i = from; i < to; i++) {
          if (!visited.addConcurrent(next[i].fp)) {
            throw new IllegalStateException("a state of the new level was already visited");
          }
        }
      }
    };
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      fs.add(pool.submit(task));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    visited.added(next.length);
  }

  /**
   * Sorts a level's states by key in linear time: a counting sort on the parent position, then an insertion
   * sort of each parent's few successors by action code. Keys are distinct (one transition each).
   */
  static State[] sortByKey(State[] states, int parentCount) {
    int[] start = new int[parentCount + 1];
    for (State s : states) {
      start[(int) (s.key >>> 16) + 1]++;
    }
    for (int p = 0; p < parentCount; p++) {
      start[p + 1] += start[p];
    }
    State[] out = new State[states.length];
    int[] fill = Arrays.copyOf(start, parentCount);
    for (State s : states) {
      out[fill[(int) (s.key >>> 16)]++] = s;
    }
    for (int p = 0; p < parentCount; p++) {
      for (int i = start[p] + 1; i < start[p + 1]; i++) {
        State v = out[i];
        int j = i - 1;
        while (j >= start[p] && out[j].key > v.key) {
          out[j + 1] = out[j];
          j--;
        }
        out[j + 1] = v;
      }
    }
    return out;
  }

  /** Heap in use now, garbage not yet collected included. */
  private static long heapUsed() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private long bytes(ParentLog parents) {
    return visited.bytes() + parents.bytes() + level.bytes();
  }

  /** The smallest violating key: transition findings are in bestKey; a state's is its representative's key. */
  private long resolveViolationKey() {
    if (direct) {
      return directViolationKey; // the first one met is the smallest
    }
    long best = bestKey.get();
    synchronized (stateFindings) {
      for (long[] f : stateFindings) {
        State rep = level.get(f[0]);
        if (rep == null) {
          throw new IllegalStateException("violating state missing from the level table");
        }
        best = Math.min(best, rep.key);
      }
    }
    return best;
  }

  private static List<Integer> pathTo(ParentLog parents, long g) {
    List<Integer> codes = new ArrayList<>();
    while (parents.parent(g) >= 0) {
      codes.add(parents.code(g));
      g = parents.parent(g);
    }
    java.util.Collections.reverse(codes);
    return codes;
  }

  private void reportTransition(long key) {
    while (true) {
      long cur = bestKey.get();
      if (key >= cur || bestKey.compareAndSet(cur, key)) {
        return;
      }
    }
  }

  private void reportState(long fp, long key) {
    synchronized (stateFindings) {
      stateFindings.add(new long[] {fp});
    }
    reportTransition(key);
  }

  private final class Worker implements Runnable {
    final Model.Scratch scratch = model.scratch();
    final int[] codes = new int[model.maxActions()];
    long claimed;
    long generated;

    @Override
    public void run() {
      State[] f = frontier;
      int end = roundEnd;
      while (true) {
        int from = nextChunk.getAndAdd(CHUNK);
        if (from >= end) {
          return;
        }
        int to = Math.min(end, from + CHUNK);
        for (int p = from; p < to; p++) {
          if (p > (bestKey.get() >>> 16)) {
            return;
          }
          expand(f[p], p);
        }
      }
    }

    private void expand(State s, int p) {
      int na = model.actions(s, codes);
      for (int a = 0; a < na; a++) {
        int code = codes[a];
        long key = (long) p << 16 | code;
        if (key > bestKey.get()) {
          return;
        }
        long fp = model.prepare(s, code, scratch);
        generated++;
        if (scratch.violation != null) {
          reportTransition(key);
        }
        if (direct) {
          if (scratch.violation != null) {
            directViolationKey = key;
            return;
          }
          if (fp != 0 && visited.add(fp)) {
            State succ = model.materialise(s, scratch, key);
            claimed++;
            if (nextCount == nextLevel.length) {
              nextLevel = Arrays.copyOf(nextLevel, nextCount * 2);
            }
            nextLevel[nextCount++] = succ;
            if (model.checkState(succ) != null) {
              directViolationKey = key;
              bestKey.set(key);
              return;
            }
          }
          continue;
        }
        if (fp == 0 || visited.contains(fp)) {
          continue;
        }
        int slot = level.slot(fp);
        boolean claimedHere = slot < 0;
        if (claimedHere) {
          slot = -slot - 1;
          claimed++;
        }
        if (!claimedHere && !level.improves(slot, key)) {
          continue; // a transition of smaller key reached the same state in this level: keep its successor
        }
        State succ = model.materialise(s, scratch, key);
        level.offer(slot, succ);
        if (claimedHere && model.checkState(succ) != null) {
          reportState(fp, key);
        }
      }
    }
  }
}
