// A raw string with a line that starts with '#': GCC's -fdirectives-only once took it for a
// directive (icecream #451, GCC PR 88475).
const char *s = R"(
#hello
#include "no-such-header.h"
)";
int n() { return sizeof R"x(#define A 1)x"; }
