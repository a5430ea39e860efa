/* __COUNTER__ in the text only. */
int c = __COUNTER__;
int d = __COUNTER__;
