/* #pragma GCC push_options/optimize/pop_options. */
#pragma GCC push_options
#pragma GCC optimize("O3")
int sum(const int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
#pragma GCC pop_options
