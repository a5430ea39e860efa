package org.jdistcc.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes small little-endian ELF64 relocatable files section by section, for tests. */
final class ElfBuilder {
  private final Map<String, byte[]> sections = new LinkedHashMap<>();
  private int machine = 62;

  ElfBuilder machine(int value) {
    machine = value;
    return this;
  }

  ElfBuilder section(String name, String text) {
    return section(name, text.getBytes(StandardCharsets.ISO_8859_1));
  }

  ElfBuilder section(String name, byte[] bytes) {
    sections.put(name, bytes);
    return this;
  }

  byte[] build() {
    ByteArrayOutputStream names = new ByteArrayOutputStream();
    names.write(0);
    Map<String, Integer> nameOffsets = new LinkedHashMap<>();
    for (String name : sections.keySet()) {
      nameOffsets.put(name, names.size());
      names.writeBytes((name + "\0").getBytes(StandardCharsets.ISO_8859_1));
    }
    int shstrtabName = names.size();
    names.writeBytes(".shstrtab\0".getBytes(StandardCharsets.ISO_8859_1));
    byte[] nameBytes = names.toByteArray();

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[64]);
    Map<String, Integer> offsets = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : sections.entrySet()) {
      offsets.put(e.getKey(), body.size());
      body.writeBytes(e.getValue());
    }
    int namesOffset = body.size();
    body.writeBytes(nameBytes);
    int shoff = body.size();
    int shnum = sections.size() + 2;
    ByteBuffer headers = ByteBuffer.allocate(64 * shnum).order(ByteOrder.LITTLE_ENDIAN);
    headers.position(64);
    for (Map.Entry<String, byte[]> e : sections.entrySet()) {
      sectionHeader(
          headers, nameOffsets.get(e.getKey()), 1, offsets.get(e.getKey()), e.getValue().length);
    }
    sectionHeader(headers, shstrtabName, 3, namesOffset, nameBytes.length);
    body.writeBytes(headers.array());

    byte[] file = body.toByteArray();
    ByteBuffer header = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    header.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    header.putShort(16, (short) 1);
    header.putShort(18, (short) machine);
    header.putLong(0x28, shoff);
    header.putShort(0x34, (short) 64);
    header.putShort(0x3A, (short) 64);
    header.putShort(0x3C, (short) shnum);
    header.putShort(0x3E, (short) (shnum - 1));
    return file;
  }

  private static void sectionHeader(ByteBuffer out, int name, int type, long offset, long size) {
    int at = out.position();
    out.putInt(at, name);
    out.putInt(at + 4, type);
    out.putLong(at + 0x18, offset);
    out.putLong(at + 0x20, size);
    out.position(at + 64);
  }
}
