/* #pragma omp parallel for: with -fopenmp, a directives-only preprocessor consumes the pragma. */
void scale(int *a, int n) {
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    a[i] = i * 2;
}
