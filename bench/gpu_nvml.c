/* gpu_nvml.c: NVML through dlopen: clocks, temperature, power, throttle reasons and the energy
 * counter of device 0. Loaded at run time because libnvidia-ml comes with the driver: a build
 * machine without one must still run the CPU side. */
#include "gpu.h"

#include "ridge.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NVML's C ABI as documented (nvml.h is not installed with the toolkit here): every call returns
 * 0 on success; a device is an opaque handle; enums are ints. */
typedef void *nvml_device;
enum { CLOCK_SM = 1, CLOCK_MEM = 2, TEMPERATURE_GPU = 0 };
/* Clock-event reason bits, and those that mean the clocks were held down by power or heat. */
static const struct {
    unsigned long long bit;
    const char *name;
    int slows;
} reasons[] = {
    {0x1ull, "idle", 0},        {0x2ull, "app_clocks", 0},      {0x4ull, "sw_power", 1},
    {0x8ull, "hw_slowdown", 1}, {0x10ull, "sync_boost", 0},     {0x20ull, "sw_thermal", 1},
    {0x40ull, "hw_thermal", 1}, {0x80ull, "hw_power_brake", 1}, {0x100ull, "display_clocks", 0},
};

struct rg__nvml {
    void *lib;
    nvml_device dev;
    int (*shutdown)(void);
    int (*clock)(nvml_device, int, unsigned *);
    int (*max_clock)(nvml_device, int, unsigned *);
    int (*temperature)(nvml_device, int, unsigned *);
    int (*power)(nvml_device, unsigned *);
    int (*energy)(nvml_device, unsigned long long *);
    int (*reasons)(nvml_device, unsigned long long *);
    int (*ecc)(nvml_device, int *, int *);
    int (*driver)(char *, unsigned);
};

void rg__nvml_close(rg__nvml *n) {
    if (!n) return;
    if (n->shutdown) n->shutdown();
    if (n->lib) dlclose(n->lib);
    free(n);
}

#ifdef RIDGE_HAVE_CUDA
#include <cuda_runtime_api.h>

/* NVML numbers devices its own way: device 0 of CUDA is found by its PCI bus id. */
static int open_device(rg__nvml *n) {
    int (*init)(void) = (int (*)(void))dlsym(n->lib, "nvmlInit_v2");
    int (*by_pci)(const char *, nvml_device *) =
        (int (*)(const char *, nvml_device *))dlsym(n->lib, "nvmlDeviceGetHandleByPciBusId_v2");
    n->shutdown = (int (*)(void))dlsym(n->lib, "nvmlShutdown");
    if (!init || !by_pci || !n->shutdown) return RG_EUNSUPPORTED;
    char bus[32];
    if (cudaDeviceGetPCIBusId(bus, sizeof bus, 0) != cudaSuccess) {
        (void)cudaGetLastError();
        n->shutdown = NULL;
        return RG_EUNSUPPORTED;
    }
    if (init() != 0) {
        n->shutdown = NULL;
        return RG_EUNSUPPORTED;
    }
    return by_pci(bus, &n->dev) == 0 ? RG_OK : RG_EUNSUPPORTED;
}
#else
static int open_device(rg__nvml *n) {
    return RG_EUNSUPPORTED;
}
#endif

