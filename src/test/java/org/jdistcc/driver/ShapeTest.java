package org.jdistcc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShapeTest {
  private static List<String> argv(String words) {
    return Arrays.asList(words.split(" "));
  }

  /** Commands (input t.c, output /o/t.i) that keep the driver, and why. */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "/usr/bin/gcc -v -E t.c -o /o/t.i;the driver prints more than the program's messages",
        "/usr/bin/gcc -save-temps -E t.c -o /o/t.i;more than one program",
        "/usr/bin/gcc -no-integrated-cpp -E t.c -o /o/t.i;more than one program",
        "/usr/bin/gcc @opts -E t.c -o /o/t.i;a response file may change under the same command",
        "/usr/bin/gcc -specs=x -E t.c -o /o/t.i;a specs file may change under the same command",
        "/usr/bin/gcc -B/opt/bin -E t.c -o /o/t.i;programs from elsewhere",
        "/usr/bin/gcc -fplugin=p.so -E t.c -o /o/t.i;loads code",
        "/usr/bin/gcc -dumpbase x -E t.c -o /o/t.i;names the driver derives",
        "/usr/bin/gcc -E t.c -MFt.d -o /o/t.i;a joined dependency name",
        "/usr/bin/gcc -E t.c t.c -o /o/t.i;the input twice",
        "/usr/bin/gcc -E other.c -o /o/t.i;no input",
        "/usr/bin/gcc -E t.c -o /o/other.i;no output",
        "/usr/bin/gcc -E t.c;no output",
        "gcc -E t.c -o /o/t.i;a driver found on PATH",
      })
  void keepsTheDriverFor(String command, String why) {
    assertEquals(Optional.empty(), Shape.of(argv(command), "t.c", "/o/t.i"), why);
  }

  @Test
  void namesAreNotPartOfTheKey() {
    Shape one =
        Shape.of(argv("/usr/bin/gcc -E -MD -MF a.d -MT a.o a.c -o /t1/a.i"), "a.c", "/t1/a.i")
            .orElseThrow();
    Shape two =
        Shape.of(argv("/usr/bin/gcc -E -MD -MF b.d -MT b.o b.c -o /t2/b.i"), "b.c", "/t2/b.i")
            .orElseThrow();
    assertEquals(one.key(), two.key());
    assertEquals(List.of("a.c", "/t1/a.i", "a.d", "a.o"), one.values());
    assertEquals(
        argv("/usr/bin/gcc -E -MD -MF y.d -MT y.o x.c -o /o/x.i"),
        one.with(List.of("x.c", "/o/x.i", "y.d", "y.o")));
  }

  /** Pairs of inputs whose commands must not share a key: the driver may treat them apart. */
  @ParameterizedTest
  @CsvSource({"a.c,b.cc", "a.c,src/b.c", "src/a.c,/abs/b.c", "a.c,b", "a.c,b.C"})
  void formsArePartOfTheKey(String a, String b) {
    Shape one = Shape.of(argv("/usr/bin/gcc -E " + a + " -o /o/x.i"), a, "/o/x.i").orElseThrow();
    Shape two = Shape.of(argv("/usr/bin/gcc -E " + b + " -o /o/x.i"), b, "/o/x.i").orElseThrow();
    assertNotEquals(one.key(), two.key());
  }

  @Test
  void strangersKeepEachNamesForm() {
    Shape shape =
        Shape.of(
                argv("/usr/bin/gcc -E src/a.c -MF a.d -MT /abs/a.o -o /o/a.i"), "src/a.c", "/o/a.i")
            .orElseThrow();
    List<String> strangers = shape.strangers("jdX");
    assertEquals(
        List.of("jdX0d/jdX0f.c", "/jdX1d/jdX1f.i", "jdX2f.d", "/jdX3d/jdX3f.o"), strangers);
    for (String s : strangers) {
      assertTrue(s.contains("jdX"));
    }
  }
}
