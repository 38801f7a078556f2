/* Internal state of one run, shared by the runner's files. The files form a line: each calls
 * only files listed before it (never one after it; hooks -- function pointers -- go upwards):
 *   verdicts.c   adding a verdict, finding one; calls nothing
 *   config.c     questions on the run's configuration: requirement ids named, initial bytes
 *   counter.c    NSIB's version counter: provision bytes, its value at set-up and now  (config.c)
 *   report.c     timeline, JSON lines, verdict lines        report_perfetto.c  Chrome trace JSON
 *   commands.c   the commands B0N found, as they were in memory            (config.c)
 *   req_checks.c requirement checks on those commands and the timeline     (verdicts.c)
 *   batch_checks.c the MI-* checks of a batch (app + net) run             (config.c, verdicts.c)
 *   download_run.c the application's download (transport, sessions) and the DL-* checks (verdicts.c)
 *   rb_checks.c  the RB-* checks of a rollback (test batch) run            (config.c, verdicts.c)
 *   req_table.c  requirement dispatch: one row {id, check} per id          (batch_checks.c, req_checks.c, config.c,
 *                verdicts.c)
 *   oracles.c    system properties, the table's checks, the expectations  (req_table.c and below)
 *   faults.c     events (the enum of pcdsim/scenario.h), triggers, fault injection (commands.c)
 *   bodies.c     what each core runs: MCUboot + application, B0N + network-core application
 *   runner.c     set-up, steps, settle; judge, then the idempotence probe, then SYS-IDEMPOTENT
 *                (oracles.c, faults.c, bodies.c, report*.c, verdicts.c)
 *   sweep.c      power-loss sweeps: sets the runner's raw-load hook, resets a branch (runner.c)
 *   sweep_parallel.c forked workers over the sweep's branches              (sweep.c)
 * The state is split in two: struct run_state holds what the run is configured with (set once,
 * kept by every branch of a sweep), struct run_branch what a branch changes (reset as one). */
#ifndef RUNNER_INTERNAL_H
#define RUNNER_INTERNAL_H

#include "pcd/cmd.h"
#include "pcdsim/runner.h"
#include "pcdsim/scenario.h" /* the event enum and its one name table (pcdsim_scn_event_find()) */

/* No event (a timeline entry scenarios cannot name; no awaited event; no event trigger). */
#define RUN_EV_NONE PCDSIM_EV__COUNT

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

/* A batch as the MI-* oracles see it (batch_checks.c). */
/* One image of the batch as the oracle sees it. */
struct mi_image {
    bool present;                  /* a candidate with a request in its slot */
    int verdict;                   /* pcd_image_validate() */
    bool valid;                    /* verdict 0, routed to its image's core, fits its destination */
    uint32_t end;                  /* bytes from the header to the last TLV */
    struct pcd_image_version ver;  /* ih_ver */
    uint32_t fw_ver;               /* image 1: fw_info.version of the body */
    struct pcd_image_result ir;    /* dependencies */
    bool applied;                  /* the settled device holds it */
    struct pcd_slot_state slot;    /* its slot's record at the end */
};

struct mi_facts {
    struct mi_image img[2];
    bool app_known;                /* the initial application's version is known */
    struct pcd_image_version app0; /* initial application (primary slot header) */
    bool net_known;                /* the initial network core runs an application with fw_info */
    uint32_t net0;                 /* its fw_info.version */
};


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

/* What the application's download sessions did (download_run.c), for the DL-* checks. */
struct run_dl_facts {
    unsigned sessions;       /* boots that ran a session */
    unsigned chunks, lost;   /* chunks sent, and lost (sent again) */
    unsigned resumed;        /* sessions that resumed a package the progress log named */
    uint32_t resume_off;     /* the offset the last of them went on from */
    unsigned requested;      /* sessions that wrote the request */
    uint32_t slot_tag[2];    /* first 4 bytes of SHA-256 of each whole slot at the (last) request */
    int refused;             /* the refusal (PCD_E_PKG_*), 0 if none */
    uint64_t refused_ops;    /* flash operations of the refusing session */
    int failed;              /* a session that stopped otherwise (PCD_E_DL_HASH, ...) */
    bool bad_offer;          /* a boot found a partly written image requested, or a lone request without partner */
    char bad_evidence[120];
};

/* What one branch of a run changes: the faults' progress, what the cores did, the phase. A run
 * starts with all of it zero; a sweep branch resets it as one (memset), so a new field here is
 * reset with it, and a field that must survive a branch belongs in struct run_state. */
struct run_branch {
    /* faults */
    bool fired[RUN_MAX_FAULTS];
    uint32_t seen[RUN_MAX_FAULTS];  /* matching events / operations so far */
    int32_t stuck_left[RUN_MAX_FAULTS]; /* network-core starts left for stuck bits, -1 forever */
    bool stuck_active[RUN_MAX_FAULTS];
    bool net_silent, net_crash;
    bool app_writes_pcd_pending;
    int app_writes_pcd_fault;
    bool warm_reset_pending;
    bool cut_in_test_boot; /* a power loss hit a test batch swapped in and not yet confirmed (rollback):
                              MCUboot reverts it at the next boot, so the old pair is a correct end */

