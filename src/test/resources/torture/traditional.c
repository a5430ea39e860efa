/* Old-style stringification: what -traditional-cpp changes. */
#define STR(x) "x"
const char *s = STR(abc);
