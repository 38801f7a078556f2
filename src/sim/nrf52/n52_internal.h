/* Internals of the nRF52 runner (n52_run.c: device and fault hook; n52_life.c: power-ons;
 * n52_verdicts.c: judging). Not used outside this folder. */
#ifndef PCDSIM_N52_INTERNAL_H
#define PCDSIM_N52_INTERNAL_H

#include "nrf5dfu/dfu.h"
#include "pcdsim/keys.h"
#include "pcdsim/n52_init.h"
#include "pcdsim/n52_port.h"
#include "pcdsim/n52_run.h"

enum n52_area { N52_AREA_BANK0, N52_AREA_BANK1, N52_AREA_SETTINGS, N52_AREA_BACKUP, N52_AREA_OTHER };
enum n52_who { N52_WHO_BOOT, N52_WHO_APP };

/* What the fault hook saw land, and what the power-ons found. */
struct n52_obs {
    unsigned stray_ops;      /* outside the areas the running party may change */
    uint32_t first_stray;    /* flash offset of the first */
    unsigned app_backup_ops; /* the application wrote the backup page */
    unsigned bank0_ops;      /* the bootloader's programs and erases of bank 0 */
    unsigned steps_unsaved;  /* a bank-0 page erased before the previous step's progress was saved */
    bool copy_pending;       /* a bank-0 page erased since the last settings save */
    bool staged;             /* the application staged the update */
    int app_err;             /* the application's last error other than a power loss */
    bool stage_checked_ok;   /* at staging: settings page valid, bank_1 right, protected fields as the backup */
    char stage_why[160];     /* what was wrong */
    bool activated, rejected;
    int reject_err;
    unsigned pages_copied;
    bool without_app;        /* a bootloader run completed with no valid application */
    unsigned boots;
    bool settled;            /* ended before N52_MAX_BOOTS */
    bool app_valid;          /* the last completed bootloader run found an application */
    char init_why[128];      /* the init checker's reason of a rejection */
};

struct n52_dev {
    const struct n52_scenario *s;
    struct fm_sys *sys;
    struct fm_snapshot *factory;
    struct n5_layout lay;
    struct n5_port port;
    struct n52_port_ctx pc;
    struct pcdsim_key key;
    struct n52_init_ctx ictx;
    struct n5_init_checker chk;
    struct n52_run_opts opts;
    bool use_scn_faults;
    bool fired[N52_MAX_FAULTS];
    bool cut_fired;
    unsigned phase_ops[3];
    uint64_t first_seq;
    enum n52_who who;
    struct n52_obs obs;
};

int n52_dev_open(struct n52_dev *d, const struct n52_scenario *s);
void n52_dev_close(struct n52_dev *d);
/* One run from the factory state (n52_run.c). */
void n52_dev_run(struct n52_dev *d, const struct n52_run_opts *o, struct run_result *res);
/* The power-ons (n52_life.c). */
void n52_life(struct n52_dev *d);
/* The verdicts (n52_verdicts.c). */
void n52_judge(struct n52_dev *d, struct run_result *res);
void n52_log(struct n52_dev *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
