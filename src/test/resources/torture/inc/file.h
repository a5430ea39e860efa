/* __FILE__ in a header, for the prefix maps. */
const char *header_file = __FILE__;
