/* Section "port": the nRF5340 port's register sequences against the model — NVMC program and
 * erase (CONFIG, READY, read-back), the ACL, RESET.NETWORK.FORCEOFF with SPU.EXTDOMAIN, the SPU
 * RAM-region lock, and the bus maps of both cores. */
#include <string.h>

#include "hwmodel.h"
#include "pcd/nrf5340/hw.h"
#include "pcd/nrf5340/nrf5340.h"
#include "pcd/nrf5340/regs.h"
#include "tt.h"

static void note_release(void *user)
{
    (void)user; /* the net core does nothing here; hwm_stats() records the EXTDOMAIN value it saw */
}

static void nvmc_checks(void)
{
    struct pcd_nrf5340_net net;
    static uint8_t page[NRF53_NET_FLASH_PAGE];
    hwm_init();
    hwm_set_core(HWM_NET);
    pcd_nrf5340_net_init(&net);
    const struct pcd_port *p = &net.port;

    /* Program / erase / read-back round trip at the end of net flash, unaligned source buffer. */
    uint8_t buf[17];
    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)(0x10u + i);
    }
    const uint32_t off = NRF53_NET_FLASH_SIZE - NRF53_NET_FLASH_PAGE;
    int rc = pcd_flash_program(p, PCD_MEM_NET_FLASH, off, buf + 1, 16u);
    uint8_t back[16];
    pcd_flash_read(p, PCD_MEM_NET_FLASH, off, back, 16u);
    tt_check(rc == 0 && memcmp(back, buf + 1, 16) == 0, "program 16 bytes: %s", pcd_strerror(rc));
    tt_line("nvmc program rc=%s words=%u config=%lu", pcd_strerror(rc), hwm_stats()->word_writes[HWM_NET],
            (unsigned long)hwm_reg(NRF53_NET_NVMC_BASE + NRF53_NVMC_CONFIG));
    /* NOR: writing 1s over 0s leaves the 0s (the port accepts old AND new). */
    const uint8_t ones[4] = {0xFF, 0xFF, 0xFF, 0xFF};
    rc = pcd_flash_program(p, PCD_MEM_NET_FLASH, off, ones, 4u);
    pcd_flash_read(p, PCD_MEM_NET_FLASH, off, back, 4u);
    tt_check(rc == 0 && memcmp(back, buf + 1, 4) == 0, "ones over programmed bits: %s", pcd_strerror(rc));
    rc = pcd_flash_erase(p, PCD_MEM_NET_FLASH, off, NRF53_NET_FLASH_PAGE);
    pcd_flash_read(p, PCD_MEM_NET_FLASH, off, page, sizeof(page));
    bool erased = true;
    for (unsigned i = 0; i < sizeof(page); i++) {
        erased &= page[i] == 0xFFu;
    }
    tt_check(rc == 0 && erased, "erase page: %s", pcd_strerror(rc));
    tt_line("nvmc erase rc=%s erases=%u config=%lu", pcd_strerror(rc), hwm_stats()->page_erases[HWM_NET],
            (unsigned long)hwm_reg(NRF53_NET_NVMC_BASE + NRF53_NVMC_CONFIG));

    /* Contract errors: nothing reaches the NVMC. */
    const unsigned w = hwm_stats()->word_writes[HWM_NET];
    tt_check(pcd_flash_program(p, PCD_MEM_NET_FLASH, off + 2u, buf, 4u) == PCD_E_FLASH_RULE, "unaligned program");
    tt_check(pcd_flash_program(p, PCD_MEM_NET_FLASH, off, buf, 3u) == PCD_E_FLASH_RULE, "partial word");
    tt_check(pcd_flash_program(p, PCD_MEM_NET_FLASH, NRF53_NET_FLASH_SIZE - 4u, buf, 8u) == PCD_E_RANGE,
             "program past the end");
    tt_check(pcd_flash_erase(p, PCD_MEM_NET_FLASH, off + 4u, NRF53_NET_FLASH_PAGE) == PCD_E_FLASH_RULE,
             "unaligned erase");
    tt_check(pcd_flash_erase(p, PCD_MEM_NET_FLASH, NRF53_NET_FLASH_SIZE, NRF53_NET_FLASH_PAGE) == PCD_E_RANGE,
             "erase past the end");
    tt_check(hwm_stats()->word_writes[HWM_NET] == w, "refused operations reached the NVMC");

    /* A controller that never gets ready: bounded wait, PCD_E_IO, CONFIG back to read-only. */
    struct pcd_nrf5340_nvmc stuck;
    pcd_nrf5340_nvmc_net(&stuck);
    stuck.polls_max = 64u;
    hwm_set_nvmc_stuck(true);
    rc = pcd_nrf5340_nvmc_program(&stuck, off, buf, 4u);
    const int erc = pcd_nrf5340_nvmc_erase(&stuck, off, NRF53_NET_FLASH_PAGE);
    hwm_set_nvmc_stuck(false);
    tt_line("nvmc stuck program=%s erase=%s config=%lu", pcd_strerror(rc), pcd_strerror(erc),
            (unsigned long)hwm_reg(NRF53_NET_NVMC_BASE + NRF53_NVMC_CONFIG));
    tt_check(rc == PCD_E_IO && erc == PCD_E_IO &&
                 hwm_reg(NRF53_NET_NVMC_BASE + NRF53_NVMC_CONFIG) == NRF53_NVMC_CONFIG_REN,
             "stuck NVMC: %s / %s", pcd_strerror(rc), pcd_strerror(erc));

    /* ACL: after the lock, writes and erases of the container fail (read back) and change nothing. */
    memset(hwm_mem(0x01000000u, 0x8800u), 0x5A, 0x8800u); /* something to lose in the container */
    rc = pcd_nrf5340_acl_protect(0, 0x01000000u, 0x8800u);
    tt_check(rc == 0, "acl protect: %s", pcd_strerror(rc));
    tt_check(pcd_nrf5340_acl_protect(8, 0x01000000u, 0x800u) == PCD_E_INVAL &&
                 pcd_nrf5340_acl_protect(1, 0x01000400u, 0x800u) == PCD_E_INVAL &&
                 pcd_nrf5340_acl_protect(1, 0x0103F800u, 0x1000u) == PCD_E_INVAL,
             "acl arguments");
    const int prc = pcd_flash_program(p, PCD_MEM_NET_FLASH, 0x100u, buf, 4u);
    const int xrc = pcd_flash_erase(p, PCD_MEM_NET_FLASH, 0x0u, NRF53_NET_FLASH_PAGE);
    tt_line("acl program=%s erase=%s blocked=%u", pcd_strerror(prc), pcd_strerror(xrc), hwm_stats()->acl_blocked);
    tt_check(prc == PCD_E_IO && xrc == PCD_E_IO && hwm_stats()->acl_blocked == 2u &&
                 tt_le32(hwm_mem(0x01000100u, 4)) == 0x5A5A5A5Au && tt_le32(hwm_mem(0x01000000u, 4)) == 0x5A5A5A5Au,
             "ACL-protected page modified or not reported");
    /* The region is set once: a second, different configuration does not take. */
    tt_check(pcd_nrf5340_acl_protect(0, 0x01008800u, 0x800u) == PCD_E_IO, "ACL region rewritten");
    /* PS ACL: each register is write-once. A region whose ADDR someone else already wrote is
     * refused untouched: our SIZE and PERM next to a foreign ADDR would protect the wrong page. */
    pcd_nrf5340_hw_write32(NRF53_NET_ACL_BASE + NRF53_ACL_ADDR(1), 0x01020000u);
    tt_check(pcd_nrf5340_acl_protect(1, 0x01008800u, 0x800u) == PCD_E_IO &&
                 hwm_reg(NRF53_NET_ACL_BASE + NRF53_ACL_PERM(1)) == 0u &&
                 hwm_reg(NRF53_NET_ACL_BASE + NRF53_ACL_SIZE(1)) == 0u,
             "ACL region with a foreign ADDR completed");
    tt_check(pcd_flash_program(p, PCD_MEM_NET_FLASH, 0x20000u, buf, 4u) == 0, "page behind a half-set region blocked");
    /* A region already set to the same range but read-protected as well is not the lock asked
     * for (B0N must stay readable and executable): not reported as taken. */
    pcd_nrf5340_hw_write32(NRF53_NET_ACL_BASE + NRF53_ACL_ADDR(2), 0x01010000u);
    pcd_nrf5340_hw_write32(NRF53_NET_ACL_BASE + NRF53_ACL_SIZE(2), 0x800u);
    pcd_nrf5340_hw_write32(NRF53_NET_ACL_BASE + NRF53_ACL_PERM(2),
                           NRF53_ACL_PERM_WRITE_DISABLE | NRF53_ACL_PERM_READ_DISABLE);
    tt_check(pcd_nrf5340_acl_protect(2, 0x01010000u, 0x800u) == PCD_E_IO,
             "read-protected ACL region taken as the lock");
    /* Protection needs a page-start ADDR (PS ACL): a region at a half page protects nothing. */
    pcd_nrf5340_hw_write32(NRF53_NET_ACL_BASE + NRF53_ACL_ADDR(3), 0x01030400u);
    pcd_nrf5340_hw_write32(NRF53_NET_ACL_BASE + NRF53_ACL_SIZE(3), 0x800u);
    pcd_nrf5340_hw_write32(NRF53_NET_ACL_BASE + NRF53_ACL_PERM(3), NRF53_ACL_PERM_WRITE_DISABLE);
    tt_check(pcd_flash_program(p, PCD_MEM_NET_FLASH, 0x30400u, buf, 4u) == 0 && hwm_stats()->acl_blocked == 2u,
             "ACL region without a page-start ADDR enforced");
    tt_check(hwm_stats()->violations == 0u, "model violation: %s", hwm_stats()->first);
}

