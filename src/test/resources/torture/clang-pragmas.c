/* Clang's own pragmas: diagnostic, loop, attribute, deprecated macros. */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-variable"
int f(void) { int unused; return 0; }
#pragma clang diagnostic pop
#define OLD 1
#pragma clang deprecated(OLD)
int old = OLD;
#pragma clang attribute push(__attribute__((cold)), apply_to = function)
void rarely(void) {}
#pragma clang attribute pop
int sum(const int *a) {
  int s = 0;
#pragma clang loop unroll(full)
  for (int i = 0; i < 8; i++) s += a[i];
  return s;
}
