package org.jdistcc.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdistcc.DistccException;
import org.jdistcc.elf.ElfObject;
import org.jdistcc.include.DefaultSearchPath;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.protocol.PumpEntry;
import org.jdistcc.protocol.PumpRequest;

/**
 * Whether a volunteer's system headers are ours, asked with one pump job before the first real one:
 * pump mode sends no file from the compiler's default directories and trusts the volunteer's
 * copies, which plain mode never reads. The probe is compiled with {@code -v}, so the volunteer's
 * compiler lists its default search path on stderr, and its source pulls the bytes of each of our
 * system headers that the job includes into the object with the assembler's {@code .incbin} of the
 * same absolute name. The verdict is "same" when the volunteer's search path equals ours and every
 * header's bytes are ours; otherwise it names the first header (or directory) that differs.
 *
 * <p>It also asks, with {@code __has_include}, whether the volunteer has a header we lack in a
 * directory searched before the one ours came from: such a file would shadow ours there (a compiler
 * without {@code __has_include} is not asked). The question is put for each earlier default
 * directory of ours that lacks the name, so a header reached by {@code #include_next} may be blamed
 * for a file it would never meet: plain mode then, never a wrong object. Not a decision: {@link
 * PumpDecision} acts on the verdict.
 */
final class SystemHeaderCheck {
  private SystemHeaderCheck() {}

  static final String SAME = "same";

  /** The section the probe's headers land in. */
  static final String SECTION = ".jdistcc.headers";

  /** Where the probe lives, as a name only: nothing is written there on either side. */
  static final String DIR = "/jdistcc-header-check";

  /** What the probe's {@code #error} says before the name of a header that would shadow ours. */
  static final String SHADOW = "jdistcc-shadow ";

  /**
   * The probe for {@code headers}, compiled as {@code language} by {@code compiler} (the name the
   * volunteer is sent) with {@code moving}, the options that move the default search path; {@code
   * ours} is that search path here, whose earlier directories are asked for shadowing headers.
   */
  static PumpRequest probe(
      String compiler,
      String language,
      List<String> moving,
      List<Path> headers,
      DefaultSearchPath ours) {
    StringBuilder source = new StringBuilder();
    for (Path shadow : shadows(ours, checkable(headers))) {
      source
          .append("#if defined(__has_include)\n#if __has_include(\"")
          .append(shadow)
          .append("\")\n#error \"")
          .append(SHADOW)
          .append(shadow)
          .append("\"\n#endif\n#endif\n");
    }
    for (Path header : checkable(headers)) {
      source
          .append("__asm__(\".pushsection ")
          .append(SECTION)
          .append(",\\\"a\\\",@progbits\\n\\t.incbin \\\"")
          .append(header)
          .append("\\\"\\n\\t.popsection\");\n");
    }
    source.append("int jdistcc_header_check;\n");
    List<String> argv = new ArrayList<>(List.of(compiler, "-v", "-x", language));
    argv.addAll(moving);
    argv.addAll(List.of("-c", DIR + "/probe.c", "-o", "probe.o"));
    return new PumpRequest(
        DIR,
        argv,
        List.of(
            new PumpEntry.File(
                DIR + "/probe.c", source.toString().getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * The verdict on the volunteer's answer to {@link #probe}: {@link #SAME}, or a short reason
   * naming the first header or directory that differs.
   */
  static String verdict(DefaultSearchPath ours, List<Path> headers, CompileResponse answer)
      throws IOException {
    String stderr = new String(answer.stderr(), StandardCharsets.UTF_8);
    int shadow = stderr.indexOf(SHADOW);
    if (!answer.succeeded() && shadow >= 0) {
      int from = shadow + SHADOW.length();
      int to = from;
      while (to < stderr.length() && stderr.charAt(to) != '"' && stderr.charAt(to) != '\n') {
        to++;
      }
      return stderr.substring(from, to) + " on the host comes before ours in the search path";
    }
    if (!answer.succeeded()) {
      for (Path header : checkable(headers)) {
        if (stderr.contains(header.toString())) {
          return header + " is missing or unreadable on the host";
        }
      }
      String first = stderr.strip().lines().reduce((a, b) -> b).orElse("no message");
      return "the check did not compile: " + first;
    }
    DefaultSearchPath theirs;
    try {
      theirs = DefaultSearchPath.parse(stderr);
    } catch (IllegalArgumentException e) {
      return "the host's compiler did not list its include directories (" + e.getMessage() + ")";
    }
    List<String> a = normalised(ours.angled());
    List<String> b = normalised(theirs.angled());
    if (!a.equals(b)) {
      for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
        String mine = i < a.size() ? a.get(i) : "(none)";
        String its = i < b.size() ? b.get(i) : "(none)";
        if (!mine.equals(its)) {
          return "include directory " + (i + 1) + " is " + its + " on the host, " + mine + " here";
        }
      }
    }
    byte[] got;
    try {
      Optional<ElfObject.Section> section = ElfObject.parse(answer.object()).section(SECTION);
      got = section.isPresent() ? section.get().bytes() : new byte[0];
    } catch (DistccException e) {
      return "the check's object is unreadable: " + e.getMessage();
    }
    long offset = 0;
    for (Path header : checkable(headers)) {
      byte[] mine = Files.readAllBytes(header);
      int length = (int) Math.min(mine.length, Math.max(0, got.length - offset));
      if (length != mine.length
          || !java.util.Arrays.equals(got, (int) offset, (int) offset + length, mine, 0, length)) {
        return header + " differs on the host";
      }
      offset += mine.length;
    }
    return offset == got.length ? SAME : "the host's copies are longer than ours";
  }

  /**
   * For each header, the same name in each default directory searched before the one it lies in,
   * where this machine has no such file: what a volunteer must not have either.
   */
  static List<Path> shadows(DefaultSearchPath ours, List<Path> headers) {
    List<Path> dirs = new ArrayList<>();
    for (String d : normalised(ours.angled())) {
      dirs.add(Path.of(d));
    }
    // A set: a job's system headers number in the hundreds, and so do the names asked for.
    Set<Path> out = new LinkedHashSet<>();
    for (Path header : headers) {
      Path h = header.normalize();
      int found = -1;
      for (int i = 0; i < dirs.size() && found < 0; i++) {
        if (h.startsWith(dirs.get(i)) && !h.equals(dirs.get(i))) {
          found = i;
        }
      }
      for (int j = 0; j < found; j++) {
        Path earlier = dirs.get(j).resolve(dirs.get(found).relativize(h));
        if (!out.contains(earlier) && !Files.exists(earlier)) {
          out.add(earlier);
        }
      }
    }
    return List.copyOf(out);
  }

  /** The headers whose names the assembler can take in quotes. */
  private static List<Path> checkable(List<Path> headers) {
    List<Path> out = new ArrayList<>();
    for (Path h : headers) {
      String s = h.toString();
      if (s.indexOf('"') < 0 && s.indexOf('\\') < 0 && s.indexOf('\n') < 0) {
        out.add(h);
      }
    }
    return out;
  }

  private static List<String> normalised(List<String> dirs) {
    List<String> out = new ArrayList<>();
    for (String d : dirs) {
      out.add(Path.of(d).normalize().toString());
    }
    return out;
  }
}
