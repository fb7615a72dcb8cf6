/*
 * The memory roofline for descent's bench: how fast one thread, or every core, can read a large array of
 * doubles. A STREAM-like sum (STREAM's kernels write as well; a gradient pass only reads X, so this reads
 * only).
 *
 *   stream [bytes] [sweeps] [threads]   prints {"bytes": ..., "threads": ..., "seconds": [one per sweep], "checksum": ...}
 *
 * Built at run time by the bench with `cc -O3 -march=native -pthread` into apps/bench/.cache/. Eight
 * independent accumulators let the compiler keep several loads in flight (and vectorize across them)
 * without -ffast-math, so the loop is limited by memory, not by the latency of one chain of additions.
 * With several threads, each sums its own contiguous share (touched first by that thread, so its pages
 * are local to it); a sweep is timed from a common start to the last thread's finish.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct {
  double *a;
  size_t n;
  int sweeps;
  pthread_barrier_t *barrier;
  double sum;
} Share;

static double sum8(const double *a, size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
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
  return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
}

/* Worker threads: fill their share, then sum it once per sweep between two barriers. */
static void *work(void *argument) {
  Share *share = argument;
  for (size_t i = 0; i < share->n; i++) share->a[i] = (double)(i & 1023) * 0.5;
  pthread_barrier_wait(share->barrier);
  for (int s = 0; s < share->sweeps; s++) {
    pthread_barrier_wait(share->barrier);
    share->sum += sum8(share->a, share->n);
    pthread_barrier_wait(share->barrier);
  }
  return NULL;
}

int main(int argc, char **argv) {
  size_t bytes = argc > 1 ? strtoull(argv[1], NULL, 10) : (size_t)256 << 20;
  int sweeps = argc > 2 ? atoi(argv[2]) : 10;
  int threads = argc > 3 ? atoi(argv[3]) : 1;
  if (sweeps < 1 || threads < 1 || threads > 256) {
    fprintf(stderr, "usage: stream [bytes] [sweeps >= 1] [threads 1..256]\n");
    return 2;
  }
  /* Every share a multiple of 8 doubles. */
  size_t per = bytes / sizeof(double) / (size_t)threads / 8 * 8;
  size_t n = per * (size_t)threads;
  double *a = aligned_alloc(64, n * sizeof(double));
  if (a == NULL || per == 0) {
    fprintf(stderr, "cannot allocate %zu bytes\n", n * sizeof(double));
    return 1;
  }
  pthread_barrier_t barrier;
  pthread_barrier_init(&barrier, NULL, (unsigned)threads);
  Share *shares = calloc((size_t)threads, sizeof(Share));
  pthread_t *ids = calloc((size_t)threads, sizeof(pthread_t));
  for (int t = 0; t < threads; t++) shares[t] = (Share){a + (size_t)t * per, per, sweeps, &barrier, 0};
  for (int t = 1; t < threads; t++) pthread_create(&ids[t], NULL, work, &shares[t]);
  /* Thread 0 is this one: it fills its share too, then times each sweep across both barriers. */
  for (size_t i = 0; i < per; i++) shares[0].a[i] = (double)(i & 1023) * 0.5;
  pthread_barrier_wait(&barrier);
  printf("{\"bytes\":%zu,\"threads\":%d,\"seconds\":[", n * sizeof(double), threads);
  for (int s = 0; s < sweeps; s++) {
    pthread_barrier_wait(&barrier);
    double started = now();
    shares[0].sum += sum8(shares[0].a, per);
    pthread_barrier_wait(&barrier);
    printf("%s%.9f", s == 0 ? "" : ",", now() - started);
  }
  double checksum = 0;
  for (int t = 1; t < threads; t++) pthread_join(ids[t], NULL);
  for (int t = 0; t < threads; t++) checksum += shares[t].sum;
  /* Printing the sum keeps the compiler from dropping the loop. */
  printf("],\"checksum\":%.17g}\n", checksum);
  free(ids);
  free(shares);
  free(a);
  return 0;
}
