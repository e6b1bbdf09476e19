/* pinctrl's put_fdb: the FDB rows in which a logical switch learns the
 * MACs behind its ports with "unknown" addresses.
 *
 * ovn-northd 23.03 gives such a port a lookup_fdb() in the switch's
 * ingress pipeline and, when that misses, put_fdb(inport, eth.src).  The
 * handler (pinctrl thread) queues (datapath key, MAC) -> port key under
 * this file's mutex, the latest port winning, and wakes the main thread;
 * the flush (main thread, with its Southbound transaction) inserts the
 * row, or moves an existing row of that MAC on that datapath to the new
 * port, as 23.03 does.  The flows that then match the row (get_fdb,
 * lookup_fdb) are lflow-fdb's.  The queue waits while there is no
 * transaction and is bounded; this file owns it. */
#include <config.h>

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/lib/fdb-shim.h"
#include "ovn/lib/sb-rows.h"

VLOG_DEFINE_THIS_MODULE(pinctrl_fdb);

namespace ovn {

namespace {

/* At most this many learned MACs wait for the main thread. */
constexpr size_t MAX_PENDING = 1000;

/* The FDB table's range for both keys (ovn-sb(5)): a key outside it
 * would make the server refuse the whole transaction. */
constexpr uint64_t MAX_KEY = (1u << 24) - 1;

using FdbKey = std::pair<uint32_t, std::string>;   /* Datapath key, MAC. */

std::mutex mutex;
std::map<FdbKey, uint32_t> pending;     /* Port keys; guarded by 'mutex'. */

void
handle_put_fdb(PinctrlContext &ctx, const PinctrlPacketIn &pi)
{
    const uint64_t dp_key = ntohll(pi.md->flow.metadata);
    const uint32_t port_key = pi.inport_key();
    if (!dp_key || dp_key > MAX_KEY || !port_key || port_key > MAX_KEY) {
        ctx.drop(pi, PinctrlDrop::BAD_USERDATA,
                 "datapath or port key out of range");
        return;
    }
    /* 23.03 learns whatever source the packet has, as the switch's
     * flows let it through; so do we. */
    const uint8_t *ea = pi.packet.flow.dl_src.ea;
    char mac[18];
    snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x",
             ea[0], ea[1], ea[2], ea[3], ea[4], ea[5]);

    {
        std::lock_guard<std::mutex> lock(mutex);
        FdbKey key(uint32_t(dp_key), mac);
        auto it = pending.find(key);
        if (it != pending.end()) {
            it->second = port_key;
        } else if (pending.size() >= MAX_PENDING) {
            ctx.drop(pi, PinctrlDrop::QUEUE_FULL, "too many MACs pending");
            return;
        } else {
            pending.emplace(std::move(key), port_key);
        }
    }
    ctx.notify_main();
}

void
flush(const PinctrlSbContext &sbc)
{
    std::map<FdbKey, uint32_t> todo;
    {
        std::lock_guard<std::mutex> lock(mutex);
        todo.swap(pending);
    }
    for (const auto &[key, port_key] : todo) {
        const auto &[dp_key, mac] = key;
        const sb::Fdb existing = sb::Fdb::find_by_dp_key_mac(
            sbc.indexes, dp_key, mac.c_str());
        VLOG_DBG("datapath %" PRIu32 ": %s is behind port %" PRIu32,
                 dp_key, mac.c_str(), port_key);
        sb_shim_fdb_put(sbc.txn, existing.get(), dp_key, mac.c_str(),
                        port_key);
    }
}

}  // namespace

void
pinctrl_register_fdb(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_PUT_FDB, "put_fdb", handle_put_fdb);
    d.add_sb_flush(flush);
}

}  // namespace ovn
