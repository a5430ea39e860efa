/* #pragma weak. */
#pragma weak wf
void wf(void) {}
