package org.jdistcc.client;

import java.util.List;

/**
 * The small sources that {@code distcc --check-hosts} compiles on every volunteer and here. They
 * include no header, so they test the compiler alone (its version, its default target and {@code
 * -march}, its code generation) and not the system headers, and they exercise what differs between
 * compilers: folded arithmetic, a loop the vectoriser takes at -O2, floating point, and for C++
 * templates, virtual calls and static initialisation.
 */
final class Probes {
  private Probes() {}

  /** The flag sets each probe is compiled with: without and with debug information. */
  static final List<List<String>> FLAG_SETS = List.of(List.of("-O2"), List.of("-g", "-O2"));

  static final String C =
      """
      /* jdistcc host check probe (C) */
      typedef unsigned long long u64;
      u64 mix(u64 x, u64 y) { return (x * 0x9E3779B97F4A7C15ull) ^ (y >> 7) ^ (x / (y | 1)); }
      void axpy(float *restrict out, const float *restrict in, float k, int n) {
        for (int i = 0; i < n; i++) out[i] = in[i] * k + out[i];
      }
      double poly(double x) { return ((3.0 * x + 2.0) * x - 5.5) * x + 1.25; }
      struct point { int x, y; };
      int manhattan(const struct point *p, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) s += (p[i].x < 0 ? -p[i].x : p[i].x) + (p[i].y < 0 ? -p[i].y : p[i].y);
        return s;
      }
      static int table[64];
      int lookup(unsigned i) { return table[i & 63] * 3 + (int) (i >> 6); }
      """;

  static final String CXX =
      """
      // jdistcc host check probe (C++)
      template <typename T, int N> struct Vec {
        T v[N];
        T dot(const Vec &o) const { T s{}; for (int i = 0; i < N; i++) s += v[i] * o.v[i]; return s; }
      };
      template <typename T> T fold(const T *p, int n) { T acc{}; for (int i = 0; i < n; i++) acc = acc * 31 + p[i]; return acc; }
      double use(const Vec<double, 8> &a, const Vec<double, 8> &b) { return a.dot(b); }
      long hash(const long *p, int n) { return fold(p, n); }
      struct Shape { virtual ~Shape() {} virtual double area() const = 0; };
      struct Square : Shape {
        double s;
        explicit Square(double x) : s(x) {}
        double area() const override { return s * s; }
      };
      double total(const Shape *const *shapes, int n) { double t = 0; for (int i = 0; i < n; i++) t += shapes[i]->area(); return t; }
      Shape *make(double x) { return new Square(x); }
      static Square unit(1.0);
      double unitArea() { return unit.area(); }
      """;

  /** Whether a compiler name is a C++ driver (g++, c++, clang++, x86_64-linux-gnu-g++-12…). */
  static boolean isCxx(String compiler) {
    String name = compiler.substring(compiler.lastIndexOf('/') + 1);
    return name.contains("++");
  }
}
