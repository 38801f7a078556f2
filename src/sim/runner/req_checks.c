/* Requirement checks judged on what happened, not on what the code under test says about
 * itself: the commands B0N found as they were in memory (commands.c) and the timeline. Each
 * check adds one verdict with its evidence; a requirement the run gave no chance to show (no
 * malformed command, no attempt) passes with evidence that says so. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "runner_internal.h"

/* B0N-CHECK-CMD's rules as reference-behaviour §3 states them, on the run's network-core layout:
 * the reason a COPY command is malformed, or NULL. The destination is judged by the pages it
 * would erase (erase on first touch, 2 KiB pages). */
static const char *malformed(const struct pcd_b0n_config *b, const struct pcd_cmd *c)
{
    const uint64_t page = FM_NRF_NET_FLASH_PAGE;
    const uint64_t dst = (uint64_t)FM_NRF_NET_FLASH_BASE + c->dst_off, end = dst + c->len;
    const uint64_t first_page = dst - dst % page;
    const uint64_t src = c->src, src_end = src + c->len;
    if (c->len == 0u) {
        return "len is 0";
    }
    if (c->len > b->app_size) {
        return "len exceeds the network-core application partition";
    }
    if (c->dst_off % 4u != 0u) {
        return "dst is not word-aligned";
    }
    if (end > (uint64_t)FM_NRF_NET_FLASH_BASE + FM_NRF_NET_FLASH_SIZE) {
        return "the destination runs past network flash";
    }
    if (first_page < (uint64_t)b->container_addr + b->container_size && end > b->container_addr) {
        return "the destination overlaps the B0N container";
    }
    const bool in_flash = b->src_flash_size != 0u && src >= b->src_flash_addr &&
                          src_end <= (uint64_t)b->src_flash_addr + b->src_flash_size;
    const bool in_ram = b->src_ram_size != 0u && src >= b->src_ram_addr &&
                        src_end <= (uint64_t)b->src_ram_addr + b->src_ram_size;
    return in_flash || in_ram ? NULL : "the source is not wholly in app flash or app RAM";
}

static bool is_copy(const struct cmd_record *r)
{
    return pcd_cmd_kind_of(r->cmd.magic) == PCD_CMD_COPY;
}

/* A refusal as the requirements want it: FAIL, and not one network-flash program or erase. */
static bool refused_cleanly(const struct cmd_record *r)
{
    return r->answer == PCD_CMD_MAGIC_FAIL && r->net_ops_answer == r->net_ops_seen;
}

static const char *answer_name(uint32_t magic)
{
    return magic == PCD_CMD_MAGIC_DONE ? "DONE" : magic == PCD_CMD_MAGIC_FAIL ? "FAIL" : "no answer";
}

void run_check_b0n_check_cmd(struct run_state *st)
{
    unsigned bad = 0, copies = 0;
    for (unsigned i = 0; i < st->br.n_cmds; i++) {
        const struct cmd_record *r = &st->br.cmds[i];
        if (!is_copy(r)) {
            continue;
        }
        copies++;
        const char *why = malformed(&st->cfg->b0n, &r->cmd);
        if (why == NULL || r->answer == 0u) {
            continue; /* well-formed, or power went before B0N answered */
        }
        bad++;
        if (!refused_cleanly(r)) {
            run_add_verdict(st->res, "B0N-CHECK-CMD", false,
                            "command %u (src 0x%08x len 0x%x dst 0x%x: %s): %s after %llu network-flash operation(s)",
                            i + 1, r->cmd.src, r->cmd.len, r->cmd.dst_off, why, answer_name(r->answer),
                            (unsigned long long)(r->net_ops_answer - r->net_ops_seen));
            return;
        }
    }
    run_add_verdict(st->res, "B0N-CHECK-CMD", true,
                    bad ? "%u malformed command(s) of %u refused with FAIL, nothing erased or written"
                        : "no malformed command reached B0N (%u COPY command(s), all well-formed)",
                    bad ? bad : copies, copies);
}

