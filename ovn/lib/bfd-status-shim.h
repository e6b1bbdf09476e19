/* The Southbound write of pinctrl's BFD sessions: a BFD row's status.
 * C, because it needs the generated ovn/lib/ovn-sb-idl.h, which is not
 * valid C++ (see ovn/lib/sb-shim.h).  Needs a transaction open on the
 * row's IDL. */
#ifndef OVN_LIB_BFD_STATUS_SHIM_H
#define OVN_LIB_BFD_STATUS_SHIM_H 1

#ifdef __cplusplus
extern "C" {
#endif

struct sbrec_bfd;

/* Sets 'bfd''s status to 'status' ("admin_down", "down", "init" or
 * "up"). */
void sb_shim_bfd_set_status(const struct sbrec_bfd *bfd, const char *status);

#ifdef __cplusplus
}
#endif

#endif  /* ovn/lib/bfd-status-shim.h */
