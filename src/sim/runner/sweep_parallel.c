/* Branches of a sweep in parallel: forked worker processes, each on a contiguous run of points
 * (ascending points keep each worker's replay short), results sent back over a pipe as fixed-size
 * records and stored by point index, so the output does not depend on the number of jobs. The
 * parent holds no SoC while it forks: the reference run's SoC is gone by then. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pcdsim/host_err.h"
#include "pcdsim/runner.h"
#include "runner_internal.h"

/* Wall time for the progress bar only; the simulation never reads the clock. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

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

/* Run points [lo, hi) of @p pts in this process, reporting each result to @p fd (or storing it). */
static int run_points(struct run_sweep *sw, const struct sweep_pt *pts, size_t lo, size_t hi, int fd,
                      struct sweep_point *res)
{
    for (size_t i = lo; i < hi; i++) {
        struct sweep_point r;
        int rc = run_sweep_branch(sw, pts[i].op, pts[i].cut, pts[i].op2, &r);
        if (rc != 0) {
            return rc;
        }
        if (fd >= 0) {
            uint64_t idx = i;
            if (write_all(fd, &idx, sizeof(idx)) != 0 || write_all(fd, &r, sizeof(r)) != 0) {
                return PCDSIM_E_FILE;
            }
        } else {
            res[i] = r;
        }
    }
    return 0;
}

static void progress(size_t done, size_t total, double t0)
{
    static const int width = 40;
    int fill = total ? (int)((double)done / (double)total * width) : width;
    double el = now_s() - t0;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu branches, %.0f/s ", fill, "########################################",
            width - fill, "", done, total, el > 0 ? (double)done / el : 0.0);
    fflush(stderr);
}

/* Fork @p jobs workers over contiguous runs of points and gather their results in order. */
int run_sweep_parallel(struct run_sweep *sw, const struct sweep_pt *pts, size_t n, unsigned jobs,
                       struct sweep_point *res, bool tty)
{
    double t0 = now_s();
    if (jobs <= 1) {
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
    int fds[64];
    pid_t pids[64];
    unsigned started = 0;
    run_sweep_release_worker(sw); /* no SoC threads in the parent across fork() */
    fflush(stdout);
    fflush(stderr);
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
            int rc = run_points(sw, pts, lo, hi, p[1], NULL);
            close(p[1]);
            _exit(rc == 0 ? 0 : 3);
        }
        close(p[1]);
        fds[started] = p[0];
        pids[started] = pid;
        started++;
    }
    if (started < jobs) {
        fprintf(stderr, "pcdsim sweep: could not start %u workers\n", jobs);
        for (unsigned j = 0; j < started; j++) {
            kill(pids[j], SIGKILL);
            waitpid(pids[j], NULL, 0);
            close(fds[j]);
        }
        return PCDSIM_E_THREAD;
    }
    size_t got = 0;
    unsigned open_fds = started;
    struct pollfd pf[64];
    size_t partial[64] = {0};
    unsigned char buf[64][sizeof(uint64_t) + sizeof(struct sweep_point)];
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
            ssize_t r = read(pf[j].fd, buf[j] + partial[j], sizeof(buf[j]) - partial[j]);
            if (r <= 0) {
                close(pf[j].fd);
                pf[j].fd = -1;
                open_fds--;
                continue;
            }
            partial[j] += (size_t)r;
            if (partial[j] == sizeof(buf[j])) {
                uint64_t idx;
                memcpy(&idx, buf[j], sizeof(idx));
                if (idx < n) {
                    memcpy(&res[idx], buf[j] + sizeof(idx), sizeof(struct sweep_point));
                    got++;
                }
                partial[j] = 0;
                if (tty && got % 64 == 0) {
                    progress(got, n, t0);
                }
            }
        }
    }
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

