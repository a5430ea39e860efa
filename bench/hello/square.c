#include "shapes.h"

int square(int n) { return n * n; }
