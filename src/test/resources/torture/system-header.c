/* #pragma GCC system_header in an included file: its warnings stay quiet. */
#include "inc/system.h"
int x = 1;
