/* A macro never used: -Wunused-macros warns, and is incompatible with -fdirectives-only. */
#define UNUSED 1
int x = 1;
