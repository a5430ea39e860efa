/* __has_include in #if. */
#if __has_include(<stdio.h>) && !__has_include("no-such-header.h")
int x = 1;
#endif