    /* what the cores did */
    struct pcd_updater_result upd_res; /* last boot that ran the updater */
    bool upd_ran;
    struct pcd_batch_result batch_res; /* last boot that ran the batch updater (cfg->batch.on) */
    int settled_ni;               /* enum net_image of the settled state (run_judge), for RB-CONFIRM after the probe */
    bool batch_ran;
    unsigned upd_stops;                /* boots whose update path stopped with an error before any attempt */
    int upd_stop_rc;                   /* the error of the last such stop */
    unsigned copy_cmds;                /* COPY commands B0N saw */
    bool app_jumped;
    struct pcd_image_version app_ver;
    bool net_reported;
    uint32_t net_version;
    bool net_booted;
    bool net_crashed;
    char net_binary_fault[160]; /* the binary's last fault, budget or strict stop ("" none) */
    char net_state[64];
    struct cmd_record cmds[RUN_MAX_CMDS]; /* commands B0N found, in order (commands.c) */
    unsigned n_cmds;
    struct run_dl_facts dl;            /* the application's downloads (download_run.c) */

    /* awaited event of a `run: EVENT` step (or of the probe), while awaiting (zero: none) */
    bool awaiting;
    enum pcdsim_scn_event await_event;
    bool await_hit;

    /* phases */
    bool probing;         /* the idempotence probe boot */
    unsigned probe_copy_cmds;
    uint64_t probe_net_writes;
    bool hung;            /* a run step hit its time bound */
    char hang_evidence[300];

    unsigned printed;     /* timeline entries already printed */
};

/* A raw load of the candidate slot (not a flash operation), reported to whoever records the run
 * (a sweep's reference run: sweep.c sets it), so that the runner never calls the sweep. */
typedef void run_raw_load_fn(void *ctx, int dev, uint32_t off, const uint8_t *data, uint32_t len, uint64_t next_op,
                             uint64_t t_us);

/* One run: what it is configured with (set once, by run_setup() or the sweep's worker, and kept
 * across the branches of a sweep), and what a branch changes (@ref br). */
struct run_state {
    const struct run_config *cfg;
    const struct run_output *out;
    struct run_result *res;
    struct soc *soc;
    struct fm_sys *fm;
    struct pcd_updater_config upd; /* cfg->upd with keys attached */
    uint64_t limit_us;    /* bound of a run step: run_step_limit_us() */
    bool settle_on_loss;  /* a power loss ends the steps: the device settles (pcdsim run --cut) */
    bool any_op_trigger;  /* a fault decided at a flash operation: the fault hook is set */
    enum pcdsim_scn_event trig_ev[RUN_MAX_FAULTS]; /* each fault's event trigger, resolved (RUN_EV_NONE: none) */
    run_raw_load_fn *on_raw_load; /* non-NULL while a sweep's reference run records */
    void *raw_load_ctx;

    bool cand_known;      /* cand computed: the same for every branch of a sweep */
    struct candidate_facts cand;
    bool mi_known;        /* mi's candidate and initial-image parts computed (batch_checks.c), kept as cand */
    struct mi_facts mi;

    struct run_branch br; /* reset as one for each sweep branch */

    struct run_nand_state *nand; /* cfg->nand.on: the area and its port (nand.c) */
};

/* nand.c: a candidate slot in SPI NAND (cfg->nand) */
int run_nand_setup(struct run_state *st);
const struct pcd_port *run_nand_port(struct run_state *st, const struct pcd_port *port, int *rc);
void run_nand_teardown(struct run_state *st);
/* NAND slot @p w's logical bytes as the area shows them (malloc'ed, the slot's size; NULL on failure
 * or when that slot is not in the NAND), read without changing the device, for the oracles */
uint8_t *run_nand_slot_copy(struct run_state *st, enum run_nand_which w);
/* Does the scenario put an error the ECC cannot correct into the first @p len bytes of slot @p w
 * (the stored candidate: NAND-ECC makes it invalid)? */
bool run_nand_uncorrectable(const struct run_config *cfg, enum run_nand_which w, uint32_t len);

/* runner.c: set-up of the SoC and memories, the steps, settle */
int run_setup(struct run_state *st);
void run_steps(struct run_state *st);
void run_settle(struct run_state *st);
void run_teardown(struct run_state *st);
/* runner.c: the oracles (run_judge()), the idempotence probe (one more power cycle: SYS-IDEMPOTENT),
 * then run_judge_end(): what run_execute() and each sweep branch do once the device settled */
void run_judge_all(struct run_state *st);

/* sweep.c: drop this process's worker (its SoC threads): required before fork(), whose child
 * would inherit a SoC without its threads */
