/* Control flow built by a macro whose argument spans lines (token locations matter at -O0). */
#define GUARDED(label, statement) \
  switch (0)                      \
  case 0:                         \
  default:                        \
    if (1) {                      \
      statement;                  \
      goto label;                 \
    } else                        \
  label:                          \
    return -1

int check(int a, int b) {
  int sum = 0;
  GUARDED(first,
          for (int i = 0; i < a; ++i) {
            if (i == b)
              break;
            sum += i;
          });
  return sum;
}
