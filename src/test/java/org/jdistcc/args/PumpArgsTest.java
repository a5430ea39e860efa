package org.jdistcc.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PumpArgsTest {
  private static final String R = "/v/job/root";

  private static List<String> split(String s) {
    return Arrays.asList(s.trim().split(" +"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // include options, joined and separate, absolute and relative
        "relative -I stays          | gcc -c x.c -o x.o -Iinc                  | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -Iinc -MMD -MF DEPS -MQ x.o",
        "absolute -I gets the root  | gcc -c x.c -o x.o -I/usr/local/inc       | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -I<R>/usr/local/inc -MMD -MF DEPS -MQ x.o",
        "separate -I                | gcc -c x.c -o x.o -I /a                  | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -I <R>/a -MMD -MF DEPS -MQ x.o",
        "-include and -imacros      | gcc -c x.c -o x.o -include /a/c.h -imacros/m.h | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -include <R>/a/c.h -imacros<R>/m.h -MMD -MF DEPS -MQ x.o",
        "-isystem -iquote -idirafter | gcc -c x.c -o x.o -isystem /s -iquote /q -idirafter/d | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -isystem <R>/s -iquote <R>/q -idirafter<R>/d -MMD -MF DEPS -MQ x.o",
        "-iprefix and -iwithprefix  | gcc -c x.c -o x.o -iprefix /p/ -iwithprefixbefore/b -iwithprefix /w | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -iprefix <R>/p/ -iwithprefixbefore<R>/b -iwithprefix <R>/w -MMD -MF DEPS -MQ x.o",
        // the source
        "absolute source            | gcc -c /src/x.c -o x.o                   | gcc -ffile-prefix-map=<R>= -c <R>/src/x.c -o OBJ -MMD -MF DEPS -MQ x.o",
        // dependency options
        "-MD kept, -MF replaced     | gcc -c x.c -o x.o -MD -MF /b/x.d         | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -MD -MF DEPS -MQ x.o",
        "joined -MF replaced        | gcc -c x.c -o x.o -MMD -MFx.d            | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -MMD -MF DEPS -MQ x.o",
        "-MT kept as the target     | gcc -c x.c -o x.o -MD -MT t1 -MT t2      | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -MD -MT t1 -MT t2 -MF DEPS",
        "-MQ kept as the target     | gcc -c x.c -o x.o -MD -MQ $t             | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -MD -MQ $t -MF DEPS",
        "no -o: gcc's default target | gcc -c src/x.c                          | gcc -ffile-prefix-map=<R>= -c src/x.c -o OBJ -MMD -MF DEPS -MQ x.o",
        "-S without -o: target .o   | gcc -S x.c                               | gcc -ffile-prefix-map=<R>= -S x.c -o OBJ -MMD -MF DEPS -MQ x.o",
        // prefix maps
        "user prefix map after ours | gcc -c x.c -o x.o -fdebug-prefix-map=/src=. -fmacro-prefix-map=rel=x | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -fdebug-prefix-map=<R>/src=. -fmacro-prefix-map=rel=x -MMD -MF DEPS -MQ x.o",
        "output named like -I       | gcc -c x.c -o /I/x.o                     | gcc -ffile-prefix-map=<R>= -c x.c -o OBJ -MMD -MF DEPS -MQ /I/x.o",
      })
  void commandIsRewrittenForTheVolunteer(String name, String user, String expected) {
    List<String> argv = split(user);
    ScanResult.Distribute job = (ScanResult.Distribute) ArgScanner.scan(argv);
    List<String> got =
        PumpArgs.forVolunteer(job, job.argv().size() == argv.size(), R, "DEPS", "OBJ");
    assertEquals(split(expected.replace("<R>", R)), got);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "root taken out       | x.o: <R>/src/x.c inc/a.h <R>/opt/b.h | x.o: /src/x.c inc/a.h /opt/b.h",
        "root alone untouched | x.o: <R>x.h                          | x.o: <R>x.h",
        "system paths stay    | x.o: /usr/include/stdio.h            | x.o: /usr/include/stdio.h",
      })
  void dependenciesAreGivenBackInClientPaths(String name, String server, String client) {
    assertEquals(
        client.replace("<R>", R), PumpArgs.clientDependencies(server.replace("<R>", R), R, false));
  }
}
