/* #warning: the preprocessor warns (an error under -Werror). */
#warning "this is a warning"
int x = 1;
