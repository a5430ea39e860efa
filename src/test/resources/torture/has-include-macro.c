/* __has_include reached through a macro, as glibc's __glibc_has_include does: a preprocessor
   that rewrites only the literal one would leave the test to the volunteer, which does not have
   the header (sccache #545). */
#define HAS(x) __has_include(x)
#if HAS("inc/once.h")
int found = 1;
#else
int found = 0;
#endif