rg__nvml *rg__nvml_open(void) {
    rg__nvml *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->lib = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!n->lib || open_device(n) != RG_OK) {
        rg__nvml_close(n);
        return NULL;
    }
    n->clock = (int (*)(nvml_device, int, unsigned *))dlsym(n->lib, "nvmlDeviceGetClockInfo");
    n->max_clock =
        (int (*)(nvml_device, int, unsigned *))dlsym(n->lib, "nvmlDeviceGetMaxClockInfo");
    n->temperature =
        (int (*)(nvml_device, int, unsigned *))dlsym(n->lib, "nvmlDeviceGetTemperature");
    n->power = (int (*)(nvml_device, unsigned *))dlsym(n->lib, "nvmlDeviceGetPowerUsage");
    n->energy = (int (*)(nvml_device, unsigned long long *))dlsym(
        n->lib, "nvmlDeviceGetTotalEnergyConsumption");
    /* The newer name first; the older one is kept by drivers for compatibility. */
    n->reasons = (int (*)(nvml_device, unsigned long long *))dlsym(
        n->lib, "nvmlDeviceGetCurrentClocksEventReasons");
    if (!n->reasons)
        n->reasons = (int (*)(nvml_device, unsigned long long *))dlsym(
            n->lib, "nvmlDeviceGetCurrentClocksThrottleReasons");
    n->ecc = (int (*)(nvml_device, int *, int *))dlsym(n->lib, "nvmlDeviceGetEccMode");
    n->driver = (int (*)(char *, unsigned))dlsym(n->lib, "nvmlSystemGetDriverVersion");
    return n;
}

int rg__nvml_state(rg__nvml *n, rg__gpu_state *out) {
    memset(out, 0, sizeof *out);
    if (!n) return RG_EUNSUPPORTED;
    unsigned v;
    if (n->clock && n->clock(n->dev, CLOCK_SM, &v) == 0) out->sm_mhz = v;
    if (n->max_clock && n->max_clock(n->dev, CLOCK_SM, &v) == 0) out->sm_mhz_max = v;
    if (n->temperature && n->temperature(n->dev, TEMPERATURE_GPU, &v) == 0) out->temp_c = v;
    if (n->power && n->power(n->dev, &v) == 0) out->power_w = v / 1000.0;
    if (n->reasons) n->reasons(n->dev, &out->reasons);
    out->valid = 1;
    return RG_OK;
}

int rg__nvml_energy(rg__nvml *n, double *joules) {
    unsigned long long mj;
    if (!n || !n->energy || n->energy(n->dev, &mj) != 0) return RG_EUNSUPPORTED;
    *joules = mj / 1000.0;
    return RG_OK;
}

void rg__gpu_state_record(const rg__gpu_state *before, const rg__gpu_state *after, rg_result *res) {
    if (before->valid) {
        res->gpu_sm_mhz_before = before->sm_mhz;
        res->gpu_temp_c_before = before->temp_c;
        res->gpu_power_w_before = before->power_w;
    }
    if (!after->valid) return;
    res->gpu_sm_mhz_after = after->sm_mhz;
    res->gpu_temp_c_after = after->temp_c;
    res->gpu_power_w_after = after->power_w;
    size_t len = 0;
    int slowed = after->sm_mhz_max > 0 && after->sm_mhz < 0.75 * after->sm_mhz_max;
    res->gpu_throttle_reasons[0] = '\0';
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        if (!(after->reasons & reasons[i].bit)) continue;
        slowed |= reasons[i].slows;
        int w = snprintf(res->gpu_throttle_reasons + len, sizeof res->gpu_throttle_reasons - len,
                         "%s%s", len ? " " : "", reasons[i].name);
        if (w > 0 && (size_t)w < sizeof res->gpu_throttle_reasons - len) len += (size_t)w;
    }
    res->gpu_throttled = slowed;
}

void rg__nvml_sysinfo(rg__nvml *n, rg_sysinfo *s) {
    unsigned v;
    if (n->max_clock && n->max_clock(n->dev, CLOCK_SM, &v) == 0) s->gpu_sm_mhz_max = v;
    if (n->max_clock && n->max_clock(n->dev, CLOCK_MEM, &v) == 0) s->gpu_mem_mhz_max = v;
    int cur, pend;
    if (n->ecc && n->ecc(n->dev, &cur, &pend) == 0) s->gpu_ecc = cur != 0;
    if (n->driver) n->driver(s->nvidia_driver_version, sizeof s->nvidia_driver_version);
}
