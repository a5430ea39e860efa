/* A UTF-8 string literal, for -fexec-charset and -fwide-exec-charset. */
const char *s = "café";
const __WCHAR_TYPE__ *w = L"café";
