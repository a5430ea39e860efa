/* '$' in identifiers. */
#define A$B 1
int x = A$B;
