package org.jdistcc.protocol;

import java.util.Arrays;

/**
 * One entry of a protocol 3 request's file list: a file with its contents, or a symbolic link with
 * its target. The names are the client's absolute paths; whether they are acceptable on a volunteer
 * is decided by the server, not here.
 */
public sealed interface PumpEntry {
  /** The client's absolute path of the file or link (the NAME packet). */
  String name();

  /**
   * A file and its uncompressed contents (the FILE packet, LZO1X on the wire).
   *
   * @param name the client's absolute path
   * @param content the file's bytes
   * @param packed the contents as the FILE packet carries them, or null to compress them when the
   *     request is written; not part of equality
   */
  record File(String name, byte[] content, byte[] packed) implements PumpEntry {
    public File {
      PumpEntry.checkText(name, "file name");
    }

    public File(String name, byte[] content) {
      this(name, content, null);
    }

    /**
     * The file with its FILE packet made now, for a sender that keeps the entry and sends it again
     * (the agent's cache of unchanged headers).
     */
    public static File packed(String name, byte[] content) {
      return new File(name, content, Lzo1x.compress(content, 0, content.length));
    }

    /** The FILE packet's body. */
    byte[] wireForm() {
      return packed != null ? packed : Lzo1x.compress(content, 0, content.length);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof File f && f.name.equals(name) && Arrays.equals(f.content, content);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
      return "File[" + name + ", " + content.length + " bytes]";
    }
  }

  /**
   * A symbolic link (the LINK packet).
   *
   * @param name the client's absolute path of the link
   * @param target what the link points to, absolute or relative to the link's directory
   */
  record Link(String name, String target) implements PumpEntry {
    public Link {
      PumpEntry.checkText(name, "link name");
      PumpEntry.checkText(target, "link target");
    }
  }

  private static void checkText(String text, String what) {
    if (text.isEmpty() || text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " must be non-empty and free of NUL bytes");
    }
  }
}
