package dev.raftsim.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * An operation of the built-in KV workload. {@code put} sets the key, {@code append} appends to it, {@code get}
 * reads it; results are the value read (get) or null. Linearizability of the KV history is checked at the end of
 * every run.
 */
public record KvOperation(Kind kind, String key, String value) implements Operation {
  public enum Kind { PUT, APPEND, GET }

  public KvOperation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    if ((kind == Kind.GET) != (value == null)) {
      throw new IllegalArgumentException(kind + " " + key + ": get takes no value, put and append need one");
    }
  }

  @Override
  public long fingerprint() {
    long h = mix(0x6b765f6f70L ^ kind.ordinal());
    h = mix(h ^ key.hashCode());
    return mix(h ^ (value == null ? 0 : value.hashCode() + 1L));
  }

  @Override
  public String describe() {
    return kind.name().toLowerCase(Locale.ROOT) + " " + key + (value == null ? "" : "=" + value);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
