/* #pragma GCC visibility. */
#pragma GCC visibility push(hidden)
int hidden_var = 1;
#pragma GCC visibility pop
int visible_var = 2;
