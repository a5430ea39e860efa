/* -fmacro-prefix-map and -ffile-prefix-map over __FILE__: expanded by the volunteer in
   directives-only and rewrite-includes modes, so the map must reach its front end. */
#include "inc/file.h"
const char *main_file = __FILE__;
