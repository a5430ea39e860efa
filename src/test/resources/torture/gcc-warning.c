/* #pragma GCC warning: the preprocessor warns. */
#pragma GCC warning "careful"
int x = 1;
