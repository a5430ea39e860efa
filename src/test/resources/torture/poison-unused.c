/* #pragma GCC poison of a name never used: compiles. */
#pragma GCC poison secret
int x = 1;