static void bus_checks(void)
{
    struct pcd_nrf5340_net net;
    struct pcd_nrf5340_app app;
    uint8_t b[8];
    uint32_t v;
    struct pcd_mem_info mi;
    hwm_init();
    pcd_nrf5340_net_init(&net);
    pcd_nrf5340_app_init(&app, NULL);

    hwm_set_core(HWM_NET);
    tt_check(pcd_bus_read(&net.port, 0x10000000u, b, 4) == PCD_E_BUS_FAULT, "net: QSPI XIP is unreachable");
    tt_check(pcd_bus_read(&net.port, 0x000FFFFCu, b, 8) == PCD_E_BUS_FAULT, "net: read across the end of app flash");
    tt_check(pcd_bus_read(&net.port, 0x000FFFF8u, b, 8) == 0, "net: last bytes of app flash");
    tt_check(pcd_bus_write(&net.port, 0x00001000u, b, 4) == PCD_E_BUS_FAULT, "net: no plain stores to flash");
    tt_check(pcd_shared_read32(&net.port, 0x20000002u, &v) == PCD_E_BUS_FAULT, "net: unaligned shared word");
    tt_check(pcd_mem_info(&net.port, PCD_MEM_APP_FLASH, &mi) == PCD_E_UNSUPPORTED, "net: only net flash geometry");
    tt_check(pcd_mem_info(&net.port, PCD_MEM_NET_FLASH, &mi) == 0 && mi.cpu_addr == 0x01000000u &&
                 mi.page_size == 0x800u && mi.size == 0x40000u,
             "net: net flash geometry");
    tt_check(pcd_netcore_force_off(&net.port, true) == PCD_E_UNSUPPORTED &&
                 pcd_spu_lock_ram(&net.port, 0x20000000u, 0x2000u) == PCD_E_UNSUPPORTED,
             "net: no app-core operations");
    tt_check(pcd_signal(&net.port) == 0, "net: signal is a no-op success");

    hwm_set_core(HWM_APP);
    tt_check(pcd_flash_read(&app.port, PCD_MEM_NET_FLASH, 0, b, 4) == PCD_E_BUS_FAULT, "app: net flash unreachable");
    tt_check(pcd_mem_info(&app.port, PCD_MEM_NET_FLASH, &mi) == 0 && mi.cpu_addr == PCD_NO_CPU_ADDR,
             "app: net flash has no CPU address");
    tt_check(pcd_mem_info(&app.port, PCD_MEM_QSPI, &mi) == PCD_E_UNSUPPORTED &&
                 pcd_flash_read(&app.port, PCD_MEM_RAM_FLASH, 0, b, 4) == PCD_E_UNSUPPORTED,
             "app: no QSPI / RAM flash without an integration port");
    tt_check(pcd_bus_read(&app.port, 0x01000000u, b, 4) == PCD_E_BUS_FAULT, "app: net flash not on the bus");
    /* App flash through the app NVMC (4 KiB pages). */
    const uint8_t w[4] = {0x12, 0x34, 0x56, 0x78};
    int rc = pcd_flash_program(&app.port, PCD_MEM_APP_FLASH, 0xFF000u, w, 4u);
    tt_check(rc == 0 && tt_le32(hwm_mem(0xFF000u, 4)) == 0x78563412u, "app: program: %s", pcd_strerror(rc));
    rc = pcd_flash_erase(&app.port, PCD_MEM_APP_FLASH, 0xFF000u, 0x1000u);
    tt_check(rc == 0 && tt_le32(hwm_mem(0xFF000u, 4)) == 0xFFFFFFFFu, "app: erase: %s", pcd_strerror(rc));
    tt_check(pcd_flash_erase(&app.port, PCD_MEM_APP_FLASH, 0xFF800u, 0x800u) == PCD_E_FLASH_RULE,
             "app: 2 KiB erase on 4 KiB pages");
    tt_line("bus app_words=%u app_erases=%u", hwm_stats()->word_writes[HWM_APP], hwm_stats()->page_erases[HWM_APP]);
    tt_check(hwm_stats()->violations == 0u, "model violation: %s", hwm_stats()->first);
}

