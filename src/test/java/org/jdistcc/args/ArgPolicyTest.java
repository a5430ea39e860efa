package org.jdistcc.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgPolicyTest {
  private static List<String> command(String args) {
    List<String> argv = new ArrayList<>(List.of("gcc", "-c", "x.c", "-o", "x.o"));
    argv.addAll(Arrays.asList(args.trim().split(" +")));
    return argv;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // code execution
        "-fplugin=/tmp/evil.so                | compiler plugins",
        "-fplugin-arg-evil-x=1                | compiler plugins",
        "-iplugindir=/tmp                     | compiler plugins",
        "-fpass-plugin=/tmp/evil.so           | compiler plugins",
        "-Xclang -load -Xclang /tmp/evil.so   | -load loads code",
        "-Xclang -plugin -Xclang evil         | -plugin loads code",
        "-Xclang -fplugin=/tmp/evil.so        | compiler plugins",
        "-Xclang -add-plugin -Xclang evil     | -add-plugin loads code",
        "-Xclang -plugin-arg-evil -Xclang x   | -plugin-arg-evil loads code",
        "-specs=/tmp/evil.specs               | spec files",
        "--specs=evil.specs                   | spec files",
        "-B/tmp                               | other than the compiler's own",
        "-B /tmp                              | other than the compiler's own",
        "-wrapper /bin/sh,-c,id               | other than the compiler's own",
        // reading files the client chose
        "--sysroot=/                          | headers and libraries",
        "-isysroot /                          | headers and libraries",
        "@/etc/shadow                         | response files",
        // writing outside the job directory
        "-MF /etc/x.d                         | would write /etc/x.d",
        "-MF../x.d                            | would write ../x.d",
        "-MF=/abs.d                           | would write /abs.d",
        "-dumpdir /tmp/                       | would write /tmp/",
        "-dumpbase ../x                       | would write ../x",
        "-auxbase /tmp/x                      | would write /tmp/x",
        "-aux-info /etc/x                     | would write /etc/x",
        "-fdump-tree-all=/tmp/dump            | outside the job's directory",
        "-fopt-info-all=../opt.txt            | outside the job's directory",
        "-fprofile-generate=/tmp/prof         | outside the job's directory",
        "-fprofile-dir=/tmp                   | outside the job's directory",
        "-fdiagnostics-add-output=sarif:file=/tmp/x.sarif | outside the job's directory",
        "-Wa,-adhln=/tmp/listing.txt          | assembler or preprocessor",
        "-Wp,-MD,/tmp/x.d                     | assembler or preprocessor",
        "-Xassembler -a=/tmp/l                | assembler or preprocessor",
        "-Xpreprocessor ../x                  | assembler or preprocessor",
        "-o y.o                               | -o given 2 times",
      })
  void unsafeArgumentIsRefusedWithReason(String args, String reason) {
    Optional<String> why = ArgPolicy.check(command(args), Set.of());
    assertTrue(why.isPresent(), "should refuse " + args);
    assertTrue(why.get().contains(reason), why.get());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-O2 -g -Wall -Wextra",
        "-fPIC -fstack-protector-strong -D_FORTIFY_SOURCE=2",
        "-ffile-prefix-map=/home/me/src=.",
        "-fdebug-prefix-map=/build=/usr/src",
        "-MD",
        "-MMD -MF x.d -MT x.o",
        "-fdump-tree-optimized",
        "-save-temps=obj",
        "-fprofile-arcs -ftest-coverage",
        "-Wa,--noexecstack",
        "-Wl,-z,relro",
        "-std=c++17 -pthread",
        "-fdiagnostics-color=always",
        "-dumpbase-ext .c",
        "-x c",
        "-Xclang -DNDEBUG -Xclang -UX",
        "-Xclang -fno-pch-timestamp",
      })
  void ordinaryArgumentsPass(String args) {
    assertEquals(Optional.empty(), ArgPolicy.check(command(args), Set.of()));
  }

  @Test
  void allowListedArgumentPasses() {
    List<String> argv = command("--sysroot=/opt/arm");
    assertEquals(Optional.empty(), ArgPolicy.check(argv, Set.of("--sysroot=/opt/arm")));
    assertTrue(ArgPolicy.check(argv, Set.of("--sysroot=/opt/other")).isPresent());
  }

  @ParameterizedTest
  @CsvSource({
    "/x,true",
    "~/x,true",
    "..,true",
    "../x,true",
    "a/../../x,true",
    "a/..,true",
    "x.d,false",
    "sub/x.d,false",
    "..x,false"
  })
  void pathEscapeIsRecognised(String path, boolean escapes) {
    assertEquals(escapes, ArgPolicy.escapes(path));
  }
}
