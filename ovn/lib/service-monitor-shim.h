/* The Southbound write of pinctrl's load balancer health checks: a
 * Service_Monitor's status.  C, because it needs the generated
 * ovn/lib/ovn-sb-idl.h, which is not valid C++ (see ovn/lib/sb-shim.h).
 * Needs a transaction open on the row's IDL. */
#ifndef OVN_LIB_SERVICE_MONITOR_SHIM_H
#define OVN_LIB_SERVICE_MONITOR_SHIM_H 1

#ifdef __cplusplus
extern "C" {
#endif

struct sbrec_service_monitor;

/* Sets 'sm''s status to 'status' ("online", "offline" or "error"). */
void sb_shim_service_monitor_set_status(
    const struct sbrec_service_monitor *sm, const char *status);

#ifdef __cplusplus
}
#endif

#endif  /* ovn/lib/service-monitor-shim.h */