void run_sweep_release_worker(struct run_sweep *sw);

/* faults.c */
enum pcdsim_scn_event run_event_of(const struct run_state *st, const struct soc_event *ev);
int run_faults_arm(struct run_state *st);
void run_on_event(struct soc *soc, const struct soc_event *ev, void *arg);
void run_on_program(struct soc *soc, enum fm_core core, int dev, uint32_t off, uint32_t len, void *arg);

/* bodies.c */
void run_app_body(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg);
void run_net_body(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg);

/* batch_checks.c: the MI-* requirements of a batch run (reference-behaviour §5); each adds one
 * verdict, or none when the run cannot judge it. @p net_new / @p net_none: the settled network
 * core holds the candidate's image / no valid image. */
void run_check_mi(struct run_state *st, const char *id, bool net_new, bool net_none);
/* nand_checks.c: NAND-BBM, NAND-ECC, NAND-ORDER, NAND-STAGE (a candidate slot in SPI NAND) */
struct req_facts;
void run_check_nand(struct run_state *st, const char *id, const struct req_facts *f);
/* batch_checks.c: must this batch be refused (an invalid candidate, an unmet dependency, a
 * downgrade, a net image beyond the RAM window)? */
bool run_batch_refused(struct run_state *st, bool net_new);
/* download_run.c: the application's download session of one boot (true: it requested the
 * upgrade and reboots), the check of the slots at each boot, and the DL-* verdicts */
bool run_app_download(struct run_state *st, struct soc *soc, enum fm_core core, const struct pcd_port *port);
void run_dl_boot_check(struct run_state *st);
void run_check_dl(struct run_state *st, const char *id);
/* oracles.c */
/* oracles.c: the settled state's verdicts (system properties, the requirement ids the scenario
 * names, its expectations); run_judge_end() after the probe: ids not judged, the outcome */
void run_judge(struct run_state *st);
void run_judge_end(struct run_state *st);

/* config.c: questions on the run's configuration */
bool run_names_requirement(const struct run_config *cfg, const char *id);
/* The bytes [off, off + len) of a flash device had before the first power-on, rebuilt from the
 * run's initial loads (outside the candidate slot, which the oracles never compare). */
void run_initial_bytes(const struct run_state *st, int dev, uint32_t off, uint32_t len, uint8_t *out);

/* The version NSIB's counter holds now / held at set-up (run_config::counter; 0 when none is provisioned). */
uint32_t run_counter_now(const struct run_state *st);
uint32_t run_counter_initial(const struct run_state *st);

/* What the network core's application partition holds once the run settled (oracles.c). */
enum net_image { NET_NEW, NET_OLD, NET_NONE };

/* rb_checks.c: the RB-* requirements of a rollback run (reference-behaviour §6, docs/ROLLBACK.md).
 * run_rb_pair(): is the settled pair consistent (old app + old net, or new + new)? Evidence in @p ev.
 * run_rb_revert_pending(): an unconfirmed test batch waits for its revert at the next boot. */
bool run_rb_pair(struct run_state *st, enum net_image ni, char *ev, size_t ev_size);
bool run_rb_revert_pending(struct run_state *st);
void run_check_rb(struct run_state *st, const char *id, enum net_image ni);
/* After the idempotence probe (@p probed: it ran): RB-CONFIRM (confirmed -> released, nothing copied)
 * and, when the settled state owed a revert (@p revert_due), RB-REVERT on what the probe boot left. */
void run_check_rb_after_probe(struct run_state *st, enum net_image ni, bool probed, bool revert_due);

/* req_table.c: the facts a requirement check judges besides the run. */
struct req_facts {
    const struct candidate_facts *cf;
    const struct pcd_slot_state *slot; /* the candidate slot's record, settled */
    enum net_image ni;
    bool app_ok; /* what the application side can judge: MCUboot-valid, for the net core, dependencies met */
};
/* One row of the requirement table: the id and its check, which adds at most one verdict for
 * @p id (none when nothing in the run lets it be judged). A NULL check: a system property, judged
 * on every run by the oracles. */
typedef void run_req_check_fn(struct run_state *st, const char *id, const struct req_facts *f);
struct run_req_row {
    const char *id;
    run_req_check_fn *check;
};
const struct run_req_row *run_req_table(size_t *n);
/* Judge requirement @p id by its row (nothing for an id without one). */
void run_check_requirement(struct run_state *st, const char *id, const struct req_facts *f);
/* "done", "rejected", "pending" or "empty": a slot record in a word */
const char *run_slot_word(const struct pcd_slot_state *s);

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

/* verdicts.c: the bottom of the runner; calls nothing (run_find_verdict() and
 * run_first_unexpected() of pcdsim/runner.h are there too) */
void run_add_verdict(struct run_result *res, const char *id, bool pass, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* report.c */
void run_print_timeline(struct run_state *st);

#endif /* RUNNER_INTERNAL_H */
