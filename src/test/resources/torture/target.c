/* #pragma GCC target. */
#pragma GCC target("avx2")
int sum(const int *a) { int s = 0; for (int i = 0; i < 64; i++) s += a[i]; return s; }
