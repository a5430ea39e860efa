/* #pragma pack. */
#pragma pack(push, 1)
struct s { char c; int i; };
#pragma pack(pop)
int size = sizeof(struct s);
