/* __FILE__, __FILE_NAME__, __LINE__ and #line: named by line markers. */
const char *file = __FILE__;
const char *name = __FILE_NAME__;
int line = __LINE__;
#line 100 "renamed.c"
const char *renamed = __FILE__;
int line100 = __LINE__;
