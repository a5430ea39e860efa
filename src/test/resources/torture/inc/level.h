int level = __INCLUDE_LEVEL__;
const char *included_from = __BASE_FILE__;
