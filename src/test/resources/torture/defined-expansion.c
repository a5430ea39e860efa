/* "defined" produced by a macro in #if (-Wexpansion-to-defined). */
#define HAVE_X defined(X)
#if HAVE_X
int x = 1;
#endif
int y;