void run_check_b0n_src_sha(struct run_state *st)
{
    unsigned wrong = 0, right = 0;
    for (unsigned i = 0; i < st->br.n_cmds; i++) {
        const struct cmd_record *r = &st->br.cmds[i];
        if (!is_copy(r) || r->src_matches < 0 || r->answer == 0u) {
            continue;
        }
        if (r->src_matches == 1) {
            right++;
            continue;
        }
        wrong++;
        if (!refused_cleanly(r)) {
            run_add_verdict(st->res, "B0N-SRC-SHA", false,
                            "command %u: the source does not hash to the expected SHA-256, yet %s after %llu "
                            "network-flash operation(s)",
                            i + 1, answer_name(r->answer), (unsigned long long)(r->net_ops_answer - r->net_ops_seen));
            return;
        }
    }
    run_add_verdict(st->res, "B0N-SRC-SHA", true,
                    "%u command(s) whose source did not match refused before any erase; %u matched", wrong, right);
}

void run_check_b0n_dst_sha(struct run_state *st)
{
    unsigned done = 0;
    for (unsigned i = 0; i < st->br.n_cmds; i++) {
        const struct cmd_record *r = &st->br.cmds[i];
        if (r->answer != PCD_CMD_MAGIC_DONE || r->dst_matches < 0) {
            continue;
        }
        if (r->dst_matches == 0) {
            run_add_verdict(st->res, "B0N-DST-SHA", false,
                            "command %u answered DONE but net flash 0x%x..0x%x does not hash to the expected SHA-256",
                            i + 1, r->cmd.dst_off, r->cmd.dst_off + r->cmd.len);
            return;
        }
        done++;
    }
    run_add_verdict(st->res, "B0N-DST-SHA", true,
                    done ? "%u DONE answer(s), each with the destination hashing to the expected SHA-256"
                         : "no DONE answer to check (%u command(s))",
                    done ? done : st->br.n_cmds);
}

/* B0N-REPORT on the timeline: in each network-core run that found a command, the answer is the
 * last word B0N writes into the block, an IPC signal follows, and B0N jumps to no application. */
void run_check_b0n_report(struct run_state *st)
{
    unsigned n, runs = 0;
    const struct soc_event *e = soc_events(st->soc, &n);
    const uint32_t block = st->cfg->soc.pcd_sram_addr;
    bool in_run = false, saw_cmd = false, answered = false, signalled = false;
    const char *bad = NULL;
    for (unsigned i = 0; i <= n && bad == NULL; i++) {
        const bool end = i == n || (e[i].core == FM_CORE_NET && (e[i].kind == SOC_EV_CORE_END ||
                                                                  e[i].kind == SOC_EV_CORE_START));
        const bool halted = i < n && e[i].kind == SOC_EV_CORE_END && e[i].arg != 0u; /* power, reset */
        if (end && in_run && saw_cmd && answered && !halted) {
            runs++;
            if (!signalled) {
                bad = "no IPC signal after the answer";
            }
        }
        if (i == n) {
            break;
        }
        if (e[i].core != FM_CORE_NET) {
            continue;
        }
        if (e[i].kind == SOC_EV_CORE_START) {
            in_run = true;
            saw_cmd = answered = signalled = false;
        } else if (e[i].kind == SOC_EV_CORE_END) {
            in_run = false;
        } else if (e[i].kind == SOC_EV_TRACE && e[i].arg == PCD_TRACE_B0N_CMD_SEEN) {
            saw_cmd = true;
        } else if (e[i].kind == SOC_EV_SHARED_WRITE && saw_cmd && e[i].addr >= block &&
                   e[i].addr < block + PCD_CMD_BLOCK_SIZE) {
            if (answered) {
                bad = "B0N wrote the block after its answer";
            } else if (e[i].addr == block + PCD_CMD_OFF_MAGIC &&
                       (e[i].arg == PCD_CMD_MAGIC_DONE || e[i].arg == PCD_CMD_MAGIC_FAIL)) {
                answered = true;
            }
        } else if (e[i].kind == SOC_EV_SIGNAL && answered) {
            signalled = true;
        } else if (e[i].kind == SOC_EV_BOOT && saw_cmd) {
            bad = "B0N jumped to an application after a command";
        }
    }
    if (bad != NULL) {
        run_add_verdict(st->res, "B0N-REPORT", false, "%s", bad);
    } else {
        run_add_verdict(st->res, "B0N-REPORT", true,
                        "%u answered command(s): the answer written last, then an IPC signal, no jump", runs);
    }
}

