package dev.raftsim.scenarios.check.internal;

/**
 * Parent pointers of every expanded state, in BFS order: entry g holds (global index of g's parent << 16) |
 * the action code that led there; 8 bytes per state, in chunks so that growing never copies.
 */
public final class ParentLog {
  private static final int CHUNK_BITS = 20;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private long[][] chunks = new long[16][];
  private long size;

  public long size() {
    return size;
  }

  public void add(long parent, int code) {
    int c = (int) (size >>> CHUNK_BITS);
    if (c == chunks.length) {
      long[][] bigger = new long[chunks.length * 2][];
      System.arraycopy(chunks, 0, bigger, 0, chunks.length);
      chunks = bigger;
    }
    if (chunks[c] == null) {
      chunks[c] = new long[CHUNK];
    }
    chunks[c][(int) (size & (CHUNK - 1))] = (parent + 1) << 16 | code;
    size++;
  }

  /** Global index of g's parent, or -1 for the initial state. */
  public long parent(long g) {
    return (entry(g) >>> 16) - 1;
  }

  public int code(long g) {
    return (int) (entry(g) & 0xFFFF);
  }

  private long entry(long g) {
    return chunks[(int) (g >>> CHUNK_BITS)][(int) (g & (CHUNK - 1))];
  }

  public long bytes() {
    long b = 16L + 8L * chunks.length;
    for (long[] c : chunks) {
      if (c != null) {
        b += 16 + 8L * c.length;
      }
    }
    return b;
  }
}
