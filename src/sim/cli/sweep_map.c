/* The outcome map of a sweep as SVG (sweep_map.h). Plain SVG 1.1: rectangles, lines and text in
 * the generic sans-serif and monospace families; no script, no external font or image. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "flashmodel/nrf5340.h"
#include "sweep_map.h"

enum {
    MAP_W = 1200,     /* picture width, px */
    PLOT_X = 150,     /* left edge of the plot (row labels to its left) */
    PLOT_W = 1020,    /* plot width: at most this many columns */
    ROW_CLASS_Y = 48, /* phase classes */
    ROW_PAGE_Y = 72,  /* pages / phases */
    ROW_OUT_Y = 100,  /* outcomes */
    ROW_OUT_H = 80,
    ROW_TIME_Y = 196, /* time to recover */
    ROW_TIME_H = 60,
    AXIS_Y = 262,
    LIST_Y = 350,     /* failing points */
    MAX_LISTED = 25,
};

/* Outcome classes, drawn bottom to top: failures on top, at least a few pixels high. */
enum { K_NEW, K_OLD, K_OTHER, K_FAIL, K_COUNT };
static const char *const k_colour[K_COUNT] = {SWEEP_MAP_NEW, SWEEP_MAP_OLD, SWEEP_MAP_OTHER, SWEEP_MAP_FAIL};
static const char *const k_label[K_COUNT] = {"recovered to the new image", "kept the old image",
                                             "other outcome the scenario expects", "a verdict failed"};

struct column {
    uint32_t k[K_COUNT];
    uint64_t max_time_us;
};

static int kind_of(const struct sweep_point *p)
{
    return !p->ok ? K_FAIL : p->outcome == SWEEP_NEW_IMAGE ? K_NEW : p->outcome == SWEEP_OLD_IMAGE ? K_OLD : K_OTHER;
}

/* The phase class of an operation: 0 staging, 1 erase + copy, 2 mark, 3 other. */
static int phase_class(const struct sweep_op_info *oi)
{
    return oi->dev == FM_NRF_RAM_FLASH ? 0 : oi->dev == FM_NRF_NET_FLASH ? 1
         : oi->dev == FM_NRF_APP_FLASH || oi->dev == FM_NRF_QSPI ? 2 : 3;
}

void sweep_map_phase(const struct sweep_op_info *oi, char *buf, size_t size)
{
    static const char *const cls[] = {"staging", "erase + copy", "mark", "other"};
    if (oi->dev == FM_NRF_NET_FLASH) {
        snprintf(buf, size, "%s page %u", oi->kind == FM_OP_ERASE ? "erase" : "copy", oi->page);
    } else {
        snprintf(buf, size, "%s", cls[phase_class(oi)]);
    }
}

static double x_of(uint64_t op, uint64_t n_ops)
{
    return PLOT_X + (double)PLOT_W * (double)op / (double)(n_ops ? n_ops : 1);
}

/* One row of bands: consecutive operations with the same key (class, or page) form a band; the
 * rectangles in one pass, the labels (over them) in another. */
static void phase_row(FILE *f, const struct sweep_map_in *in, bool pages, bool labels)
{
    static const char *const cls[] = {"staging", "erase + copy", "mark", "other"};
    uint64_t start = 0;
    int64_t key = -1;
    unsigned band = 0;
    struct sweep_op_info oi = {0, FM_OP_PROGRAM, 0, 0}, first = oi;
    for (uint64_t op = 0; op <= in->n_ops; op++) {
        int64_t k = -2;
        if (op < in->n_ops && in->op_info(in->op_ctx, op, &oi) == 0) {
            k = pages ? (int64_t)phase_class(&oi) * 100000 + (oi.dev == FM_NRF_NET_FLASH ? oi.page : 0)
                      : phase_class(&oi);
        }
        if (op > 0 && k == key) {
            continue;
        }
        if (op > 0) {
            double x0 = x_of(start, in->n_ops), x1 = x_of(op, in->n_ops);
            int y = pages ? ROW_PAGE_Y : ROW_CLASS_Y;
            if (!labels) {
                fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"20\" fill=\"%s\"/>\n", x0, y,
                        x1 - x0 > 0.5 ? x1 - x0 : 0.5, band++ % 2 ? "#d9d9d9" : "#ececec");
            }
            char label[48];
            unsigned every = 1; /* narrow pages: a label every 2, 5, 10, ... pages */
            if (pages && first.dev == FM_NRF_NET_FLASH) {
                snprintf(label, sizeof(label), x1 - x0 >= 40 ? "page %u" : "%u", first.page);
                static const unsigned m[] = {1, 2, 5, 10, 20, 50, 100};
                for (unsigned i = 0; i < 7 && m[i] * (x1 - x0) < 8.0 * (double)strlen(label) + 8; i++) {
                    every = i + 1 < 7 ? m[i + 1] : 1000;
                }
            } else {
                snprintf(label, sizeof(label), "%s", cls[phase_class(&first)]);
            }
            if (labels && (every > 1 ? first.page % every == 0 : x1 - x0 >= 8.0 * (double)strlen(label) + 8)) {
                fprintf(f, "<text x=\"%.2f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n",
                        (x0 + x1) / 2, y + 14, label);
            }
        }
        start = op;
        key = k;
        first = oi;
    }
}

