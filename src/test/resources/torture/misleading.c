/* -Wmisleading-indentation: GCC does not check it after a line marker. */
int f(int a) {
  if (a)
    a++;
    a--;
  return a;
}
