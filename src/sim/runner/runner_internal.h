/* Internal state of one run, shared by the runner's files:
 *   runner.c   set-up, steps, the settle and idempotence phases
 *   bodies.c   what each core runs: MCUboot + application, B0N + network-core application
 *   faults.c   event names, triggers and fault injection
 *   oracles.c  system properties, some requirement checks, the scenario's expectations
 *   commands.c the commands B0N found, as they were in memory
 *   req_checks.c requirement checks on those commands and the timeline
 *   report.c   timeline, JSON lines, verdict lines */
#ifndef RUNNER_INTERNAL_H
#define RUNNER_INTERNAL_H

#include "pcd/cmd.h"
#include "pcdsim/runner.h"

/* What the candidate is, judged once per process (oracles.c). */
struct candidate_facts {
    bool present;
    int verdict;            /* pcd_image_validate() */
    bool targets_net;
    bool bootable;          /* B0N-SRC-BOOTABLE would pass at the destination */
    int boot_rc;            /* ... B0N's boot check of the body at the destination: 0 or its verdict */
    bool deps_met;          /* MI-DEPENDENCY: its DEPENDENCY TLVs met by the initial app / net versions */
    bool valid;             /* MCUboot-valid, for the net core, fits, bootable, dependencies met */
    uint32_t body_off, body_len;
    uint8_t body_sha[PCD_SHA256_LEN];
};

struct sweep_log; /* sweep.c: the reference run's flash mutations */

/* A command B0N found (commands.c), as the requirement checks judge it: the block as it was
 * when B0N saw it, and what happened until B0N answered. */
#define RUN_MAX_CMDS 16
struct cmd_record {
    struct pcd_cmd cmd;      /* the block at b0n.cmd_seen */
    uint64_t net_ops_seen;   /* net-flash programs + erases so far, at b0n.cmd_seen */
    uint64_t net_ops_answer; /* the same at the answer */
    uint32_t answer;         /* DONE / FAIL magic B0N wrote, 0 if none (power lost, halted) */
    int8_t src_matches;      /* source bytes hash to the command's SHA-256: 1 / 0, -1 not computed */
    int8_t dst_matches;      /* at a DONE: destination bytes hash to it: 1 / 0, -1 not computed */
    int8_t pad_ok;           /* at a DONE: the bytes after len up to the word end are 0xFF (1 / 0; -1 n/a) */
    uint32_t erases;         /* network-flash pages erased while B0N handled it */
    uint32_t erases_outside; /* ... outside [dst, dst + len) rounded to pages */
    uint32_t erases_again;   /* ... a page erased a second time */
    uint32_t first_outside;  /* offset of the first page erased outside */
    uint8_t erased[FM_NRF_NET_FLASH_SIZE / FM_NRF_NET_FLASH_PAGE / 8u]; /* pages erased, a bit each */
};

struct run_state {
    const struct run_config *cfg;
    const struct run_output *out;
    struct run_result *res;
    struct soc *soc;
    struct fm_sys *fm;
    struct pcd_updater_config upd; /* cfg->upd with keys attached */

    /* faults */
    bool fired[RUN_MAX_FAULTS];
    uint32_t seen[RUN_MAX_FAULTS];  /* matching events / operations so far */
    int32_t stuck_left[RUN_MAX_FAULTS]; /* network-core starts left for stuck bits, -1 forever */
    bool stuck_active[RUN_MAX_FAULTS];
    bool net_silent, net_crash;
    bool app_writes_pcd_pending;
    int app_writes_pcd_fault;
    bool warm_reset_pending;
    bool any_op_trigger;

    /* what the cores did */
    struct pcd_updater_result upd_res; /* last boot that ran the updater */
    bool upd_ran;
    unsigned upd_stops;                /* boots whose update path stopped with an error before any attempt */
    int upd_stop_rc;                   /* the error of the last such stop */
    unsigned copy_cmds;                /* COPY commands B0N saw */
    bool app_jumped;
    struct pcd_image_version app_ver;
    bool net_reported;
    uint32_t net_version;
    bool net_booted;
    bool net_crashed;
    char net_state[64];
    struct cmd_record cmds[RUN_MAX_CMDS]; /* commands B0N found, in order (commands.c) */
    unsigned n_cmds;

