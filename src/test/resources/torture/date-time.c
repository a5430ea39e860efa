/* __DATE__ and __TIME__: the client's clock or SOURCE_DATE_EPOCH, never the volunteer's. */
const char *stamp = __DATE__ " " __TIME__;
