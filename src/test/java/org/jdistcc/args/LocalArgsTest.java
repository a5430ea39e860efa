package org.jdistcc.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** distcc 3.4's StripArgs_Case, and the dependency options of the local preprocessor command. */
class LocalArgsTest {
  private static List<String> words(String s) {
    return Arrays.asList(s.trim().split(" +"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gcc -c hello.c                                   | gcc -c hello.c",
        "cc -Dhello hello.c -c                            | cc hello.c -c",
        "gcc -g -O2 -W -Wall -Wshadow -Wpointer-arith -Wcast-align -c -o h_strip.o h_strip.c"
            + " | gcc -g -O2 -W -Wall -Wshadow -Wpointer-arith -Wcast-align -c -o h_strip.o h_strip.c",
        "gcc -DMYNAME=quasibar.c bar.c -c -o bar.o        | gcc bar.c -c -o bar.o",
        "gcc -Wp,-MD,.deps/hello.pp -c hello.c            | gcc -c hello.c",
        "gcc -I /usr/include -Iinc -include cfg.h -c x.c  | gcc -c x.c",
        "gcc -MD -MF x.d -MT x.o -MQ y.o -MP -MG -c x.c   | gcc -c x.c",
        "gcc -isystem /opt/inc -isystem/x -nostdinc -c x.c | gcc -c x.c",
        "gcc -lfoo -L/lib -Wl,-rpath,/x -c x.c             | gcc -c x.c",
        "g++ -stdlib=libc++ -undef -nostdinc++ -c x.cc     | g++ -c x.cc",
        "gcc -U FOO -UBAR -imacros m.h -idirafter d -c x.c | gcc -c x.c",
        // beyond distcc 3.4: the text is already converted, converting it again garbles it
        "gcc -finput-charset=latin1 -fexec-charset=latin1 -c x.c | gcc -fexec-charset=latin1 -c x.c",
        "gcc -x c++ -c x.c                                 | gcc -c x.c",
      })
  void preprocessorOnlyOptionsAreStripped(String command, String remote) {
    assertEquals(words(remote), LocalArgs.strip(words(command)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gcc -c m.c                       | gcc -E m.c -o T",
        "gcc -MMD -c m.c -o out/x.o       | gcc -MMD -E m.c -o T -MF out/x.d -MQ out/x.o",
        "gcc -MD -c m.c                   | gcc -MD -E m.c -o T -MF m.d -MQ m.o",
        "gcc -MD -S src/m.c               | gcc -MD -E src/m.c -o T -MF m.d -MQ m.o",
        "gcc -MD -S m.c -o out/y.s        | gcc -MD -E m.c -o T -MF out/y.d -MQ out/y.s",
        "gcc -MD -MF dep.d -c m.c -o z.o  | gcc -MD -MF dep.d -E m.c -o T -MQ z.o",
        "gcc -MD -MT foo -c m.c -o w.o    | gcc -MD -MT foo -E m.c -o T -MF w.d",
        "gcc -Wp,-MD,d.pp -c m.c -o w.o   | gcc -Wp,-MD,d.pp -E m.c -o T",
      })
  void preprocessorWritesDependenciesAsTheOneStepCompileWould(String command, String cpp) {
    List<String> argv = words(command);
    ScanResult.Distribute job = (ScanResult.Distribute) ArgScanner.scan(argv);
    assertEquals(
        words(cpp), DependencyArgs.preprocessCommand(argv, job, "T", Preprocessing.CLASSIC));
  }
}
