#include <config.h>

#include "ovn/lib/service-monitor-shim.h"

#include "ovn/lib/ovn-sb-idl.h"

void
sb_shim_service_monitor_set_status(const struct sbrec_service_monitor *sm,
                                   const char *status)
{
    sbrec_service_monitor_set_status(sm, status);
}
