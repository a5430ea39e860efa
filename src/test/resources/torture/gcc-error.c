/* #pragma GCC error: the preprocessor fails the compile. */
#pragma GCC error "stop here"
int x = 1;
