/* __TIMESTAMP__: the source file's modification time, a file the volunteer does not have. */
const char *stamp = __TIMESTAMP__;
