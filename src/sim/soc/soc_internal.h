/* Internal state of the simulated SoC, shared by soc.c (scheduling, power, timeline) and
 * soc_port.c (the host implementation of struct pcd_port). */
#ifndef SOC_INTERNAL_H
#define SOC_INTERNAL_H

#include <pthread.h>
#include <semaphore.h>

#include "pcdsim/soc.h"

/* Who holds the baton: a core, or the controller (the thread calling soc_run). */
#define SOC_TURN_CTRL (-1)
#define SOC_NO_TIME UINT64_MAX

struct soc_core {
    struct soc *soc;
    enum fm_core id;
    pthread_t thread;
    bool thread_started;

    uint64_t clock;      /* device time of this core, µs */
    bool active;         /* its body is running (started, not returned) */
    bool start_pending;  /* start the body when next given the baton */
    bool parked;         /* inside its body, waiting for the baton */
    bool halt;           /* every port operation returns PCD_E_HALTED until the body returns */
    unsigned starts;
    sem_t go;            /* posted once each time the baton is handed to this core */

    /* poll_word: the core sleeps with its clock at the time it would next see the word change
     * (its deadline until the other core writes the word) */
    bool waiting;
    uint32_t wait_addr;
    uint64_t wait_start, wait_poll;

    soc_body_fn body;
    void *body_arg;
    struct pcd_port port;
};

struct soc {
    struct soc_config cfg;
    struct fm_sys *fm;

    /* The baton. Only its holder touches the rest of this struct or the memories, so those need
     * no lock of their own: every hand-over is a post of the next holder's semaphore (release)
     * and its wait (acquire). */
    sem_t go;           /* the controller's: posted when the baton comes back to it */
    int turn;
    uint64_t limit_us;  /* time limit of the current soc_run() */
    bool quit;

    struct soc_core core[FM_CORE_COUNT];
    bool powered;
    bool net_held;
    bool pause_req;
    bool lost_power;        /* a power loss happened and has not been followed by power-on */
    uint64_t power_loss_at; /* scheduled environment event, or SOC_NO_TIME */
    unsigned boots;

    struct soc_event *events;
    unsigned n_events, cap_events;
    int timeline_err; /* PCDSIM_E_NOMEM once an event could not be recorded; cleared by soc_reset_run() */
    soc_event_fn hook;
    void *hook_arg;
    soc_program_fn program_hook;
    void *program_hook_arg;
    soc_flash_fn flash_hook;
    void *flash_hook_arg;
};

/* Record an event at @p core's time (core -1: system time) and call the hook. */
void soc_emit(struct soc *s, int core, enum soc_ev_kind kind, uint32_t arg, const char *text);

/* soc_emit() with the address the event concerns. */
void soc_emit_at(struct soc *s, int core, enum soc_ev_kind kind, uint32_t arg, uint32_t addr, const char *text);

/* Enter a port operation: yield if this core is ahead of the other or of an environment event.
 * Returns PCD_E_HALTED if the core must unwind. Called by the baton holder. */
int soc_enter(struct soc_core *c);

/* Process a power loss (from the flash model's hook, a scenario event, or the controller). */
void soc_lose_power(struct soc *s);

/* Halt one core (bus fault): its operations return PCD_E_HALTED until its body returns. */
void soc_halt_core(struct soc_core *c);

/* Hold / release the network core (RESET.NETWORK.FORCEOFF). */
void soc_force_off(struct soc *s, bool hold, uint64_t t_us);

/* The port operations table (soc_port.c). */
extern const struct pcd_port_ops soc_port_ops;

#endif /* SOC_INTERNAL_H */
