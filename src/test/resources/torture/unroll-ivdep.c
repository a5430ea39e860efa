/* #pragma GCC unroll and #pragma GCC ivdep. */
int sum(const int *a) {
  int s = 0;
#pragma GCC unroll 4
  for (int i = 0; i < 16; i++) s += a[i];
  return s;
}
void copy(int *a, const int *b, int n) {
#pragma GCC ivdep
  for (int i = 0; i < n; i++) a[i] = b[i] + 1;
}
