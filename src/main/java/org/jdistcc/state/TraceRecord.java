package org.jdistcc.state;

import java.util.List;

/**
 * One job as the build trace records it (DISTCC_TRACE): a JSON object on one line, appended with
 * a single write so that clients writing at once never tear each other's lines.
 *
 * @param pid the client's process id
 * @param file the source file, or empty for a command without one (a link)
 * @param host where it ran: a host entry, or "localhost"
 * @param slot the slot on that host
 * @param where "remote" or "local"; "verify" for a DISTCC_VERIFY check that ran after its job
 * @param why for local jobs, the reason (not distributable: which argument; fallback: which error;
 *     preprocessing failed); for remote jobs preprocessed with plain -E, why directives-only was
 *     not used; else empty
 * @param exit the exit status
 * @param verified what DISTCC_VERIFY found: empty when the job was not sampled, "queued" when its
 *     check runs later (then a record with where "verify" follows, carrying the verdict), else
 *     "identical", "same code", "DIFFERENT (section)" or "not verified: why"
 * @param spans the phases with their start and end, in microseconds since the epoch
 */
public record TraceRecord(
    long pid, String file, String host, int slot, String where, String why, int exit, String verified,
    List<Span> spans) {

  public TraceRecord {
    spans = List.copyOf(spans);
  }

  /** One phase of a job. */
  public record Span(Phase phase, long startMicros, long endMicros) {}

  /** The record as one line of JSON, without the newline. */
  public String toJson() {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"pid\":").append(pid)
        .append(",\"file\":").append(quote(file))
        .append(",\"host\":").append(quote(host))
        .append(",\"slot\":").append(slot)
        .append(",\"where\":").append(quote(where))
        .append(",\"why\":").append(quote(why))
        .append(",\"exit\":").append(exit)
        .append(",\"verified\":").append(quote(verified))
        .append(",\"phases\":[");
    for (int i = 0; i < spans.size(); i++) {
      Span s = spans.get(i);
      b.append(i == 0 ? "" : ",").append("{\"name\":").append(quote(s.phase().label()))
          .append(",\"start\":").append(s.startMicros()).append(",\"end\":").append(s.endMicros()).append('}');
    }
    return b.append("]}").toString();
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
