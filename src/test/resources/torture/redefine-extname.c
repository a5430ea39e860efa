/* #pragma redefine_extname: the preprocessor renames the symbol, and drops the pragma. */
#pragma redefine_extname oldname newname
void oldname(void);
void call(void) { oldname(); }
