/* An #include indented or after a comment: GCC's directives-only output writes the header's
   line marker after the blanks or the comment, and the header's pragma must still be found.
   An indented pragma stays indented in clang's rewritten text. */
#ifdef DEPENDENCY
  #pragma GCC dependency "inc/system.h"
#elif defined AFTER_COMMENT
/* comment */ #include "inc/extname.h"
#else
  #include "inc/extname.h"
#endif
void oldname(void);
void call(void) { oldname(); }
