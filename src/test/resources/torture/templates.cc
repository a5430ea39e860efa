// Templates and __COUNTER__ in C++.
template <int N> struct Tag { static constexpr int value = N; };
int first = Tag<__COUNTER__>::value;
int second = Tag<__COUNTER__>::value;
template <typename T> T twice(T t) { return t + t; }
int use = twice(21);