/* The outcome and time rows; consecutive identical columns are drawn as one rectangle. */
static void columns(FILE *f, const struct column *c, unsigned cols, uint64_t max_time)
{
    double w = (double)PLOT_W / cols;
    for (unsigned i = 0; i < cols;) {
        unsigned j = i + 1;
        while (j < cols && memcmp(&c[j], &c[i], sizeof(c[i])) == 0) {
            j++;
        }
        uint32_t total = 0;
        for (int k = 0; k < K_COUNT; k++) {
            total += c[i].k[k];
        }
        double x = PLOT_X + w * i, cw = w * (j - i);
        if (total == 0) {
            fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"#f4f4f4\"/>\n", x, ROW_OUT_Y, cw,
                    ROW_OUT_H);
        }
        /* failures on top, at least half the row high and 3 px wide: one among 57 000 points shows */
        double fail_h = c[i].k[K_FAIL] ? (double)ROW_OUT_H * c[i].k[K_FAIL] / total : 0;
        fail_h = c[i].k[K_FAIL] && fail_h < ROW_OUT_H / 2 ? ROW_OUT_H / 2 : fail_h;
        double y = ROW_OUT_Y + ROW_OUT_H;
        for (int k = 0; k < K_FAIL && total > c[i].k[K_FAIL]; k++) {
            double h = (ROW_OUT_H - fail_h) * c[i].k[k] / (total - c[i].k[K_FAIL]);
            y -= h;
            if (h > 0) {
                fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n", x, y, cw, h,
                        k_colour[k]);
            }
        }
        if (fail_h > 0) {
            double fw = cw < 3 ? 3 : cw;
            fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n", x + (cw - fw) / 2,
                    ROW_OUT_Y, fw, fail_h, k_colour[K_FAIL]);
        }
        if (c[i].max_time_us > 0 && max_time > 0) {
            double h = (double)ROW_TIME_H * (double)c[i].max_time_us / (double)max_time;
            fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n", x,
                    ROW_TIME_Y + ROW_TIME_H - h, cw, h < 1 ? 1 : h, SWEEP_MAP_TIME);
        }
        i = j;
    }
}

static void axis(FILE *f, uint64_t n_ops)
{
    uint64_t step = 1; /* 1, 2, 5, 10, 20, 50, ...: at most 10 ticks */
    for (uint64_t base = 1; step == 1 && n_ops > 10; base *= 10) {
        step = n_ops / base <= 10 ? base : n_ops / (2 * base) <= 10 ? 2 * base : n_ops / (5 * base) <= 10 ? 5 * base : 1;
    }
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", PLOT_X, AXIS_Y, PLOT_X + PLOT_W,
            AXIS_Y);
    for (uint64_t op = 0; op <= n_ops; op += step) {
        double x = x_of(op, n_ops);
        fprintf(f, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#333\"/>", x, AXIS_Y, x, AXIS_Y + 5);
        fprintf(f, "<text x=\"%.2f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%" PRIu64 "</text>\n", x,
                AXIS_Y + 18, op);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">flash operation of the update at "
               "which power is cut</text>\n", PLOT_X + PLOT_W / 2, AXIS_Y + 34);
}

static void legend(FILE *f, const uint64_t count[K_COUNT])
{
    int x = PLOT_X;
    for (int k = 0; k < K_COUNT; k++) {
        if (count[k] == 0 && k == K_OTHER) {
            continue;
        }
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>", x, AXIS_Y + 44, k_colour[k]);
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s: %" PRIu64 "</text>\n", x + 18, AXIS_Y + 56,
                k_label[k], count[k]);
        x += 260;
    }
}