/* One attempt of the application core, from the timeline: its COPY command, when its wait ended
 * (its outcome trace, holding the network core again, or jumping to the application -- what
 * comes first), whether B0N answered it DONE, and whether the wait was cut short by the end of
 * its boot (a reset, a power loss, the end of the run) instead of ending by itself. */
struct attempt {
    uint64_t t_cmd, t_end;
    bool done;
    bool cut;
};

/* Walk the application core's boots: attempts per boot, and whether the boot reached the jump.
 * A wait still running when the boot ends (reset, power loss, the end of the run) ends there. */
static void app_boots(struct run_state *st, void (*per_boot)(struct run_state *, const struct attempt *, unsigned,
                                                             bool, void *), void *arg)
{
    unsigned n;
    const struct soc_event *e = soc_events(st->soc, &n);
    const uint32_t magic_addr = st->cfg->soc.pcd_sram_addr + PCD_CMD_OFF_MAGIC;
    struct attempt a[PCD_UPDATER_MAX_ATTEMPTS + 4];
    unsigned k = 0;
    bool in_boot = false, jumped = false;
    for (unsigned i = 0; i <= n; i++) {
        const bool boot_ends = i == n || (e[i].core == FM_CORE_APP && e[i].kind == SOC_EV_CORE_START) ||
                               e[i].kind == SOC_EV_POWER_LOSS || e[i].kind == SOC_EV_WARM_RESET;
        if (boot_ends && in_boot) {
            const uint64_t t = i < n ? e[i].t_us : soc_now(st->soc);
            if (k > 0 && a[k - 1].t_end == 0) {
                a[k - 1].t_end = t;
                a[k - 1].cut = true;
            }
            per_boot(st, a, k, jumped, arg);
            in_boot = false;
        }
        if (i == n) {
            break;
        }
        const bool waiting = k > 0 && a[k - 1].t_end == 0;
        if (e[i].kind == SOC_EV_SHARED_WRITE && e[i].addr == magic_addr && e[i].core == FM_CORE_NET && k > 0) {
            a[k - 1].done |= e[i].arg == PCD_CMD_MAGIC_DONE; /* B0N's answer to the last command */
        }
        if (e[i].core != FM_CORE_APP) {
            continue;
        }
        if (e[i].kind == SOC_EV_CORE_START) {
            in_boot = true;
            jumped = false;
            k = 0;
        } else if (e[i].kind == SOC_EV_SHARED_WRITE && e[i].arg == PCD_CMD_MAGIC_COPY && e[i].addr == magic_addr &&
                   k < sizeof(a) / sizeof(a[0])) {
            a[k++] = (struct attempt){e[i].t_us, 0, false, false};
        } else if (waiting && ((e[i].kind == SOC_EV_TRACE && e[i].arg == PCD_TRACE_APP_OUTCOME) ||
                               (e[i].kind == SOC_EV_FORCEOFF && e[i].arg != 0u) || e[i].kind == SOC_EV_BOOT)) {
            a[k - 1].t_end = e[i].t_us;
        }
        if (e[i].kind == SOC_EV_BOOT) {
            jumped = true;
        }
    }
}

struct retry_tally {
    unsigned boots, max_attempts;
    char bad[200];
};

/* At most N attempts in a boot, and a boot that goes on to the application without a DONE has
 * made all N (a failed attempt is retried while attempts are left). */
static void retry_boot(struct run_state *st, const struct attempt *a, unsigned k, bool jumped, void *arg)
{
    struct retry_tally *t = arg;
    const unsigned n = st->cfg->upd.attempts;
    if (k == 0 || t->bad[0] != '\0') {
        return;
    }
    t->boots++;
    t->max_attempts = k > t->max_attempts ? k : t->max_attempts;
    bool done = false;
    for (unsigned j = 0; j < k; j++) {
        done |= a[j].done;
    }
    if (k > n) {
        snprintf(t->bad, sizeof(t->bad), "boot %u made %u attempts; at most %u are allowed", t->boots, k, n);
    } else if (jumped && !done && k < n) {
        snprintf(t->bad, sizeof(t->bad), "boot %u went on to the application after %u failed attempt(s) of %u",
                 t->boots, k, n);
    }
}

