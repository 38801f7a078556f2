/* pcdsim inspect --nrf52-settings FILE: an nRF5 SDK bootloader settings page dump (docs/NRF52.md). */
#ifndef PCDSIM_INSPECT_N52_H
#define PCDSIM_INSPECT_N52_H

/* Print the fields of the settings page(s) in @p path (.bin: one page, or the backup page then
 * the settings page; .hex: the pages at the nRF52840's or nRF52832's addresses) with their CRC
 * verdicts. Returns the exit code: 0 every page's CRCs hold, 1 one does not, 2 bad input. */
int inspect_n52_settings(const char *path);

#endif
