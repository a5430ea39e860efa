/* #pragma once: the second include is skipped by the preprocessor. */
#include "inc/once.h"
#include "inc/once.h"
int x = 1;
