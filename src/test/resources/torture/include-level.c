/* __INCLUDE_LEVEL__ in the main file and in a header. */
#include "inc/level.h"
int top = __INCLUDE_LEVEL__;
