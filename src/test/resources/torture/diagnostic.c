/* #pragma GCC diagnostic push/ignored/pop around a compiler warning. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-variable"
int f(void) { int unused; return 0; }
#pragma GCC diagnostic pop
int g(void) { int unused2; return 0; }
