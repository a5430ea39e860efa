/* Warnings about the command line, not about a line of source: the driver or cc1 prints them,
   in a one-step compile once. */
static int twice(int x) { return 2 * x; }
int call(int y) { return twice(y); }
