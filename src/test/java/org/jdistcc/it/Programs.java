package org.jdistcc.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small C and C++ sources the integration tests compile, with a header, a warning and an error. */
final class Programs {
  private Programs() {}

  static final String HEADER = "#define SCALE 3\nint scaled(int x);\n";

  static final String C_SOURCE =
      "#include <stdio.h>\n#include \"shapes.h\"\n"
          + "int scaled(int x) { int unused; return SCALE * x; }\n"
          + "int main(void) { printf(\"%d\\n\", scaled(14)); return 0; }\n";

  static final String CXX_SOURCE =
      "#include <map>\n#include <string>\n#include <vector>\n#include \"shapes.h\"\n"
          + "template <typename T> T sum(const std::vector<T>& v) { T s{}; for (auto& x : v) s += x; return s; }\n"
          + "int scaled(int x) { return SCALE * x; }\n"
          + "std::map<std::string, int> table() { return {{\"a\", sum(std::vector<int>{1, 2, scaled(3)})}}; }\n";

  static final String BROKEN = "int broken( { return; }\n";

  /** Writes shapes.h, hello.c, hello.cpp and broken.c into {@code dir}. */
  static void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("shapes.h"), HEADER);
    Files.writeString(dir.resolve("hello.c"), C_SOURCE);
    Files.writeString(dir.resolve("hello.cpp"), CXX_SOURCE);
    Files.writeString(dir.resolve("broken.c"), BROKEN);
  }
}
