/* _Pragma("push_macro") from a macro: the pragma stays in the text for the compiler. */
#define B 1
#define SAVE _Pragma("push_macro(\"B\")")
#define RESTORE _Pragma("pop_macro(\"B\")")
SAVE
#undef B
#define B 100
RESTORE
int b = B;
