/* buffers.h: the memory of a case's operands and of the bandwidth probes. Buffers of 2 MiB and
 * more are asked to live on transparent huge pages (madvise MADV_HUGEPAGE) unless the run says
 * --pages small: streaming kernels are then measured against the memory, not against page walks
 * (a 4 KiB page per 64 lines; under a hypervisor each TLB miss is a two-level walk). Method and
 * measurements: docs/method.md, "Buffers and pages". */
#ifndef RG_BUFFERS_H
#define RG_BUFFERS_H

#include <stddef.h>
#include <stdint.h>

typedef enum { RG_PAGES_HUGE = 0, RG_PAGES_SMALL } rg_pages;

/* "huge", "small". */
const char *rg__pages_name(rg_pages p);
/* 0, or -1 for an unknown name. */
int rg__pages_parse(const char *name, rg_pages *out);

/* 64-byte aligned memory for bytes (>= 0; 0 gives a line), released with free(); NULL when out
 * of memory. RG_PAGES_HUGE: from 2 MiB up, aligned to 2 MiB and advised MADV_HUGEPAGE (advice
 * only: the kernel may still back it with small pages, e.g. under THP "never"). The contents
 * are not initialized; the first write chooses the pages. */
void *rg__buf_alloc(int64_t bytes, rg_pages pages);

/* This system's transparent huge page mode (the selected word of
 * /sys/kernel/mm/transparent_hugepage/enabled: "always", "madvise", "never"), or "" when it
 * cannot be read. */
void rg__thp_mode(char *buf, size_t len);

#endif /* RG_BUFFERS_H */
