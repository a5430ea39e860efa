/* #assert and #unassert (deprecated): decided by the preprocessor. */
#assert machine(torture)
#if #machine(torture)
int x = 1;
#else
int x = 2;
#endif
#unassert machine
