/* #pragma GCC system_header in the main file: ignored, with a warning. */
#pragma GCC system_header
int x = 1;
