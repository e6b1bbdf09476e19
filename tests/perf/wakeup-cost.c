/* wakeup-cost: the CPU time this machine charges a thread for going to
 * sleep and waking up again, which every CPU time the benchmarks measure
 * includes once per sleep.
 *
 *   tests/perf/wakeup-cost [SLEEP_MS [TIMES]]
 *
 * Sleeps in poll() with no file descriptors for SLEEP_MS milliseconds
 * (default 100), TIMES times (default 11), and prints the median of the
 * thread's CPU time across each sleep (CLOCK_THREAD_CPUTIME_ID, the
 * scheduler's sum_exec_runtime that /proc/PID/schedstat also gives), in
 * microseconds.  On bare metal that is a few microseconds; under some
 * hypervisors a virtual CPU left idle is charged far more when it wakes
 * up, and so is whatever ran on it. */

#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long int
thread_cpu_ns(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)) {
        fprintf(stderr, "wakeup-cost: clock_gettime: %s\n", strerror(errno));
        exit(EXIT_FAILURE);
    }
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int
compare_ll(const void *a_, const void *b_)
{
    const long long int *a = a_;
    const long long int *b = b_;

    return *a < *b ? -1 : *a > *b;
}

static int
positive_arg(const char *s, int default_value)
{
    if (!s) {
        return default_value;
    }

    char *end;
    long int v = strtol(s, &end, 10);
    if (*end || v <= 0 || v > 100000) {
        fprintf(stderr, "wakeup-cost: bad argument '%s'\n", s);
        exit(EXIT_FAILURE);
    }
    return v;
}

int
main(int argc, char *argv[])
{
    int sleep_ms = positive_arg(argc > 1 ? argv[1] : NULL, 100);
    int times = positive_arg(argc > 2 ? argv[2] : NULL, 11);
    long long int *ns = calloc(times, sizeof *ns);

    if (!ns) {
        fprintf(stderr, "wakeup-cost: out of memory\n");
        return EXIT_FAILURE;
    }
    for (int i = 0; i < times; i++) {
        long long int before = thread_cpu_ns();
        poll(NULL, 0, sleep_ms);
        ns[i] = thread_cpu_ns() - before;
    }
    qsort(ns, times, sizeof *ns, compare_ll);
    printf("%lld\n", ns[times / 2] / 1000);
    free(ns);
    return EXIT_SUCCESS;
}
