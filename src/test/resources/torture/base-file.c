/* __BASE_FILE__: the main input's name, which is the volunteer's own file when expanded there. */
const char *base = __BASE_FILE__;
