/* #pragma omp simd: registered by -fopenmp-simd, consumed like omp parallel. */
void add(float *a, const float *b, int n) {
#pragma omp simd
  for (int i = 0; i < n; i++)
    a[i] += b[i];
}