/* A verdict never passes on a run that did not do what it judges: a boot whose update path
 * stopped with an error before any attempt (e.g. a configuration the updater refused) timed
 * nothing and retried nothing. False, with the verdict added, if that happened. */
static bool attempts_were_made(struct run_state *st, const char *id)
{
    if (st->br.upd_stops == 0) {
        return true;
    }
    run_add_verdict(st->res, id, false,
                    "the network-core update path stopped with %s before any attempt in %u boot(s) (%s): "
                    "nothing to judge was done",
                    pcd_strerror(st->br.upd_stop_rc), st->br.upd_stops, pcd_describe(st->br.upd_stop_rc));
    return false;
}

void run_check_app_retry(struct run_state *st)
{
    struct retry_tally t = {0, 0, ""};
    if (!attempts_were_made(st, "APP-RETRY")) {
        return;
    }
    app_boots(st, retry_boot, &t);
    if (t.bad[0] != '\0') {
        run_add_verdict(st->res, "APP-RETRY", false, "%s", t.bad);
    } else {
        run_add_verdict(st->res, "APP-RETRY", true, "%u boot(s) with attempts, at most %u attempt(s) in one boot (limit %u)",
                        t.boots, t.max_attempts, st->cfg->upd.attempts);
    }
}

struct timeout_tally {
    unsigned attempts, cut;
    uint64_t longest;
};

/* Each wait from the COPY command to its end: the bound is the timeout exactly (the updater's
 * budget is one per attempt: a value seen mid-wait neither restarts it nor adds a poll period;
 * device memory accesses take no device time, so the timeline measures the wait itself). A wait
 * cut short by the end of its boot is not a timeout that happened: counted apart, and judged only
 * if it had already outlasted the timeout (NCS's wait without a timeout, H10). */
static void timeout_boot(struct run_state *st, const struct attempt *a, unsigned k, bool jumped, void *arg)
{
    struct timeout_tally *t = arg;
    (void)jumped;
    (void)st;
    for (unsigned j = 0; j < k; j++) {
        const uint64_t waited = a[j].t_end > a[j].t_cmd ? a[j].t_end - a[j].t_cmd : 0;
        t->attempts++;
        t->cut += a[j].cut ? 1u : 0u;
        t->longest = waited > t->longest ? waited : t->longest;
    }
}

void run_check_app_timeout(struct run_state *st)
{
    struct timeout_tally t = {0, 0, 0};
    if (!attempts_were_made(st, "APP-TIMEOUT")) {
        return;
    }
    app_boots(st, timeout_boot, &t);
    const uint64_t bound = st->cfg->upd.timeout_us;
    const bool over = t.longest > bound;
    char cut[96] = "";
    if (t.cut > 0) {
        snprintf(cut, sizeof(cut), " (%u of them cut short by a reset, a power loss or the end of the run)", t.cut);
    }
    char by[64] = "";
    if (over) {
        snprintf(by, sizeof(by), ": the wait outlasted the timeout by %llu us", (unsigned long long)(t.longest - bound));
    }
    run_add_verdict(st->res, "APP-TIMEOUT", !over,
                    "%u attempt(s)%s; the longest wait for an answer %llu ms (timeout %llu ms, the exact bound; "
                    "polled every %llu ms)%s",
                    t.attempts, cut, (unsigned long long)(t.longest / 1000u), (unsigned long long)(bound / 1000u),
                    (unsigned long long)(st->cfg->upd.poll_us / 1000u), by);
}

/* B0N-COPY on what B0N did while it handled each command: the pages it erased (each once, none
 * outside [dst, dst + len) rounded to pages) and, at a DONE, the padding of a final partial word.
 * Whole aligned words are SYS-FLASH-RULES' part (the flash model records any other write). */
