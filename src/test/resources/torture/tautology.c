/* A self-comparison built by a macro: a one-step compile does not warn about it, a compile of
   plain -E output does (icecream #202 and #551, ccache #617). */
#define SAME(a) ((a) == (a))
int f(int x) { return SAME(x); }
int g(int y) { return y + 1; }
