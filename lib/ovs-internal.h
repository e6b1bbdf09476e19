/* OVS's internal lib/ headers that are valid C++ but, unlike the public
 * include/openvswitch/ ones, lack extern "C" linkage.  C++ code includes
 * them only through this header, which gives their declarations C linkage
 * so they link against libopenvswitch.
 *
 * Headers that are not valid C++ at all (bitmap.h, flow.h, packets.h,
 * dp-packet.h, the IDL headers) are not here: they live behind the shims
 * in lib/shim/. */
#ifndef LIB_OVS_INTERNAL_H
#define LIB_OVS_INTERNAL_H 1

/* util.h pulls in ovs-atomic.h, whose atomic_store(), atomic_exchange()
 * ... macros and global memory_order would break these standard headers
 * if any file included them afterward.  Seeing them first makes a later
 * #include a no-op, so this header (and hindex-view.h, which anyone may
 * include) can come before the standard ones. */
#include <atomic>
#include <future>
#include <memory>

/* Some of these use enum ofperr without declaring it first. */
#include "openvswitch/ofp-errors.h"
/* util.h has its own extern "C" and C++ templates (which cannot have C
 * linkage), so it must be seen first, outside the block. */
#include "util.h"

extern "C" {
#include "byte-order.h"
#include "command-line.h"
#include "coverage.h"
#include "daemon.h"
#include "fatal-signal.h"
#include "hindex.h"
#include "jsonrpc.h"
#include "latch.h"
#include "memory.h"
#include "ovs-thread.h"
#include "process.h"
#include "seq.h"
#include "stopwatch.h"
#include "stream-ssl.h"
#include "stream.h"
#include "timeval.h"
}

#endif  /* lib/ovs-internal.h */
