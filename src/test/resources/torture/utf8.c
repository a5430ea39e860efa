/* A UTF-8 string literal, for -fexec-charset and -fwide-exec-charset. */
#include <stddef.h>
const char *s = "café";
const wchar_t *w = L"café";