void run_check_b0n_copy(struct run_state *st)
{
    unsigned copies = 0, erased = 0;
    for (unsigned i = 0; i < st->br.n_cmds; i++) {
        const struct cmd_record *r = &st->br.cmds[i];
        if (!is_copy(r)) {
            continue;
        }
        copies++;
        erased += r->erases;
        if (r->erases_outside != 0u) {
            run_add_verdict(st->res, "B0N-COPY", false,
                            "command %u (dst 0x%x len 0x%x): %u page(s) erased outside the destination, the first at "
                            "0x%08x",
                            i + 1, r->cmd.dst_off, r->cmd.len, r->erases_outside,
                            FM_NRF_NET_FLASH_BASE + r->first_outside);
            return;
        }
        if (r->erases_again != 0u) {
            run_add_verdict(st->res, "B0N-COPY", false, "command %u: %u page(s) erased twice in one copy", i + 1,
                            r->erases_again);
            return;
        }
        if (r->pad_ok == 0) {
            run_add_verdict(st->res, "B0N-COPY", false,
                            "command %u: the final partial word after 0x%x bytes is not padded with 0xFF", i + 1, r->cmd.len);
            return;
        }
    }
    run_add_verdict(st->res, "B0N-COPY", true,
                    "%u COPY command(s): %u page(s) erased, each once and inside its destination; final words padded",
                    copies, erased);
}

/* B0N-SRC-BOOTABLE: a candidate whose body would not pass B0N's boot check at the destination is
 * refused by B0N before anything is erased (@p bootable: the oracle's own judgement of the
 * candidate's body, at the network-core application address). */
void run_check_b0n_src_bootable(struct run_state *st, bool bootable)
{
    unsigned refused = 0, copies = 0;
    for (unsigned i = 0; i < st->br.n_cmds; i++) {
        const struct cmd_record *r = &st->br.cmds[i];
        if (!is_copy(r) || r->answer == 0u) {
            continue;
        }
        copies++;
        if (bootable) {
            continue;
        }
        if (!refused_cleanly(r)) {
            run_add_verdict(st->res, "B0N-SRC-BOOTABLE", false,
                            "command %u: the body could never boot at the destination, yet %s after %llu "
                            "network-flash operation(s)",
                            i + 1, answer_name(r->answer), (unsigned long long)(r->net_ops_answer - r->net_ops_seen));
            return;
        }
        refused++;
    }
    run_add_verdict(st->res, "B0N-SRC-BOOTABLE", true,
                    bootable ? "the candidate's body would boot at the destination (%u answered command(s))"
                             : "the candidate's body could never boot there: %u command(s) refused before any erase",
                    bootable ? copies : refused);
}

/* ---- SYS-REPORT: reports held against what happens ---------------------------------------------- */

static bool has_ci(const char *hay, const char *needle)
{
    const size_t n = strlen(needle);
    for (const char *p = hay; *p != '\0'; p++) {
        size_t i = 0;
        while (i < n && p[i] != '\0' && tolower((unsigned char)p[i]) == tolower((unsigned char)needle[i])) {
            i++;
        }
        if (i == n) {
            return true;
        }
    }
    return false;
}

/* App-side report lines that make a claim about the network core, and what SYS-REPORT holds them
 * against. */
static bool app_says(const struct soc_event *e, const char *what)
{
    return e->core == FM_CORE_APP && e->kind == SOC_EV_LOG && has_ci(e->text, what);
}

static bool app_says_done(const struct soc_event *e)
{
    return app_says(e, "update done") || app_says(e, "done updating network core");
}

/* SYS-REPORT, a report that contradicts what happens (declared in runner_internal.h). */
const char *run_report_contradicted(struct run_state *st, bool new_image_missing, char *ev, size_t evlen)
{
    unsigned n;
    const struct soc_event *e = soc_events(st->soc, &n);
    int said_none = -1, said_done = -1;
    for (unsigned i = 0; i < n; i++) {
        const bool net_change = e[i].core == FM_CORE_NET &&
                                (e[i].kind == SOC_EV_FLASH_ERASE ||
                                 (e[i].kind == SOC_EV_TRACE && e[i].arg == PCD_TRACE_B0N_CMD_SEEN));
        if (net_change) {
            said_none = said_done = -1;
        } else if (app_says(&e[i], "no valid image")) {
            said_none = (int)i;
            said_done = -1;
        } else if (app_says_done(&e[i])) {
            said_done = (int)i;
        } else if (e[i].core == FM_CORE_NET && e[i].kind == SOC_EV_BOOT && said_none >= 0) {
            snprintf(ev, evlen, "reported \"%s\" at %llu us, then B0N booted 0x%08x from the same flash",
                     e[said_none].text, (unsigned long long)e[said_none].t_us, e[i].arg);
            return "a report contradicts the outcome";
        }
    }
    if (said_done >= 0 && new_image_missing) {
        snprintf(ev, evlen, "reported \"%s\" at %llu us, but the network core does not hold the new image",
                 e[said_done].text, (unsigned long long)e[said_done].t_us);
        return "a report contradicts the outcome";
    }
    return NULL;
}

