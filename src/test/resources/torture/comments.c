/* Comments in macros and text, for -C and -CC. */
#define M 1 /* comment */
int x = M; // line comment
