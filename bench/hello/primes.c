#include "shapes.h"

int count_primes(int below) {
  int count = 0;
  for (int n = 2; n < below; n++) {
    int prime = 1;
    for (int d = 2; d * d <= n; d++) {
      if (n % d == 0) {
        prime = 0;
        break;
      }
    }
    count += prime;
  }
  return count;
}
