/* A small multi-file program for the quick start: each .c file is one distcc job. */
#include <stdio.h>
#include "shapes.h"

int main(void) {
  printf("square(7) = %d\n", square(7));
  printf("triangle(10) = %d\n", triangle(10));
  printf("primes below 100: %d\n", count_primes(100));
  return 0;
}
