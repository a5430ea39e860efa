/* #pragma message: a note at compile time, lost by a directives-only preprocessor. */
#pragma message "building the message case"
int x = 1;
