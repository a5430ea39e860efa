package org.jdistcc.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostsSourceTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path distccDir = fs.getPath("/home/u/.distcc");
  private final Path systemFile = fs.getPath("/etc/distcc/hosts");

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void environmentWinsOverBothFiles() throws IOException {
    write(distccDir.resolve("hosts"), "user");
    write(systemFile, "system");
    assertEquals("env", HostsSource.resolve("env", distccDir, systemFile));
  }

  @Test
  void emptyEnvironmentIsStillUsedAsDistccDoes() throws IOException {
    write(systemFile, "system");
    assertEquals("", HostsSource.resolve("", distccDir, systemFile));
  }

  @Test
  void userFileWinsOverSystemFile() throws IOException {
    write(distccDir.resolve("hosts"), "user # comment\n");
    write(systemFile, "system");
    assertEquals("user # comment\n", HostsSource.resolve(null, distccDir, systemFile));
  }

  @Test
  void systemFileIsTheLastResort() throws IOException {
    write(systemFile, "localhost\n@angry/8\n");
    String text = HostsSource.resolve(null, distccDir, systemFile);
    assertEquals(2, HostSpecParser.parse(text).hosts().size());
  }

  @Test
  void aDirectoryNamedHostsIsSkipped() throws IOException {
    Files.createDirectories(distccDir.resolve("hosts"));
    write(systemFile, "system");
    assertEquals("system", HostsSource.resolve(null, distccDir, systemFile));
  }

  @Test
  void noListAnywhereIsNoHostsNamingBothFiles() {
    DistccException e =
        assertThrows(DistccException.class, () -> HostsSource.resolve(null, distccDir, systemFile));
    assertEquals(ExitCode.NO_HOSTS, e.exitCode());
    assertTrue(e.getMessage().contains("/home/u/.distcc/hosts"), e.getMessage());
    assertTrue(e.getMessage().contains("/etc/distcc/hosts"), e.getMessage());
  }
}
