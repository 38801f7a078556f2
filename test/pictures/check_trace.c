/* check_trace FILE.json [--processes N] [--slice NAME]... [--instant NAME]... [--counter NAME]...
 *
 * The structure ui.perfetto.dev and chrome://tracing load (Chrome trace-event format): one
 * object with a non-empty "traceEvents" array; every event an object with a string "ph" of a
 * known phase, a string "name", numbers "ts" >= 0, "pid" and "tid"; complete slices ("X") with a
 * "dur" >= 0 that nest within their track (pid, tid) -- two slices of a track either do not
 * overlap or one contains the other; "B"/"E" balanced per track; counters ("C") with numeric
 * args; every track of a process named (thread_name metadata). Then each --slice / --instant /
 * --counter NAME must occur (NAME as a prefix of the event name), and --processes the number of
 * processes (runs). Exit 0 ok, 1 a check failed (printed), 2 unreadable file or bad arguments. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SLICES 20000

struct sl {
    double pid, tid, ts, end;
};

static int fails;

static void fail(const char *what, const cJSON *e)
{
    char *s = e != NULL ? cJSON_PrintUnformatted(e) : NULL;
    printf("FAIL: %s%s%s\n", what, s ? ": " : "", s ? s : "");
    cJSON_free(s);
    fails++;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
        if (f != NULL) {
            fclose(f);
        }
        return NULL;
    }
    long n = ftell(f);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf == NULL || fseek(f, 0, SEEK_SET) != 0 || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return NULL;
    }
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static double num(const cJSON *e, const char *k, int *ok)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, k);
    if (!cJSON_IsNumber(v)) {
        *ok = 0;
        return 0;
    }
    return v->valuedouble;
}

/* Slices of one track must nest: sorted by start (longer first), each one ends before the
 * enclosing one does. O(n^2) worst case; traces here hold a few hundred slices. */
static void check_nesting(const struct sl *s, int n)
{
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            if (i != j && s[i].pid == s[j].pid && s[i].tid == s[j].tid && s[j].ts > s[i].ts && s[j].ts < s[i].end &&
                s[j].end > s[i].end) {
                printf("FAIL: slices overlap without nesting on pid %g tid %g: [%g, %g) and [%g, %g)\n", s[i].pid,
                       s[i].tid, s[i].ts, s[i].end, s[j].ts, s[j].end);
                fails++;
                return;
            }
        }
    }
}

static int has(const cJSON *events, const char *ph, const char *prefix)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, events)
    {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "ph"), *nm = cJSON_GetObjectItemCaseSensitive(e, "name");
        if (cJSON_IsString(p) && cJSON_IsString(nm) && strcmp(p->valuestring, ph) == 0 &&
            strncmp(nm->valuestring, prefix, strlen(prefix)) == 0) {
            return 1;
        }
    }
    return 0;
}

static void check_events(const cJSON *events, int *processes)
{
    static struct sl slices[MAX_SLICES];
    int n = 0, depth[64][4] = {{0}};
    double named[64][4] = {{0}};
    const cJSON *e;
    cJSON_ArrayForEach(e, events)
    {
        const cJSON *ph = cJSON_GetObjectItemCaseSensitive(e, "ph"), *nm = cJSON_GetObjectItemCaseSensitive(e, "name");
        int ok = cJSON_IsObject(e) && cJSON_IsString(ph) && cJSON_IsString(nm);
        double ts = num(e, "ts", &ok), pid = num(e, "pid", &ok), tid = num(e, "tid", &ok);
        if (!ok || ts < 0 || pid < 1 || pid > 63 || tid < 0 || tid > 3 || strlen(ph->valuestring) != 1 ||
            !strchr("XBEiICM", ph->valuestring[0])) {
            fail("an event without ph/name/ts/pid/tid of the expected kinds", e);
            continue;
        }
        int p = (int)pid, t = (int)tid;
        *processes = p > *processes ? p : *processes;
        char c = ph->valuestring[0];
        if (c == 'X') {
            double dur = num(e, "dur", &ok);
            if (!ok || dur < 0) {
                fail("a complete slice without dur >= 0", e);
            } else if (n < MAX_SLICES) {
                slices[n++] = (struct sl){pid, tid, ts, ts + dur};
            }
        } else if (c == 'B' || c == 'E') {
            depth[p][t] += c == 'B' ? 1 : -1;
            if (depth[p][t] < 0) {
                fail("an E without its B", e);
            }
        } else if (c == 'C') {
            const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "args");
            if (!cJSON_IsObject(a) || !cJSON_IsNumber(a->child)) {
                fail("a counter without a numeric value", e);
            }
        } else if (c == 'M' && strcmp(nm->valuestring, "thread_name") == 0) {
            named[p][t] = 1;
        }
        if (c != 'M' && c != 'C' && !named[p][t]) {
            fail("an event on a track not named (thread_name metadata first)", e);
        }
    }
    for (int p = 0; p < 64; p++) {
        for (int t = 0; t < 4; t++) {
            if (depth[p][t] != 0) {
                printf("FAIL: B/E unbalanced on pid %d tid %d\n", p, t);
                fails++;
            }
        }
    }
    check_nesting(slices, n);
    printf("%d events, %d complete slices, %d process(es)\n", cJSON_GetArraySize(events), n, *processes);
}

int main(int argc, char **argv)
{
    char *text = argc > 1 ? slurp(argv[1]) : NULL;
    if (text == NULL) {
        fprintf(stderr, "usage: check_trace FILE.json [--processes N] [--slice|--instant|--counter NAME]...\n");
        return 2;
    }
    cJSON *root = cJSON_Parse(text);
    free(text);
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(root, "traceEvents");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(events) || cJSON_GetArraySize(events) == 0) {
        printf("FAIL: not a JSON object with a non-empty traceEvents array\n");
        cJSON_Delete(root);
        return 1;
    }
    int processes = 0;
    check_events(events, &processes);
    for (int i = 2; i + 1 < argc; i += 2) {
        const char *ph = strcmp(argv[i], "--slice") == 0 ? "X" : strcmp(argv[i], "--instant") == 0 ? "i"
                       : strcmp(argv[i], "--counter") == 0 ? "C" : NULL;
        if (strcmp(argv[i], "--processes") == 0) {
            if (processes != atoi(argv[i + 1])) {
                printf("FAIL: %d process(es), expected %s\n", processes, argv[i + 1]);
                fails++;
            }
        } else if (ph == NULL) {
            fprintf(stderr, "check_trace: bad argument '%s'\n", argv[i]);
            cJSON_Delete(root);
            return 2;
        } else if (!has(events, ph, argv[i + 1])) {
            printf("FAIL: no %s event named '%s...'\n", argv[i] + 2, argv[i + 1]);
            fails++;
        }
    }
    cJSON_Delete(root);
    return fails ? 1 : 0;
}
