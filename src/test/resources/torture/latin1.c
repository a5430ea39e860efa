/* A Latin-1 string literal: -finput-charset=latin1 converts it once, on the client. */
const char *s = "café";
