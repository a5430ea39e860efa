// A global constructor: GCC names its initialiser function after the main input file.
#include <string>
std::string greeting = "hello";
