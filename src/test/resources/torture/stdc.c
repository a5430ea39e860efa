/* #pragma STDC FP_CONTRACT / FENV_ACCESS / CX_LIMITED_RANGE. */
#pragma STDC FP_CONTRACT OFF
#pragma STDC FENV_ACCESS ON
#pragma STDC CX_LIMITED_RANGE ON
double fma3(double a, double b, double c) { return a * b + c; }
