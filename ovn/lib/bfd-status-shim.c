#include <config.h>

#include "ovn/lib/bfd-status-shim.h"

#include "ovn/lib/ovn-sb-idl.h"

void
sb_shim_bfd_set_status(const struct sbrec_bfd *bfd, const char *status)
{
    sbrec_bfd_set_status(bfd, status);
}
