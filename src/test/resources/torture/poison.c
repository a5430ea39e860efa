/* #pragma GCC poison: a later use is an error; a split compile must fail the same way. */
#pragma GCC poison gets
int gets;
