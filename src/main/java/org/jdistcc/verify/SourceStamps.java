package org.jdistcc.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the files of a pump job looked like when they were sent: size, modification and change time,
 * and inode of each. A pump job's check compiles the sources here again, which only says something
 * about the volunteer while every file is still what it sent; a file written since (even with its
 * size and modification time put back, which changes its change time) or replaced shows here.
 */
public record SourceStamps(List<Stamp> stamps) {
  public SourceStamps {
    stamps = List.copyOf(stamps);
  }

  /** One file as it was: its path and what {@code stat} said. */
  public record Stamp(Path file, long size, Object modified, Object changed, Object inode) {}

  /** The files as they are now; one that cannot be read is recorded as missing. */
  public static SourceStamps of(Collection<Path> files) {
    List<Stamp> stamps = new ArrayList<>(files.size());
    for (Path file : files) {
      stamps.add(stamp(file));
    }
    return new SourceStamps(stamps);
  }

  /** The first file that is no longer as it was, or empty when none changed. */
  public Optional<Path> firstChanged() {
    for (Stamp was : stamps) {
      if (!stamp(was.file()).equals(was)) {
        return Optional.of(was.file());
      }
    }
    return Optional.empty();
  }

  private static Stamp stamp(Path file) {
    try {
      Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
      return new Stamp(
          file, (Long) a.get("size"), a.get("lastModifiedTime"), a.get("ctime"), a.get("ino"));
    } catch (IOException | RuntimeException e) {
      return new Stamp(file, -1, "", "", "");
    }
  }
}
