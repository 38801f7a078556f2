/* Host utilities written once (pcdsim/host_util.h): whole-file reads, "did you mean", wall clock. */
#include "pcdsim/host_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pcdsim/host_err.h"

static int read_fail(struct pcdsim_read_info *info, enum pcdsim_read_fail fail, int err, const char *why)
{
    if (info != NULL) {
        info->fail = fail;
        if (why != NULL) {
            snprintf(info->why, sizeof(info->why), "%s", why);
        } else if (strerror_r(err, info->why, sizeof(info->why)) != 0) {
            snprintf(info->why, sizeof(info->why), "errno %d", err);
        }
    }
    return fail == PCDSIM_READ_NOMEM ? PCDSIM_E_NOMEM : PCDSIM_E_FILE;
}

/* Read @p fd to its end into a buffer that grows, taking at most cap + 1 bytes (to notice a file
 * larger than the cap). 0, or an errno value (ENOMEM for allocation). */
static int read_all(int fd, size_t cap, size_t hint, uint8_t **out, size_t *len)
{
    size_t room = hint < cap ? hint + 1 : cap + 1, n = 0;
    uint8_t *buf = malloc(room + 1);
    while (buf != NULL) {
        if (n == room) {
            if (room > cap) {
                break; /* cap + 1 bytes: too large */
            }
            size_t next = room > cap / 2 ? cap + 1 : room * 2;
            uint8_t *nb = realloc(buf, next + 1);
            if (nb == NULL) {
                break;
            }
            buf = nb;
            room = next;
        }
        ssize_t got = read(fd, buf + n, room - n);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            int e = errno;
            free(buf);
            return e;
        }
        if (got == 0) {
            break;
        }
        n += (size_t)got;
    }
    if (buf == NULL) {
        return ENOMEM;
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return 0;
}

int pcdsim_read_file(const char *path, size_t cap, unsigned flags, uint8_t **data, size_t *len,
                     struct pcdsim_read_info *info)
{
    *data = NULL;
    *len = 0;
    if (info != NULL) {
        info->fail = PCDSIM_READ_OK;
        info->why[0] = '\0';
    }
    const bool regular_only = (flags & PCDSIM_READ_REGULAR_ONLY) != 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | (regular_only ? O_NONBLOCK : 0));
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
        }
        return read_fail(info, PCDSIM_READ_OPEN, e, NULL);
    }
    if (S_ISDIR(st.st_mode) || (regular_only && !S_ISREG(st.st_mode))) {
        close(fd);
        return read_fail(info, PCDSIM_READ_NOT_FILE, 0, S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file");
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > cap) {
        close(fd);
        char why[96];
        snprintf(why, sizeof(why), "%lld bytes, more than the %zu accepted", (long long)st.st_size, cap);
        return read_fail(info, PCDSIM_READ_TOO_LARGE, 0, why);
    }
    uint8_t *buf = NULL;
    size_t n = 0;
    int e = read_all(fd, cap, S_ISREG(st.st_mode) ? (size_t)st.st_size : 4096u, &buf, &n);
    close(fd);
    if (e != 0) {
        return read_fail(info, e == ENOMEM ? PCDSIM_READ_NOMEM : PCDSIM_READ_IO, e, NULL);
    }
    if (n > cap || (S_ISREG(st.st_mode) && n != (size_t)st.st_size)) {
        free(buf);
        return n > cap ? read_fail(info, PCDSIM_READ_TOO_LARGE, 0, "more bytes than accepted")
                       : read_fail(info, PCDSIM_READ_IO, 0, "the file changed while it was read");
    }
    *data = buf;
    *len = n;
    return 0;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

size_t pcdsim_edit_distance(const char *a, const char *b)
{
    enum { W = 64 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= W || lb >= W) {
        return SIZE_MAX;
    }
    size_t d[W + 1][W + 1];
    for (size_t i = 0; i <= la; i++) {
        d[i][0] = i;
    }
    for (size_t j = 0; j <= lb; j++) {
        d[0][j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            size_t best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best) {
                best = d[i - 1][j] + 1;
            }
            if (d[i][j - 1] + 1 < best) {
                best = d[i][j - 1] + 1;
            }
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]) &&
                d[i - 2][j - 2] + 1 < best) {
                best = d[i - 2][j - 2] + 1;
            }
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *pcdsim_did_you_mean(const char *word, const char *const *names, size_t count)
{
    size_t wl = strlen(word);
    // A typo: at most 1 edit for short words, 2 for longer ones, never more than a third.
    size_t limit = wl <= 4 ? 1 : 2;
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < count; i++) {
        size_t d = pcdsim_edit_distance(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best_d <= limit && best_d * 3 <= (wl > 0 ? wl : 1) + 2 ? best : NULL;
}

double pcdsim_wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
