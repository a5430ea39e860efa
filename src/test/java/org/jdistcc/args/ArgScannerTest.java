package org.jdistcc.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Command lines and what distcc makes of them; the first group is distcc 3.4's own table. */
class ArgScannerTest {
  private static List<String> argv(String command) {
    List<String> words = new ArrayList<>(Arrays.asList(command.trim().split(" +")));
    if (ArgScanner.isImplicitCompiler(words)) {
      words.add(0, "cc");
    }
    return words;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // distcc 3.4, test/testdistcc.py ScanArgs_Case and ImplicitCompilerScan_Case
        "gcc -c hello.c                                 | hello.c        | hello.o",
        "gcc -o /tmp/hello.o -c ../src/hello.c          | ../src/hello.c | /tmp/hello.o",
        "gcc -DMYNAME=quasibar.c bar.c -c -o bar.o      | bar.c          | bar.o",
        "gcc -ohello.o -c hello.c                       | hello.c        | hello.o",
        "ccache gcc -c hello.c                          | hello.c        | hello.o",
        "gcc -S hello.c                                 | hello.c        | hello.s",
        "gcc -c -S hello.c                              | hello.c        | hello.s",
        "gcc -S -c hello.c                              | hello.c        | hello.s",
        "gcc -MD -c hello.c                             | hello.c        | hello.o",
        "gcc -MMD -c hello.c                            | hello.c        | hello.o",
        "gcc -o -output -c foo.c                        | foo.c          | -output",
        "-c hello.c                                     | hello.c        | hello.o",
        "hello.c -c                                     | hello.c        | hello.o",
        "-o hello.o -c hello.c                          | hello.c        | hello.o",
        // dependency options with values are not sources or outputs
        "gcc -MD -MF dep.c -MT x.c -MQ y.o -c m.c -o m.o | m.c           | m.o",
        "gcc -c src/dir/m.cpp                           | src/dir/m.cpp  | m.o",
        "g++ -c x.cc -o out/x.o                          | x.cc           | out/x.o",
        "gcc -c x.i -o x.o                              | x.i            | x.o",
        "gcc -c x.c++ -o x.o                            | x.c++          | x.o",
        "gcc -c x.C -o x.o                              | x.C            | x.o",
        "gcc -c x.m -o x.o                              | x.m            | x.o",
        // -x for the languages distcc 3.4 distributes
        "gcc -x c -c x.c -o x.o                         | x.c            | x.o",
        "gcc -x c++ -c x.c -o x.o                       | x.c            | x.o",
        "gcc -xc++ -c x.c                               | x.c            | x.o",
        "clang -x objective-c -c x.m                    | x.m            | x.o",
        "gcc -x objective-c++ -c x.mm                   | x.mm           | x.o",
        "gcc -x c++ -c x.c -x none                      | x.c            | x.o",
        // dump options that still leave a compilable text
        "gcc -dD -c x.c                                 | x.c            | x.o",
        "gcc -C -c x.c                                  | x.c            | x.o",
        // only a bare -flto stays here, as in distcc 3.4, whose volunteer refuses it
        "gcc -flto=auto -c x.c                          | x.c            | x.o",
        "gcc -flto=4 -c x.c                             | x.c            | x.o",
      })
  void distributes(String command, String input, String output) {
    ScanResult result = ArgScanner.scan(argv(command));
    ScanResult.Distribute job =
        assertInstanceOf(ScanResult.Distribute.class, result, result.toString());
    assertEquals(input, job.input());
    assertEquals(output, job.output());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // distcc 3.4's own table
        "gcc hello.c                                    | no -c or -S",
        "gcc hello.o                                    | without -o",
        "gcc -o hello.o hello.c                         | no -c or -S",
        "gcc -o prog main.o util.o                      | without -o",
        "gcc -o hello.o -c hello.s                      | no C, C++",
        "gcc -o hello.o -c hello.S                      | no C, C++",
        "gcc -fprofile-arcs -ftest-coverage -c hello.c  | profile",
        "gcc -M hello.c                                 | lists dependencies",
        "gcc -ME hello.c                                | lists dependencies",
        "gcc -S foo.c -o -                              | standard output",
        "-S -o - foo.c                                  | standard output",
        "-c -S -o - foo.c                               | standard output",
        "-S -c -o - foo.c                               | standard output",
        // more of distcc 3.4's rules (arg.c)
        "gcc -E hello.c                                 | -E only preprocesses",
        "gcc -MM -c hello.c                             | lists dependencies",
        "gcc --coverage -c hello.c                      | profile",
        "gcc -frepo -c hello.cc                         | .rpo",
        "gcc -x assembler -c hello.c                    | -x assembler is not C",
        "gcc -x c-header -c hello.c                     | -x c-header is not C",
        "gcc -xcpp-output -c hello.c                    | -x cpp-output is not C",
        "gcc -x assembler-with-cpp -c hello.c           | -x assembler-with-cpp is not C",
        "gcc -c hello.c -x                              | -x  is not C",
        "gcc -drA -c hello.c                            | debug files",
        "gcc -march=native -c hello.c                   | this machine's processor",
        "gcc -mtune=native -c hello.c                   | this machine's processor",
        "gcc -flto -c hello.c                           | -flto",
        "gcc -Wa,-alh=x.lst -c hello.c                  | assembler write extra files",
        "gcc -Wa,--MD,x.d -c hello.c                    | assembler write extra files",
        "gcc -specs=my.specs -c hello.c                 | spec file",
        "gcc -c a.c b.c                                 | more than one source",
        "gcc -c a.c -o a.o b.o                          | without -o",
        "gcc -c a.c b.o                                 | without -o",
        "gcc -c -o a.o -o b.o a.c                       | more than one output",
        "gcc -c conftest.c                              | autoconf test",
        "gcc -c sub/tmp.conftest.c                      | autoconf test",
        "gcc -c                                         | no C, C++",
        // beyond distcc 3.4
        "gcc -fprofile-use -c hello.c                   | profile",
        "gcc -fprofile-generate=dir -c hello.c          | profile",
        "gcc -fauto-profile=x.afdo -c hello.c           | profile",
        "gcc -gsplit-dwarf -c hello.c                   | .dwo",
        "gcc -save-temps -c hello.c                     | intermediate files",
        "gcc -mcpu=native -c hello.c                    | this machine's processor",
        "gcc @args.rsp                                  | response file",
        "gcc -c hello.c -o                              | -o without a file name",
        "gcc -dM -c hello.c                             | only the macros",
        "gcc -P -c hello.c                              | line markers",
        "gcc -fdebug-cpp -c hello.c                     | preprocessor internals",
      })
  void runsLocally(String command, String reason) {
    ScanResult result = ArgScanner.scan(argv(command));
    ScanResult.RunLocally local =
        assertInstanceOf(ScanResult.RunLocally.class, result, result.toString());
    assertTrue(local.reason().contains(reason), local.reason());
  }

  @Test
  void impliedOutputIsAppendedToTheCommand() {
    ScanResult.Distribute job = (ScanResult.Distribute) ArgScanner.scan(argv("gcc -c src/x.c"));
    assertEquals(List.of("gcc", "-c", "src/x.c", "-o", "x.o"), job.argv());
  }

  @Test
  void explicitOutputLeavesTheCommandAsItWas() {
    List<String> command = argv("gcc -c x.c -o y.o");
    assertEquals(command, ((ScanResult.Distribute) ArgScanner.scan(command)).argv());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-c hello.c | true",
        "hello.c -c | true",
        "gcc -c hello.c | false",
        "--version | true",
        "ccache gcc | false"
      })
  void implicitCompilerIsAnOptionOrASourceFirst(String args, boolean implicit) {
    assertEquals(implicit, ArgScanner.isImplicitCompiler(Arrays.asList(args.split(" "))));
  }
}