    /* awaited event of a `run: EVENT` step */
    const char *await_event;
    bool await_hit;

    /* phases */
    bool probing;         /* the idempotence probe boot */
    unsigned probe_copy_cmds;
    uint64_t probe_net_writes;
    bool hung;            /* a run step hit its time bound */
    char hang_evidence[300];
    uint64_t limit_us;    /* bound of a run step: run_step_limit_us() */


    unsigned printed;     /* timeline entries already printed */

    bool cand_known;      /* cand computed */
    struct candidate_facts cand;
    struct sweep_log *log;  /* non-NULL while a sweep's reference run records */
    bool settle_on_loss;  /* a power loss ends the steps: the device settles (pcdsim run --cut) */
};

/* runner.c: set-up of the SoC and memories, the steps, settle */
int run_setup(struct run_state *st);
void run_steps(struct run_state *st);
void run_settle(struct run_state *st);
void run_teardown(struct run_state *st);
/* The bytes [off, off + len) of a flash device had before the first power-on, rebuilt from the
 * run's initial loads (outside the candidate slot, which the oracles never compare). */
void run_initial_bytes(const struct run_state *st, int dev, uint32_t off, uint32_t len, uint8_t *out);

/* runner.c: one more power cycle and run to idle (SYS-IDEMPOTENT), called by the oracles */
void run_probe(struct run_state *st);

/* sweep.c: drop this process's worker (its SoC threads): required before fork(), whose child
 * would inherit a SoC without its threads */
void run_sweep_release_worker(struct run_sweep *sw);

/* sweep.c: log a raw load (not a flash operation) of the reference run */
void run_log_raw(struct run_state *st, int dev, uint32_t off, const uint8_t *data, uint32_t len);

/* faults.c */
const char *run_event_name(const struct run_state *st, const struct soc_event *ev);
int run_faults_arm(struct run_state *st);
void run_on_event(struct soc *soc, const struct soc_event *ev, void *arg);
void run_on_program(struct soc *soc, enum fm_core core, int dev, uint32_t off, uint32_t len, void *arg);

/* bodies.c */
void run_app_body(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg);
void run_net_body(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg);

/* oracles.c */
void run_judge(struct run_state *st);
bool run_names_requirement(const struct run_config *cfg, const char *id);

/* commands.c: recorded from the timeline hook (the thread holding the baton) */
void run_cmd_seen(struct run_state *st);
void run_cmd_answered(struct run_state *st, uint32_t magic);
void run_cmd_erase(struct run_state *st, uint32_t off);

/* req_checks.c: requirement checks judged on the recorded commands and the timeline; each adds
 * one verdict */
void run_check_b0n_check_cmd(struct run_state *st);
void run_check_b0n_src_sha(struct run_state *st);
void run_check_b0n_dst_sha(struct run_state *st);
void run_check_b0n_report(struct run_state *st);
void run_check_app_retry(struct run_state *st);
void run_check_app_timeout(struct run_state *st);
void run_check_b0n_copy(struct run_state *st);
void run_check_b0n_src_bootable(struct run_state *st, bool bootable);
/* SYS-REPORT's timeline half: a report of the application core contradicted by what follows, or
 * NULL (evidence into @p ev): "no valid image" and then B0N boots the same flash (no net-flash
 * erase, no command in between); "update done" as the last claim while the partition, unchanged
 * since, does not hold the new image (@p new_image_missing). */
const char *run_report_contradicted(struct run_state *st, bool new_image_missing, char *ev, size_t evlen);
/* SYS-REPORT: B0N's last answer that changed the partition said it would not boot (DST_MODIFIED
 * without DST_BOOTS), and the application core did not report "no valid image" after it. */
bool run_report_app_silent(struct run_state *st);
/* APP-MARK-NACK / APP-FORCEOFF: a COPY B0N took up while no attempt of the application core's
 * current boot waited for it (left after the attempts, or stale from an earlier boot): adds a
 * failing verdict for @p id and returns true. */
bool run_check_unawaited_copy(struct run_state *st, const char *id);
void run_add_verdict(struct run_result *res, const char *id, bool pass, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* report.c */
void run_print_timeline(struct run_state *st);

#endif /* RUNNER_INTERNAL_H */