static void app_core_checks(void)
{
    struct pcd_nrf5340_app app;
    struct pcd_nrf5340_net net;
    hwm_init();
    hwm_set_core(HWM_APP);
    pcd_nrf5340_app_init(&app, NULL);
    pcd_nrf5340_net_init(&net);
    hwm_set_net_body(note_release, NULL);
    const uint32_t ext0 = hwm_reg(NRF53_SPU_BASE + NRF53_SPU_EXTDOMAIN_PERM(0));

    /* Release: EXTDOMAIN[0] secure first, then FORCEOFF = 0; the net core runs at the next wait
     * and sees the secure attribute. Hold: FORCEOFF = 1, then EXTDOMAIN restored. */
    int rc = pcd_netcore_force_off(&app.port, false);
    const uint32_t forceoff_released = hwm_reg(NRF53_RESET_BASE + NRF53_RESET_NETWORK_FORCEOFF);
    pcd_delay_us(&app.port, 1000u);
    const int hrc = pcd_netcore_force_off(&app.port, true);
    tt_line("forceoff release=%s forceoff=%lu ran=%u ext_at_run=0x%lx hold=%s forceoff=%lu ext=0x%lx", pcd_strerror(rc),
            (unsigned long)forceoff_released, hwm_stats()->net_runs, (unsigned long)hwm_stats()->extdomain_at_run,
            pcd_strerror(hrc), (unsigned long)hwm_reg(NRF53_RESET_BASE + NRF53_RESET_NETWORK_FORCEOFF),
            (unsigned long)hwm_reg(NRF53_SPU_BASE + NRF53_SPU_EXTDOMAIN_PERM(0)));
    tt_check(rc == 0 && hrc == 0 && forceoff_released == 0u && hwm_stats()->net_runs == 1u &&
                 (hwm_stats()->extdomain_at_run & NRF53_SPU_EXTDOMAIN_SECATTR) != 0u &&
                 hwm_reg(NRF53_RESET_BASE + NRF53_RESET_NETWORK_FORCEOFF) == 1u &&
                 hwm_reg(NRF53_SPU_BASE + NRF53_SPU_EXTDOMAIN_PERM(0)) == ext0,
             "force-off sequence");

    /* APP-LOCK: region 0 read-only and locked; net-core writes to the block are then refused. */
    tt_check(pcd_spu_lock_ram(&app.port, 0x20000400u, 0x2000u) == PCD_E_INVAL &&
                 pcd_spu_lock_ram(&app.port, 0x20000000u, 0x1000u) == PCD_E_INVAL &&
                 pcd_spu_lock_ram(&app.port, 0x2007E000u, 0x4000u) == PCD_E_INVAL,
             "spu lock arguments");
    rc = pcd_spu_lock_ram(&app.port, 0x20000000u, 0x2000u);
    const uint32_t perm = hwm_reg(NRF53_SPU_BASE + NRF53_SPU_RAMREGION_PERM(0));
    hwm_set_core(HWM_NET);
    const uint32_t before = tt_le32(hwm_mem(0x20000000u, 4));
    const int wrc = pcd_shared_write32(&net.port, 0x20000000u, 0x12345678u);
    const uint32_t after = tt_le32(hwm_mem(0x20000000u, 4));
    hwm_set_core(HWM_APP);
    tt_line("spu lock=%s perm=0x%lx region1=0x%lx blocked=%u", pcd_strerror(rc), (unsigned long)perm,
            (unsigned long)hwm_reg(NRF53_SPU_BASE + NRF53_SPU_RAMREGION_PERM(1)), hwm_stats()->spu_blocked);
    tt_check(rc == 0 && perm == (NRF53_SPU_PERM_READ | NRF53_SPU_PERM_SECATTR | NRF53_SPU_PERM_LOCK) &&
                 wrc == 0 && after == before && hwm_stats()->spu_blocked == 1u,
             "spu lock of pcd_sram");
    /* Locked until reset: the same lock again is fine; the region cannot be reopened. */
    tt_check(pcd_spu_lock_ram(&app.port, 0x20000000u, 0x2000u) == 0, "second lock");
    hwm_reset_app();
    tt_check(hwm_reg(NRF53_SPU_BASE + NRF53_SPU_RAMREGION_PERM(0)) == 0x17u, "reset drops the lock");

    /* EXTDOMAIN locked non-secure (e.g. by TF-M): the release is refused, the net core stays off. */
    hwm_set_core(HWM_APP);
    pcd_nrf5340_hw_write32(NRF53_SPU_BASE + NRF53_SPU_EXTDOMAIN_PERM(0), NRF53_SPU_EXTDOMAIN_LOCK);
    rc = pcd_netcore_force_off(&app.port, false);
    tt_check(rc == PCD_E_IO && hwm_reg(NRF53_RESET_BASE + NRF53_RESET_NETWORK_FORCEOFF) == 1u,
             "release with EXTDOMAIN locked: %s", pcd_strerror(rc));
    tt_check(hwm_stats()->violations == 0u, "model violation: %s", hwm_stats()->first);
}

