/* Branches of a sweep in parallel: forked worker processes, each on a contiguous run of points
 * (ascending points keep each worker's replay short), results sent back over a pipe as fixed-size
 * records and stored by point index, so the output does not depend on the number of jobs. The
 * parent holds no SoC while it forks: the reference run's SoC is gone by then. */
#define _GNU_SOURCE /* sched_setaffinity */
#include <errno.h>
#include <sched.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pcdsim/host_err.h"
#include "pcdsim/host_util.h"
#include "pcdsim/runner.h"
#include "runner_internal.h"

/* Write the whole buffer (pipes). */
static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* One result as it crosses the pipe: the point's index, then the result. */
struct wire_result {
    uint64_t idx;
    struct sweep_point r;
};

/* Results per pipe write: one wake-up of the parent per batch instead of per point (a parent
 * woken 57 000 times takes the CPU from a worker 57 000 times). Small enough for a live bar. */
#define BATCH 32u

/* Run points [lo, hi) of @p pts in this process, reporting results to @p fd in batches (or
 * storing them when fd < 0). */
static int run_points(struct run_sweep *sw, const struct sweep_pt *pts, size_t lo, size_t hi, int fd,
                      struct sweep_point *res)
{
    struct wire_result batch[BATCH]; /* 14 KiB */
    unsigned queued = 0;
    for (size_t i = lo; i < hi; i++) {
        struct sweep_point r;
        int rc = run_sweep_branch(sw, pts[i].op, pts[i].cut, pts[i].op2, &r);
        if (rc != 0) {
            return rc;
        }
        if (fd < 0) {
            res[i] = r;
            continue;
        }
        batch[queued].idx = i;
        batch[queued].r = r;
        if (++queued == BATCH || i + 1 == hi) {
            if (write_all(fd, batch, queued * sizeof(batch[0])) != 0) {
                return PCDSIM_E_FILE;
            }
            queued = 0;
        }
    }
    return 0;
}

static void progress(size_t done, size_t total, double t0)
{
    static const int width = 40;
    int fill = total ? (int)((double)done / (double)total * width) : width;
    double el = pcdsim_wall_s() - t0;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu branches, %.0f/s ", fill, "########################################",
            width - fill, "", done, total, el > 0 ? (double)done / el : 0.0);
    fflush(stderr);
}

/* Keep worker @p j (all its threads) on one CPU of those this process may use, when there are at
 * least @p jobs of them. A worker's core threads hand the baton to each other about ten times per
 * branch; on one CPU a hand-over is a plain context switch (about 1.5 us here), across CPUs it is
 * a wake-up by inter-processor interrupt (about 20 us in this virtual machine). Placement never
 * changes results; without enough CPUs the scheduler decides. */
static void pin_worker(unsigned j, unsigned jobs)
{
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0 || (unsigned)CPU_COUNT(&allowed) < jobs) {
        return;
    }
    for (int cpu = 0, seen = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &allowed) && (unsigned)seen++ == j) {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            (void)sched_setaffinity(0, sizeof(one), &one);
            return;
        }
    }
}

/* All points in this process (one job), with the progress bar every 64 points on a terminal. */
static int run_serial(struct run_sweep *sw, const struct sweep_pt *pts, size_t n, struct sweep_point *res, bool tty,
                      double t0)
{
    size_t step = tty ? 64 : n;
    for (size_t lo = 0; lo < n; lo += step) {
        size_t hi = lo + step < n ? lo + step : n;
        int rc = run_points(sw, pts, lo, hi, -1, res);
        if (rc != 0) {
            return rc;
        }
        if (tty) {
            progress(hi, n, t0);
        }
    }
    return 0;
}

/* Stop the @p started workers and close their pipes (set-up failed). */
static void kill_workers(const pid_t *pids, const int *fds, unsigned started)
{
    for (unsigned j = 0; j < started; j++) {
        kill(pids[j], SIGKILL);
        waitpid(pids[j], NULL, 0);
        close(fds[j]);
    }
}

/* Fork @p jobs workers, each on a contiguous run of the @p n points, its results coming through
 * the pipe fds[j]; returns how many started. */
