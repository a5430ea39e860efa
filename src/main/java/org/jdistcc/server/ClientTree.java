package org.jdistcc.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.protocol.PumpEntry;

/**
 * The files of a pump-mode request, unpacked under a job's private root that stands for the
 * client's {@code /}. The rules, which distccd 3.4 does not enforce:
 *
 * <ul>
 *   <li>a NAME (and the working directory) is absolute, without {@code .} or {@code ..} components,
 *       and names nothing that exists yet;
 *   <li>no component of a NAME is followed through a link: directories are made, links the client
 *       sent are never walked, so a file written "through" a link is refused;
 *   <li>a LINK points inside the root (an absolute target is taken relative to the root, as distccd
 *       3.4 does) or into one of the compiler's own system include directories (distcc's link
 *       farm); a {@code ..} may only lead the target, so no chain of links can climb out.
 * </ul>
 *
 * Nothing is written outside the root. Reading through the links is the compiler's business.
 */
final class ClientTree {
  /** The volunteer's own system include directories, asked for only when a link needs them. */
  interface SystemDirs {
    List<Path> get() throws IOException;
  }

  private final Path root;
  private final SystemDirs systemDirs;

  /**
   * @param root an empty directory, made by the daemon
   */
  ClientTree(Path root, SystemDirs systemDirs) throws IOException {
    this.root = root.toRealPath();
    this.systemDirs = systemDirs;
  }

  /** The real path of the root, as the compiler's arguments must name it. */
  Path root() {
    return root;
  }

  /** Makes the client's working directory under the root and returns it. */
  Path makeDirectory(String clientPath) throws Refusal, IOException {
    Path dir = root;
    for (String part : components(clientPath, "working directory")) {
      dir = dir.resolve(part);
      BasicFileAttributes a = attributes(dir);
      if (a == null) {
        Files.createDirectory(dir);
      } else if (!a.isDirectory() || a.isSymbolicLink()) {
        throw new Refusal(
            "pump-path", "working directory " + clientPath + " passes through a file or link");
      }
    }
    return dir;
  }

  /** Writes every entry in order; the first that breaks a rule stops the job. */
  void unpack(List<PumpEntry> entries) throws Refusal, IOException {
    for (PumpEntry entry : entries) {
      Path target = placeFor(entry.name());
      try {
        if (entry instanceof PumpEntry.File file) {
          Files.write(
              target, file.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } else if (entry instanceof PumpEntry.Link link) {
          Files.createSymbolicLink(target, Path.of(checkedTarget(link, target)));
        }
      } catch (FileAlreadyExistsException e) {
        throw new Refusal("pump-path", entry.name() + " is sent twice");
      }
    }
  }

  /** The entry's place under the root, its directories made, none of them a link. */
  private Path placeFor(String name) throws Refusal, IOException {
    List<String> parts = components(name, "NAME");
    if (parts.isEmpty()) {
      throw new Refusal("pump-path", "NAME " + name + " names the root");
    }
    Path dir = root;
    for (int i = 0; i < parts.size() - 1; i++) {
      dir = dir.resolve(parts.get(i));
      BasicFileAttributes a = attributes(dir);
      if (a == null) {
        Files.createDirectory(dir);
      } else if (a.isSymbolicLink()) {
        throw new Refusal(
            "pump-path", "NAME " + name + " passes through the link " + clientName(dir));
      } else if (!a.isDirectory()) {
        throw new Refusal(
            "pump-path", "NAME " + name + " passes through the file " + clientName(dir));
      }
    }
    Path place = dir.resolve(parts.get(parts.size() - 1));
    if (attributes(place) != null) {
      throw new Refusal("pump-path", name + " is sent twice or is a directory of another NAME");
    }
    return place;
  }

  /** The target to create, or a Refusal when it would lead outside. */
  private String checkedTarget(PumpEntry.Link link, Path place) throws Refusal, IOException {
    String target = link.target();
    boolean absolute = target.startsWith("/");
    Path base = absolute ? root : place.getParent();
    List<String> parts = new ArrayList<>();
    boolean climbing = true;
    for (String part : (absolute ? target.substring(1) : target).split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (absolute) {
          throw refusedLink(link, "has \"..\" in an absolute target");
        }
        if (!climbing) {
          throw refusedLink(link, "has \"..\" after a name (only a leading run is allowed)");
        }
        base = base.getParent() == null ? base : base.getParent();
      } else {
        climbing = false;
        parts.add(part);
      }
    }
    Path resolved = base;
    for (String part : parts) {
      resolved = resolved.resolve(part);
    }
    if (resolved.startsWith(root)) {
      return absolute ? resolved.toString() : target;
    }
    for (Path system : systemDirs.get()) {
      if (resolved.startsWith(system)) {
        return target;
      }
    }
    throw refusedLink(link, "points outside the job and outside the compiler's system directories");
  }

  private static Refusal refusedLink(PumpEntry.Link link, String why) {
    return new Refusal("pump-path", "LINK " + link.name() + " -> " + link.target() + " " + why);
  }

  private String clientName(Path under) {
    return "/" + root.relativize(under);
  }

  /** The components of an absolute client path; "." and ".." are refused, "//" is one slash. */
  static List<String> components(String path, String what) throws Refusal {
    if (!path.startsWith("/")) {
      throw new Refusal("pump-path", what + " " + path + " is not absolute");
    }
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.equals(".") || part.equals("..")) {
        throw new Refusal("pump-path", what + " " + path + " contains \"" + part + "\"");
      }
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }

  private static BasicFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
