/* status.c: names and messages of rg_status codes, generated from RG_STATUS_MAP. */
#include "ridge.h"

const char *rg_status_name(int status) {
    switch (status) {
#define RG_STATUS_NAME(name, code, msg)                                                            \
    case code:                                                                                     \
        return "RG_" #name;
        RG_STATUS_MAP(RG_STATUS_NAME)
#undef RG_STATUS_NAME
    }
    return "RG_UNKNOWN";
}

const char *rg_status_message(int status) {
    switch (status) {
#define RG_STATUS_MSG(name, code, msg)                                                             \
    case code:                                                                                     \
        return msg;
        RG_STATUS_MAP(RG_STATUS_MSG)
#undef RG_STATUS_MSG
    }
    return "unknown status";
}
