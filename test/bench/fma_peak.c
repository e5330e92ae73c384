/* One core's float32 multiply-add peak: independent FMA chains on the
 * widest vectors the compiler targets (-march=native), enough of them to
 * cover the FMA latency. Prints GFLOP/s. bench_peers.py compiles and runs it
 * so that GEMM rows can say what share of the peak they reach. */
#include <stdio.h>
#include <time.h>

#define LANES 16
#define CHAINS 12

typedef float vec __attribute__((vector_size(LANES * sizeof(float))));

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Twelve named chains, so the compiler keeps each in a register. */
#define CHAIN_LIST(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

int main(void) {
  vec a, b;
  for (int l = 0; l < LANES; ++l) {
    a[l] = 0.999999f;
    b[l] = 1e-7f;
  }
#define DECLARE(c) vec acc##c = a * (float)(c);
  CHAIN_LIST(DECLARE)
  const long steps = 5000000;
  double best = 0;
  for (int repeat = 0; repeat < 5; ++repeat) {
    double start = now();
    for (long i = 0; i < steps; ++i) {
#define STEP(c) acc##c = acc##c * a + b;
      CHAIN_LIST(STEP)
      /* An empty asm naming every chain keeps the loop from being folded. */
#define KEEP(c) __asm__ volatile("" : "+v"(acc##c));
      CHAIN_LIST(KEEP)
    }
    double seconds = now() - start;
    double gflops = 2.0 * LANES * CHAINS * (double)steps / seconds / 1e9;
    if (gflops > best)
      best = gflops;
  }
  float sink = 0;
#define SUM(c) for (int l = 0; l < LANES; ++l) sink += acc##c[l];
  CHAIN_LIST(SUM)
  printf("fma peak %.1f GFLOP/s (checksum %g)\n", best, (double)sink);
  return 0;
}
