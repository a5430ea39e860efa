/* __COUNTER__ in a directive: a directives-only preprocessor refuses it. */
#if __COUNTER__ == 0
#endif
int c = __COUNTER__;
int d = __COUNTER__;
