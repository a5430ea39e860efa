/* #pragma push_macro/pop_macro: carried out by the preprocessor, invisible in its output. */
#define B 1
#pragma push_macro("B")
#undef B
#define B 100
#pragma pop_macro("B")
int b = B;
