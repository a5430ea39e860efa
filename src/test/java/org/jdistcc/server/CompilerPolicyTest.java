package org.jdistcc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompilerPolicyTest {
  @TempDir Path root;
  private Path masq;
  private Path bin;
  private CompilerPolicy policy;

  private Path executable(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @BeforeEach
  void setUp() throws IOException {
    masq = Files.createDirectories(root.resolve("lib/distcc"));
    bin = root.resolve("bin");
    executable(bin, "gcc");
    executable(bin, "sh");
    executable(bin, "clang");
    Path distcc = executable(root.resolve("distcc-bin"), "distcc");
    Files.createSymbolicLink(masq.resolve("gcc"), distcc);
    Files.createSymbolicLink(masq.resolve("cc"), distcc);
    policy = new CompilerPolicy(masq, Set.of("clang"), Optional.empty(), List.of(masq, bin));
  }

  @Test
  void whitelistedCompilerResolvesOnPathSkippingTheMasqueradeDirectory() throws Refusal {
    assertEquals(bin.resolve("gcc"), policy.resolve("gcc"));
  }

  @Test
  void systemDirectoryPrefixIsDroppedAsDistccDoes() throws Refusal {
    assertEquals(bin.resolve("gcc"), policy.resolve("/usr/bin/gcc"));
    assertEquals(bin.resolve("gcc"), policy.resolve("/bin/gcc"));
  }

  @Test
  void explicitlyAllowedCompilerNeedsNoMasqueradeEntry() throws Refusal {
    assertEquals(bin.resolve("clang"), policy.resolve("clang"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sh                    | compiler-whitelist",
        "bash                  | compiler-whitelist",
        "/bin/sh -c id         | compiler-whitelist",
        "../gcc                | compiler-path",
        "/tmp/gcc              | compiler-path",
        "/usr/local/bin/gcc    | compiler-path",
        "cc                    | compiler-missing",
      })
  void compilerOutsideTheWhitelistIsRefused(String name, String rule) {
    Refusal r = assertThrows(Refusal.class, () -> policy.resolve(name));
    assertEquals(rule, r.rule(), r.getMessage());
  }

  @Test
  void masqueradeLinkOnPathIsNeverRun() throws IOException {
    Path other = Files.createDirectories(root.resolve("other"));
    Files.createSymbolicLink(other.resolve("gcc"), root.resolve("distcc-bin/distcc"));
    CompilerPolicy p = new CompilerPolicy(masq, Set.of(), Optional.empty(), List.of(other, bin));
    assertEquals(bin.resolve("gcc"), p.resolve("gcc"));
  }

  @Test
  void commandListMapsByLastPathComponents() throws IOException {
    Path list = root.resolve("cmdlist");
    Files.writeString(list, "/opt/tools/gcc-12/bin/arm-gcc\n/opt/tools/gcc-13/bin/arm-gcc\n");
    CompilerPolicy p =
        new CompilerPolicy(
            masq, Set.of(), Optional.of(CompilerPolicy.CommandList.load(list, 3)), List.of(bin));
    assertEquals(
        Path.of("/opt/tools/gcc-13/bin/arm-gcc"), p.resolve("/elsewhere/gcc-13/bin/arm-gcc"));
    Refusal r = assertThrows(Refusal.class, () -> p.resolve("gcc"));
    assertTrue(r.getMessage().contains("DISTCC_CMDLIST"), r.getMessage());
  }
}
