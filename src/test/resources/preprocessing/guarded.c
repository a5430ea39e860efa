/* Control flow built by a macro whose argument spans lines: at -O0, GCC compiles this differently
   after a plain -E (every expanded token on one line) than in one step. */
#include <stdio.h>
#define GUARDED(label, statement)                   \
  switch (0)                                        \
  case 0:                                           \
  default:                                          \
    if (1) {                                        \
      statement;                                    \
      goto label;                                   \
    } else                                          \
  label:                                            \
    puts("guard done")

int check(int a, int b) {
  int sum = 0;
  GUARDED(first,
          for (int i = 0; i < a; ++i) {
            if (i == b)
              break;
            sum += i;
          });
  GUARDED(second,
          while (sum > 100)
            sum /= 2);
  return sum;
}
