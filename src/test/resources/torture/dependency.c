/* #pragma GCC dependency: the preprocessor compares file dates. */
#pragma GCC dependency "inc/system.h"
int x = 1;
