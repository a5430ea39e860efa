package org.jdistcc.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * An ELF object file as a list of named sections, parsed from its bytes. Reads 32- and 64-bit,
 * little- and big-endian files; every offset and size is checked against the file, so a truncated
 * or hostile file is a DistccException, never an index error. It is not a linker's view: segments,
 * symbols and relocations are left as the bytes of their sections.
 *
 * @param machine the e_machine field (62 is x86-64)
 * @param is64 ELFCLASS64
 * @param sections in file order, without the null section 0
 */
public record ElfObject(int machine, boolean is64, List<Section> sections) {
  private static final int SHT_NOBITS = 8;

  public ElfObject {
    sections = List.copyOf(sections);
  }

  /** One section: its name, type and contents (empty for SHT_NOBITS such as .bss). */
  public record Section(String name, int type, long size, byte[] bytes) {
    /**
     * DWARF and its relocations: what a recorded switch or a path changes without changing code.
     */
    public boolean isDebug() {
      return name.startsWith(".debug")
          || name.startsWith(".zdebug")
          || name.startsWith(".rela.debug")
          || name.startsWith(".rel.debug");
    }
  }

  /**
   * Parses an object.
   *
   * @throws DistccException (DISTCC_FAILED) naming what is wrong when it is not a readable ELF file
   */
  public static ElfObject parse(byte[] file) throws DistccException {
    if (file.length < 52 || file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F') {
      throw bad("not an ELF file");
    }
    boolean is64 = file[4] == 2;
    if (file[4] != 1 && file[4] != 2) {
      throw bad("unknown ELF class " + file[4]);
    }
    if (file[5] != 1 && file[5] != 2) {
      throw bad("unknown ELF byte order " + file[5]);
    }
    Reader in = new Reader(file, file[5] == 1);
    int machine = in.u16(18);
    long shoff = is64 ? in.u64(0x28) : in.u32(0x20);
    int shentsize = in.u16(is64 ? 0x3A : 0x2E);
    int shnum = in.u16(is64 ? 0x3C : 0x30);
    int shstrndx = in.u16(is64 ? 0x3E : 0x32);
    if (shnum == 0) {
      return new ElfObject(machine, is64, List.of());
    }
    if (shentsize < (is64 ? 64 : 40) || shstrndx >= shnum) {
      throw bad("bad section header table");
    }
    in.check(shoff, (long) shnum * shentsize);
    long[][] headers = new long[shnum][];
    for (int i = 0; i < shnum; i++) {
      long at = shoff + (long) i * shentsize;
      headers[i] =
          is64
              ? new long[] {in.u32(at), in.u32(at + 4), in.u64(at + 0x18), in.u64(at + 0x20)}
              : new long[] {in.u32(at), in.u32(at + 4), in.u32(at + 0x10), in.u32(at + 0x14)};
    }
    long[] names = headers[shstrndx];
    byte[] nameTable = in.slice(names[2], names[3]);
    List<Section> sections = new ArrayList<>(shnum - 1);
    for (int i = 1; i < shnum; i++) {
      long[] h = headers[i];
      int type = (int) h[1];
      byte[] bytes = type == SHT_NOBITS ? new byte[0] : in.slice(h[2], h[3]);
      sections.add(new Section(name(nameTable, h[0]), type, h[3], bytes));
    }
    return new ElfObject(machine, is64, sections);
  }

  /** The first section of that name. */
  public Optional<Section> section(String name) {
    for (Section section : sections) {
      if (section.name().equals(name)) {
        return Optional.of(section);
      }
    }
    return Optional.empty();
  }

  /**
   * The compiler identities in {@code .comment} ("GCC: (Debian 12.2.0-14) 12.2.0"), joined by "; ",
   * or empty when there is none.
   */
  public String comment() {
    Optional<Section> comment = section(".comment");
    if (comment.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String part : new String(comment.get().bytes(), StandardCharsets.ISO_8859_1).split("\0")) {
      if (!part.isBlank() && !parts.contains(part)) {
        parts.add(part);
      }
    }
    return String.join("; ", parts);
  }

  /** The machine as people name it: x86-64, i386, aarch64…, or "machine N". */
  public String machineName() {
    String name =
        switch (machine) {
          case 3 -> "i386";
          case 8 -> "mips";
          case 20 -> "ppc";
          case 21 -> "ppc64";
          case 22 -> "s390";
          case 40 -> "arm";
          case 62 -> is64 ? "x86-64" : "x32";
          case 183 -> "aarch64";
          case 243 -> "riscv";
          default -> "machine " + machine;
        };
    return name;
  }

  private static String name(byte[] table, long offset) throws DistccException {
    if (offset >= table.length) {
      throw bad("section name outside the name table");
    }
    int end = (int) offset;
    while (end < table.length && table[end] != 0) {
      end++;
    }
    return new String(table, (int) offset, end - (int) offset, StandardCharsets.ISO_8859_1);
  }

  private static DistccException bad(String what) {
    return new DistccException(ExitCode.DISTCC_FAILED, "unreadable object file: " + what);
  }

  /** Bounds-checked little- or big-endian reads. */
  private record Reader(byte[] file, boolean little) {
    void check(long offset, long length) throws DistccException {
      if (offset < 0 || length < 0 || offset > file.length || length > file.length - offset) {
        throw bad(
            "offset " + offset + " + " + length + " is outside the " + file.length + "-byte file");
      }
    }

    byte[] slice(long offset, long length) throws DistccException {
      check(offset, length);
      return Arrays.copyOfRange(file, (int) offset, (int) (offset + length));
    }

    long unsigned(long offset, int width) throws DistccException {
      check(offset, width);
      long value = 0;
      for (int i = 0; i < width; i++) {
        int b = file[(int) offset + (little ? width - 1 - i : i)] & 0xff;
        value = (value << 8) | b;
      }
      return value;
    }

    int u16(long offset) throws DistccException {
      return (int) unsigned(offset, 2);
    }

    long u32(long offset) throws DistccException {
      return unsigned(offset, 4);
    }

    long u64(long offset) throws DistccException {
      long value = unsigned(offset, 8);
      if (value < 0) {
        throw bad("64-bit offset out of range");
      }
      return value;
    }
  }
}
