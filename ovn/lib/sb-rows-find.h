/* Lookups over the Southbound row views of ovn/lib/sb-rows.h (which is
 * generated, one index per lookup) that chain more than one index.
 * Header only; anyone may include this. */
#ifndef OVN_LIB_SB_ROWS_FIND_H
#define OVN_LIB_SB_ROWS_FIND_H 1

#include <cstdint>

#include "ovn/lib/sb-rows.h"

namespace ovn {
namespace sb {

/* The Port_Binding with tunnel key 'port_key' on the Datapath_Binding with
 * tunnel key 'dp_key': the two keys that a packet carries (its logical
 * datapath in the metadata, its logical port in MFF_LOG_INPORT or
 * MFF_LOG_OUTPORT).  Null if there is no such datapath or port. */
inline PortBinding
find_port_by_keys(const Indexes *ix, int64_t dp_key, int64_t port_key)
{
    const DatapathBinding dp = DatapathBinding::find_by_tunnel_key(ix,
                                                                   dp_key);
    return dp ? PortBinding::find_by_datapath_key(ix, dp, port_key)
              : PortBinding();
}

}  // namespace sb
}  // namespace ovn

#endif  /* ovn/lib/sb-rows-find.h */
