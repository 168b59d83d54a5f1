package dev.raftsim.reports.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Indents the outer {@code depth} levels of a JSON document and writes everything deeper on one line, so a report
 * reads like a document while its thousands of trace records stay one per line (and diff well).
 */
public final class ReportPrinter implements PrettyPrinter {
  private final int prettyDepth;
  private int depth;

  public ReportPrinter(int prettyDepth) {
    this.prettyDepth = prettyDepth;
  }

  private boolean pretty() {
    return depth <= prettyDepth;
  }

  private void newline(JsonGenerator g, int level) throws IOException {
    g.writeRaw('\n');
    for (int i = 0; i < level; i++) {
      g.writeRaw("  ");
    }
  }

  @Override
  public void writeRootValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
  }

  @Override
  public void writeStartObject(JsonGenerator g) throws IOException {
    g.writeRaw('{');
    depth++;
  }

  @Override
  public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
    boolean wasPretty = pretty();
    depth--;
    if (wasPretty && nrOfEntries > 0) {
      newline(g, depth);
    }
    g.writeRaw('}');
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    if (pretty()) {
      newline(g, depth);
    }
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(pretty() ? ": " : ":");
  }

  @Override
  public void writeStartArray(JsonGenerator g) throws IOException {
    g.writeRaw('[');
    depth++;
  }

  @Override
  public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
    boolean wasPretty = pretty();
    depth--;
    if (wasPretty && nrOfValues > 0) {
      newline(g, depth);
    }
    g.writeRaw(']');
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    if (pretty()) {
      newline(g, depth);
    }
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) throws IOException {
    if (pretty()) {
      newline(g, depth);
    }
  }

  @Override
  public void beforeObjectEntries(JsonGenerator g) throws IOException {
    if (pretty()) {
      newline(g, depth);
    }
  }
}
