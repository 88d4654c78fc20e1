/* energy.h: CPU package energy from RAPL through the Linux powercap interface. */
#ifndef RG_ENERGY_H
#define RG_ENERGY_H

#include <stddef.h>

/* The package-level RAPL domains of the machine, summed (docs/method.md, "Energy"). */
typedef struct rg__energy_meter rg__energy_meter;

/* Opens every top-level package domain (intel-rapl:N named package-N...) under root, the
 * powercap class folder; NULL means $RIDGE_POWERCAP_ROOT if set, else /sys/class/powercap.
 * Subzones (core, uncore, dram), psys and the intel-rapl-mmio duplicates are not opened.
 * Returns 0 with *out set and note saying which domains are summed; else *out is NULL, note
 * says why energy is not available, and the result is RG_EUNSUPPORTED (no powercap, no
 * package domain, counters readable by root only), RG_EIO (a file could not be read or
 * parsed) or RG_ENOMEM. */
int rg__energy_open(const char *root, rg__energy_meter **out, char *note, size_t notelen);

/* Joules used by the packages since the meter was opened. Counter wrap-around is undone, once
 * per domain between two reads: read at least every few seconds (32-bit counters wrap after
 * a few minutes at full power). Returns 0 or RG_EIO (*joules unchanged). */
int rg__energy_read(rg__energy_meter *m, double *joules);

void rg__energy_close(rg__energy_meter *m); /* NULL is fine */

/* Mean power from a counter that advances in steps (NVML's total energy: its updates are tens
 * of milliseconds apart), read n times at host times t[] (seconds) into e[] (joules) while the
 * work ran: the energy between the first and the last step seen, over the time between the two
 * readings that saw them. Each end is off by at most one reading interval, so the readings
 * should be frequent against the span. Returns 0, or RG_EUNSUPPORTED when fewer than two
 * steps were seen or they span under a quarter of the readings' time (*watts unchanged). */
int rg__energy_steps_power(const double *t, const double *e, int n, double *watts);

#endif /* RG_ENERGY_H */
