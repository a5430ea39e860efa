#pragma GCC system_header
static int unused_in_header(int a) { int b; return a; }
