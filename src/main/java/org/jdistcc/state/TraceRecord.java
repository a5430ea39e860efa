package org.jdistcc.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One job as the build trace records it (DISTCC_TRACE): a JSON object on one line, appended with a
 * single write so that clients writing at once never tear each other's lines. This is the whole
 * format: {@link #toJson} writes it (the client) and {@link #fromJson} reads it (the monitor).
 *
 * <pre>
 * {"pid":4242,"file":"x.c","host":"tux/4","slot":1,"where":"remote","why":"","exit":0,
 *  "verified":"","phases":[{"name":"Startup","start":1700000000000000,"end":1700000000000100}, ...]}
 * </pre>
 *
 * @param pid the client's process id
 * @param file the source file, or empty for a command without one (a link)
 * @param host where it ran: a host entry, or "localhost"
 * @param slot the slot on that host
 * @param where on a volunteer or here, or a DISTCC_VERIFY check that ran after its job
 * @param why for local jobs, the reason (not distributable: which argument; fallback: which error;
 *     preprocessing failed); for remote jobs preprocessed with plain -E, why directives-only was
 *     not used; else empty
 * @param exit the exit status
 * @param verified what DISTCC_VERIFY found: identical, same code, DIFFERENT (section), not
 *     verified: why, queued; empty for a job it did not sample (and in traces written before it)
 * @param spans the phases with their start and end, in microseconds since the epoch
 */
public record TraceRecord(
    long pid,
    String file,
    String host,
    int slot,
    Where where,
    String why,
    int exit,
    String verified,
    List<Span> spans) {

  public TraceRecord {
    spans = List.copyOf(spans);
  }

  /** Where a job ran. */
  public enum Where {
    REMOTE("remote"),
    LOCAL("local"),
    VERIFY("verify");

    private final String label;

    Where(String label) {
      this.label = label;
    }

    /** The name the trace records. */
    public String label() {
      return label;
    }

    static Where ofLabel(String label) {
      for (Where w : values()) {
        if (w.label.equals(label)) {
          return w;
        }
      }
      throw new IllegalArgumentException(
          "\"where\" is \"" + label + "\", not remote, local or verify");
    }
  }

  /** One phase of a job. */
  public record Span(Phase phase, long startMicros, long endMicros) {}

  /** A DISTCC_VERIFY check that ran after its job, not a job of the build. */
  public boolean check() {
    return where == Where.VERIFY;
  }

  /** When the job started: its first phase's start (0 without phases). */
  public long startMicros() {
    return spans.isEmpty() ? 0 : spans.get(0).startMicros();
  }

  /** When the job ended: its last phase's end (0 without phases). */
  public long endMicros() {
    return spans.isEmpty() ? 0 : spans.get(spans.size() - 1).endMicros();
  }

  /** The record as one line of JSON, without the newline. */
  public String toJson() {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"pid\":")
        .append(pid)
        .append(",\"file\":")
        .append(quote(file))
        .append(",\"host\":")
        .append(quote(host))
        .append(",\"slot\":")
        .append(slot)
        .append(",\"where\":")
        .append(quote(where.label()))
        .append(",\"why\":")
        .append(quote(why))
        .append(",\"exit\":")
        .append(exit)
        .append(",\"verified\":")
        .append(quote(verified))
        .append(",\"phases\":[");
    for (int i = 0; i < spans.size(); i++) {
      Span s = spans.get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"name\":")
          .append(quote(s.phase().label()))
          .append(",\"start\":")
          .append(s.startMicros())
          .append(",\"end\":")
          .append(s.endMicros())
          .append('}');
    }
    return b.append("]}").toString();
  }

  /**
   * Reads one line that {@link #toJson} wrote; an IllegalArgumentException says what is wrong
   * (malformed JSON and where, a missing field, a field of the wrong type, an unknown phase).
   */
  public static TraceRecord fromJson(String line) {
    Map<String, Object> o = object(Json.parse(line), "the record");
    List<Span> spans = new ArrayList<>();
    for (Object p : field(o, "phases", List.class)) {
      Map<String, Object> m = object(p, "a phase");
      spans.add(
          new Span(
              Phase.ofLabel(field(m, "name", String.class)),
              field(m, "start", Long.class),
              field(m, "end", Long.class)));
    }
    return new TraceRecord(
        field(o, "pid", Long.class),
        field(o, "file", String.class),
        field(o, "host", String.class),
        intField(o, "slot"),
        Where.ofLabel(field(o, "where", String.class)),
        field(o, "why", String.class),
        intField(o, "exit"),
        o.containsKey("verified") ? field(o, "verified", String.class) : "",
        spans);
  }

  private static int intField(Map<String, Object> o, String name) {
    long value = field(o, name, Long.class);
    if (value != (int) value) {
      throw new IllegalArgumentException("\"" + name + "\" is out of range: " + value);
    }
    return (int) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String what) {
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(what + " is not an object");
    }
    return (Map<String, Object>) value;
  }

  private static <T> T field(Map<String, Object> o, String name, Class<T> type) {
    Object value = o.get(name);
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          value == null
              ? "no \"" + name + "\""
              : "\""
                  + name
                  + "\" is not "
                  + (type == Long.class ? "an integer" : "a " + type.getSimpleName()));
    }
    return type.cast(value);
  }

  /** A JSON string literal. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
