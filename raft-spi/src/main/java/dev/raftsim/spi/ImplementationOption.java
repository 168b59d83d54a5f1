package dev.raftsim.spi;

import java.util.Objects;

/**
 * A switch an implementation offers, chosen with {@code --bug NAME}: a planted bug (raftsim's own has ten) or any
 * variant the implementation wants to put under test.
 *
 * @param name the command-line name, e.g. {@code figure8-commit}
 * @param description one line saying what it changes
 */
public record ImplementationOption(String name, String description) {
  public ImplementationOption {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (name.isEmpty() || name.contains(" ")) {
      throw new IllegalArgumentException("option name must be non-empty without spaces: '" + name + "'");
    }
  }
}
