#ifndef SHAPES_H
#define SHAPES_H
int square(int n);
int triangle(int n);
int count_primes(int below);
#endif
