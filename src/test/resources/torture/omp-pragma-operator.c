/* _Pragma("omp ...") in a macro: expanded by the compiler, in every mode. */
#define DO_PRAGMA(x) _Pragma(#x)
#define PARALLEL DO_PRAGMA(omp parallel for)
void fill(int *a, int n) {
  PARALLEL
  for (int i = 0; i < n; i++)
    a[i] = i;
}