/* SYS-REPORT, a report the application core owes (declared in runner_internal.h). */
bool run_report_app_silent(struct run_state *st)
{
    unsigned n;
    const struct soc_event *e = soc_events(st->soc, &n);
    const uint32_t flags_addr = st->cfg->soc.pcd_sram_addr + PCD_CMD_OFF_FLAGS;
    bool told = false;
    for (unsigned i = 0; i < n; i++) {
        if (e[i].core == FM_CORE_NET && e[i].kind == SOC_EV_SHARED_WRITE && e[i].addr == flags_addr) {
            told = (e[i].arg & (PCD_CMD_B0N_DST_MODIFIED | PCD_CMD_B0N_DST_BOOTS)) == PCD_CMD_B0N_DST_MODIFIED;
        } else if (told && app_says(&e[i], "no valid image")) {
            told = false;
        }
    }
    return told;
}


/* ---- a COPY nobody waits for ---------------------------------------------------------------------- */

/* APP-MARK-NACK / APP-FORCEOFF: B0N takes up a COPY command only while an attempt of the
 * application core's current boot waits for its answer. A COPY B0N finds otherwise was left in
 * the block after the attempts ran out (not withdrawn), or is a stale one from an earlier boot
 * (not withdrawn at boot): the network core would apply an update nobody asked for in this boot
 * -- a rejected one included. Adds a failing verdict for @p id and returns true if so. */
bool run_check_unawaited_copy(struct run_state *st, const char *id)
{
    unsigned n, attempts = 0;
    const struct soc_event *e = soc_events(st->soc, &n);
    const uint32_t magic_addr = st->cfg->soc.pcd_sram_addr + PCD_CMD_OFF_MAGIC;
    bool waiting = false;
    for (unsigned i = 0; i < n; i++) {
        const bool app = e[i].core == FM_CORE_APP;
        if (e[i].kind == SOC_EV_POWER_LOSS || e[i].kind == SOC_EV_WARM_RESET ||
            (app && e[i].kind == SOC_EV_CORE_START)) {
            waiting = false;
            attempts = app && e[i].kind == SOC_EV_CORE_START ? 0u : attempts;
        } else if (app && e[i].kind == SOC_EV_SHARED_WRITE && e[i].addr == magic_addr &&
                   e[i].arg == PCD_CMD_MAGIC_COPY) {
            waiting = true;
            attempts++;
        } else if (app && ((e[i].kind == SOC_EV_TRACE && e[i].arg == PCD_TRACE_APP_OUTCOME) ||
                           (e[i].kind == SOC_EV_FORCEOFF && e[i].arg != 0u) || e[i].kind == SOC_EV_BOOT)) {
            waiting = false;
        } else if (e[i].core == FM_CORE_NET && e[i].kind == SOC_EV_TRACE && e[i].arg == PCD_TRACE_B0N_CMD_SEEN &&
                   e[i].addr == PCD_CMD_MAGIC_COPY && !waiting) {
            run_add_verdict(st->res, id, false,
                            "B0N took up a COPY command at %llu us that no attempt of the application core waited "
                            "for (%s): the network core applies an update nobody asked for in this boot",
                            (unsigned long long)e[i].t_us,
                            attempts > 0 ? "left in the block after this boot's attempts ended, not withdrawn"
                                         : "a stale command from an earlier boot, not withdrawn at boot");
            return true;
        }
    }
    return false;
}