static unsigned start_workers(struct run_sweep *sw, const struct sweep_pt *pts, size_t n, unsigned jobs, int *fds,
                              pid_t *pids)
{
    unsigned started = 0;
    for (unsigned j = 0; j < jobs; j++) {
        int p[2];
        if (pipe(p) != 0) {
            break;
        }
        size_t lo = n * j / jobs, hi = n * (j + 1) / jobs;
        pid_t pid = fork();
        if (pid < 0) {
            close(p[0]);
            close(p[1]);
            break;
        }
        if (pid == 0) {
            close(p[0]);
            pin_worker(j, jobs);
            int rc = run_points(sw, pts, lo, hi, p[1], NULL);
            close(p[1]);
            _exit(rc == 0 ? 0 : 3);
        }
        close(p[1]);
        fds[started] = p[0];
        pids[started] = pid;
        started++;
    }
    return started;
}

/* Read the workers' results from their pipes until every pipe closed, storing each by its point's
 * index; returns how many arrived. @p in: a batch of bytes per worker. */
static size_t gather(const int *fds, unsigned started, struct wire_result (*in)[BATCH], size_t n,
                     struct sweep_point *res, bool tty, double t0)
{
    size_t got = 0;
    unsigned open_fds = started;
    struct pollfd pf[64];
    size_t partial[64] = {0};
    for (unsigned j = 0; j < started; j++) {
        pf[j] = (struct pollfd){fds[j], POLLIN, 0};
    }
    while (open_fds > 0) {
        if (poll(pf, started, -1) < 0 && errno != EINTR) {
            break;
        }
        for (unsigned j = 0; j < started; j++) {
            if (pf[j].fd < 0 || !(pf[j].revents & (POLLIN | POLLHUP))) {
                continue;
            }
            unsigned char *b = (unsigned char *)in[j];
            ssize_t r = read(pf[j].fd, b + partial[j], sizeof(in[j]) - partial[j]);
            if (r <= 0) {
                close(pf[j].fd);
                pf[j].fd = -1;
                open_fds--;
                continue;
            }
            partial[j] += (size_t)r;
            size_t whole = partial[j] / sizeof(struct wire_result);
            for (size_t k = 0; k < whole; k++) {
                struct wire_result w;
                memcpy(&w, b + k * sizeof(w), sizeof(w));
                if (w.idx < n) {
                    res[w.idx] = w.r;
                    got++;
                }
            }
            partial[j] -= whole * sizeof(struct wire_result);
            memmove(b, b + whole * sizeof(struct wire_result), partial[j]);
            if (tty && whole != 0) {
                progress(got, n, t0);
            }
        }
    }
    return got;
}

/* Fork @p jobs workers over contiguous runs of points and gather their results in order. */
int run_sweep_parallel(struct run_sweep *sw, const struct sweep_pt *pts, size_t n, unsigned jobs,
                       struct sweep_point *res, bool tty)
{
    double t0 = pcdsim_wall_s();
    if (jobs > 64) {
        return PCDSIM_E_USAGE; /* the pipes and pids below are arrays of 64 */
    }
    if (jobs <= 1) {
        return run_serial(sw, pts, n, res, tty, t0);
    }
    int fds[64];
    pid_t pids[64];
    run_sweep_release_worker(sw); /* no SoC threads in the parent across fork() */
    fflush(stdout);
    fflush(stderr);
    unsigned started = start_workers(sw, pts, n, jobs, fds, pids);
    if (started < jobs) {
        fprintf(stderr, "pcdsim sweep: could not start %u workers\n", jobs);
        kill_workers(pids, fds, started);
        return PCDSIM_E_THREAD;
    }
    struct wire_result(*in)[BATCH] = calloc(started, sizeof(*in)); /* a batch per worker, as bytes arrive */
    if (in == NULL) {
        kill_workers(pids, fds, started);
        return PCDSIM_E_NOMEM;
    }
    size_t got = gather(fds, started, in, n, res, tty, t0);
    free(in);
    int failed = 0;
    for (unsigned j = 0; j < started; j++) {
        int status;
        if (waitpid(pids[j], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            failed = 1;
        }
    }
    if (tty) {
        progress(got, n, t0);
    }
    return failed || got != n ? PCDSIM_E_INTERNAL : 0;
}
