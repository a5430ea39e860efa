package org.jdistcc.include;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultSearchPathTest {
  @Test
  void gccVerboseOutputGivesItsDirectoriesInOrder() {
    String gcc =
        "Using built-in specs.\nignoring nonexistent directory \"/usr/x\"\n"
            + "#include \"...\" search starts here:\n#include <...> search starts here:\n"
            + " /usr/lib/gcc/x86_64-linux-gnu/12/include\n /usr/local/include\n /usr/include\n"
            + "End of search list.\nCOMPILER_PATH=/usr/libexec\n";
    DefaultSearchPath p = DefaultSearchPath.parse(gcc);
    assertEquals(List.of(), p.quoted());
    assertEquals(
        List.of("/usr/lib/gcc/x86_64-linux-gnu/12/include", "/usr/local/include", "/usr/include"),
        p.angled());
  }

  @Test
  void quotedOnlyDirectoriesAndClangFrameworksAreKeptApart() {
    String clang =
        "#include \"...\" search starts here:\n /q\n#include <...> search starts here:\n"
            + " /usr/include\n /Library/Frameworks (framework directory)\nEnd of search list.\n";
    DefaultSearchPath p = DefaultSearchPath.parse(clang);
    assertEquals(List.of("/q"), p.quoted());
    assertEquals(List.of("/usr/include"), p.angled());
  }

  @Test
  void outputWithoutASearchListIsRefusedSayingWhatIsMissing() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DefaultSearchPath.parse("cc: error: unrecognized option\n"));
    assertTrue(e.getMessage().contains("search starts here"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DefaultSearchPath.parse("#include <...> search starts here:\n /usr/include\n"));
    assertTrue(e.getMessage().contains("End of search list"), e.getMessage());
  }
}
