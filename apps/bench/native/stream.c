/*
 * The memory roofline for descent's bench: how fast one thread can read a large array of doubles.
 * A STREAM-like sum (STREAM's kernels write as well; a gradient pass only reads X, so this reads only).
 *
 *   stream [bytes] [sweeps]   prints {"bytes": ..., "seconds": [one per sweep], "checksum": ...}
 *
 * Built at run time by the bench with `cc -O3 -march=native` into apps/bench/.cache/. Eight
 * independent accumulators let the compiler keep several loads in flight (and vectorize across them)
 * without -ffast-math, so the loop is limited by memory, not by the latency of one chain of additions.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
  size_t bytes = argc > 1 ? strtoull(argv[1], NULL, 10) : (size_t)256 << 20;
  int sweeps = argc > 2 ? atoi(argv[2]) : 10;
  size_t n = bytes / sizeof(double) / 8 * 8;
  double *a = aligned_alloc(64, n * sizeof(double));
  if (a == NULL) {
    fprintf(stderr, "cannot allocate %zu bytes\n", n * sizeof(double));
    return 1;
  }
  /* Touch every page first, so the sweeps time reading, not page faults. */
  for (size_t i = 0; i < n; i++) a[i] = (double)(i & 1023) * 0.5;
  double checksum = 0;
  printf("{\"bytes\":%zu,\"seconds\":[", n * sizeof(double));
  for (int s = 0; s < sweeps; s++) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    double started = now();
    for (size_t i = 0; i < n; i += 8) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
      s4 += a[i + 4];
      s5 += a[i + 5];
      s6 += a[i + 6];
      s7 += a[i + 7];
    }
    double elapsed = now() - started;
    checksum += ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    printf("%s%.9f", s == 0 ? "" : ",", elapsed);
  }
  /* Printing the sum keeps the compiler from dropping the loop. */
  printf("],\"checksum\":%.17g}\n", checksum);
  free(a);
  return 0;
}