struct delay_count {
    unsigned calls;
    uint64_t total;
};

static int count_delay(void *user, uint32_t us)
{
    struct delay_count *n = user;
    n->calls++;
    n->total += us;
    return 0;
}

/* The updater's delays are 64-bit µs (a 24 h timeout is 86 400 000 000 µs): the port hands them
 * to the integration's 32-bit busy wait (k_busy_wait) in pieces that add up to the whole. */
static void delay_checks(void)
{
    struct pcd_nrf5340_app_config cfg;
    struct delay_count n = {0u, 0u};
    pcd_nrf5340_app_config_default(&cfg);
    cfg.delay_us = count_delay;
    cfg.user = &n;
    struct pcd_nrf5340_app app;
    hwm_set_core(HWM_APP);
    pcd_nrf5340_app_init(&app, &cfg);
    const uint64_t day = 86400000000ull;
    const int rc = pcd_delay_us(&app.port, day);
    tt_line("delay 24 h: %s in %u call(s)", pcd_strerror(rc), n.calls);
    tt_check(rc == 0 && n.total == day && n.calls == 21u, "64-bit delay in 32-bit pieces");
}

void tt_run_port(void)
{
    tt_section("port");
    if (!tt_check(hwm_init() == 0, "model memory")) {
        tt_section_end();
        return;
    }
    nvmc_checks();
    bus_checks();
    app_core_checks();
    delay_checks();
    tt_section_end();
}
