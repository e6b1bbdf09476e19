/* Owning handles for Open vSwitch's heap objects.
 *
 * Each alias is a std::unique_ptr whose deleter calls the OVS function that
 * destroys that type, so an owned rconn, vconn or ofpbuf is released on
 * every path out of its scope.  Anyone may include this. */
#ifndef LIB_C_PTR_H
#define LIB_C_PTR_H 1

#include <cstdlib>
#include <memory>

#include "lib/shim/ovsdb-idl-shim.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/rconn.h"
#include "openvswitch/vconn.h"
#include "unixctl.h"

namespace ovs {

/* Calls 'Destroy' on a non-null pointer (std::unique_ptr never passes a null
 * one). */
template <typename T, void (*Destroy)(T *)>
struct CDeleter {
    void operator()(T *p) const noexcept { Destroy(p); }
};

template <typename T, void (*Destroy)(T *)>
using CPtr = std::unique_ptr<T, CDeleter<T, Destroy>>;

inline void
free_cstring(char *s) noexcept
{
    free(s);
}

/* ofpbuf_delete() is static inline in OVS; a deleter template argument
 * with internal linkage would give every function returning OfpbufPtr
 * internal linkage too, so it gets an external-linkage forwarder. */
inline void
delete_ofpbuf(ofpbuf *b) noexcept
{
    ofpbuf_delete(b);
}

using RconnPtr = CPtr<rconn, rconn_destroy>;
using RconnPacketCounterPtr = CPtr<rconn_packet_counter,
                                   rconn_packet_counter_destroy>;
using VconnPtr = CPtr<vconn, vconn_close>;
using OfpbufPtr = CPtr<ofpbuf, delete_ofpbuf>;
using UnixctlServerPtr = CPtr<unixctl_server, unixctl_server_destroy>;

/* An OVSDB IDL of any schema, and a transaction on one.  A transaction
 * must be gone before its IDL is destroyed, so declare the IdlTxnPtr after
 * the IdlPtr it belongs to (members and locals are destroyed in reverse
 * order). */
using IdlPtr = CPtr<ovsdb_idl, ovs_shim_idl_destroy>;
using IdlTxnPtr = CPtr<ovsdb_idl_txn, ovs_shim_idl_txn_destroy>;
/* A main-loop transaction manager, which owns its IDL. */
using IdlLoopPtr = CPtr<ovs_shim_idl_loop, ovs_shim_idl_loop_destroy>;
/* A monitor condition under construction. */
using IdlConditionPtr = CPtr<ovsdb_idl_condition, ovs_shim_condition_destroy>;

/* A string that OVS returned from malloc() (an error message from a parser,
 * the result of a *_to_string() function). */
using CStringPtr = CPtr<char, free_cstring>;

}  // namespace ovs

#endif  /* lib/c-ptr.h */