/* The failing points: counts by requirement, then each (up to MAX_LISTED) with its replay. */
static int failing_list(FILE *f, const struct sweep_map_in *in, uint64_t fails)
{
    int y = LIST_Y;
    if (fails == 0) {
        fprintf(f, "<text x=\"10\" y=\"%d\" font-size=\"13\">every cut point recovers as required</text>\n", y);
        return y + 10;
    }
    fprintf(f, "<text x=\"10\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" fill=\"%s\">%" PRIu64
               " failing cut point(s)", y, SWEEP_MAP_FAIL, fails);
    const char *seen[16];
    unsigned n_seen = 0;
    for (size_t i = 0; i < in->n && n_seen < 16; i++) { /* by requirement: the first failed verdict */
        bool dup = in->res[i].ok;
        for (unsigned s = 0; s < n_seen && !dup; s++) {
            dup = strcmp(seen[s], in->res[i].failed) == 0;
        }
        if (!dup) {
            size_t cnt = 0;
            for (size_t j = i; j < in->n; j++) {
                cnt += !in->res[j].ok && strcmp(in->res[j].failed, in->res[i].failed) == 0;
            }
            fprintf(f, "%s", n_seen ? ", " : ": ");
            cli_xml_escape(f, in->res[i].failed);
            fprintf(f, " %zu", cnt);
            seen[n_seen++] = in->res[i].failed;
        }
    }
    fputs("</text>\n", f);
    unsigned listed = 0;
    for (size_t i = 0; i < in->n && listed < MAX_LISTED; i++) {
        const struct sweep_point *p = &in->res[i];
        if (p->ok) {
            continue;
        }
        struct sweep_op_info oi = {0, FM_OP_PROGRAM, 0, 0};
        char phase[48] = "?", line[400], replay[600];
        if (in->op_info(in->op_ctx, p->op, &oi) == 0) {
            sweep_map_phase(&oi, phase, sizeof(phase));
        }
        snprintf(line, sizeof(line), "op %" PRIu64 " (%s, cut %s): %s: %.150s", p->op, phase, sweep_cut_name(p->cut),
                 p->failed, p->evidence);
        in->replay(in->op_ctx, p, replay, sizeof(replay));
        y += 20;
        fprintf(f, "<text x=\"10\" y=\"%d\" font-size=\"12\">", y);
        cli_xml_escape(f, line);
        fprintf(f, "</text>\n<text x=\"30\" y=\"%d\" font-size=\"11\" font-family=\"monospace\">replay: ", y + 15);
        cli_xml_escape(f, replay);
        fputs("</text>\n", f);
        y += 15;
        listed++;
    }
    if (fails > listed) {
        y += 20;
        fprintf(f, "<text x=\"10\" y=\"%d\" font-size=\"12\">... and %" PRIu64 " more (pcdsim sweep --csv lists "
                   "every point)</text>\n", y, fails - listed);
    }
    return y + 10;
}

int sweep_map_svg(FILE *f, const struct sweep_map_in *in)
{
    unsigned cols = in->n_ops < PLOT_W ? (unsigned)(in->n_ops ? in->n_ops : 1) : PLOT_W;
    struct column *c = calloc(cols, sizeof(*c));
    if (c == NULL) {
        return -1;
    }
    uint64_t count[K_COUNT] = {0}, max_time = 0, min_time = UINT64_MAX, fails = 0;
    for (size_t i = 0; i < in->n; i++) {
        const struct sweep_point *p = &in->res[i];
        unsigned col = in->n_ops ? (unsigned)(p->op * cols / in->n_ops) : 0;
        col = col < cols ? col : cols - 1;
        int k = kind_of(p);
        c[col].k[k]++;
        count[k]++;
        fails += k == K_FAIL;
        c[col].max_time_us = p->device_time_us > c[col].max_time_us ? p->device_time_us : c[col].max_time_us;
        max_time = p->device_time_us > max_time ? p->device_time_us : max_time;
        min_time = p->device_time_us < min_time ? p->device_time_us : min_time;
    }
    unsigned listed = fails < MAX_LISTED ? (unsigned)fails : MAX_LISTED;
    int height = LIST_Y + 35 * (int)listed + (fails > listed ? 30 : 0) + 20;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"sans-serif\">\n<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
            MAP_W, height, MAP_W, height, MAP_W, height);
    fprintf(f, "<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">power-loss sweep: ");
    cli_xml_escape(f, in->title);
    fprintf(f, " (%zu cut point(s), %" PRIu64 " failed)</text>\n", in->n, fails);
    static const char *const rows[] = {"phase", "page", "outcome", "time to recover"};
    static const int rows_y[] = {ROW_CLASS_Y + 14, ROW_PAGE_Y + 14, ROW_OUT_Y + ROW_OUT_H / 2 + 4,
                                 ROW_TIME_Y + ROW_TIME_H / 2 + 4};
    for (int r = 0; r < 4; r++) {
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>\n", PLOT_X - 8, rows_y[r],
                rows[r]);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">max %.3f s</text>\n", PLOT_X - 8,
            ROW_TIME_Y + 10, (double)max_time / 1e6);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">min %.3f s</text>\n", PLOT_X - 8,
            ROW_TIME_Y + ROW_TIME_H, in->n ? (double)min_time / 1e6 : 0.0);
    for (int labels = 0; labels < 2; labels++) {
        phase_row(f, in, false, labels);
        phase_row(f, in, true, labels);
    }
    columns(f, c, cols, max_time);
    axis(f, in->n_ops);
    legend(f, count);
    failing_list(f, in, fails);
    fputs("</svg>\n", f);
    free(c);
    return ferror(f) ? -1 : 0;
}
