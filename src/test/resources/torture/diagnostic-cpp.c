/* #pragma GCC diagnostic for a preprocessor warning. */
#pragma GCC diagnostic ignored "-Wcpp"
#warning "hidden in a one-step compile"
int x = 1;
