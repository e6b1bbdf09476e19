/* pinctrl's bind_vport: a virtual port's virtual_parent, from the packets
 * its parent sends as the virtual IP.
 *
 * ovn-northd 23.03 gives each parent of a virtual port (a Port_Binding
 * of type "virtual", options:virtual-parents) a bind_vport(VPORT, inport)
 * on its ARP and ND packets that carry the virtual IP.  The action sends
 * the virtual port's tunnel key (be32 userdata) with the parent's in the
 * logical input port.  The handler (pinctrl thread) queues (datapath
 * key, virtual port key) -> parent key under this file's mutex, the
 * latest parent winning, and wakes the main thread; the flush (main
 * thread, with its Southbound transaction) writes the parent's name into
 * the virtual port's virtual_parent if it says something else, and
 * nothing more: claiming the port for this chassis is virtual-ports'
 * work on the next run, as in 23.03 (/work/wt/notes/virtual.md has the
 * split).  A key that names no port, or a port that is not virtual, is
 * ignored.  This file owns the queue. */
#include <config.h>

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/lib/sb-rows-find.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"

VLOG_DEFINE_THIS_MODULE(pinctrl_vport);

COVERAGE_DEFINE(pinctrl_vport_not_virtual);

namespace ovn {

namespace {

/* At most this many bindings wait for the main thread. */
constexpr size_t MAX_PENDING = 1000;

/* Tunnel keys of datapaths and ports are 24 bits (ovn-sb(5)). */
constexpr uint64_t MAX_KEY = (1u << 24) - 1;

/* Datapath key, virtual port key. */
using VportKey = std::pair<uint32_t, uint32_t>;

std::mutex mutex;
std::map<VportKey, uint32_t> pending;   /* Parent keys; guarded by 'mutex'. */

void
handle_bind_vport(PinctrlContext &ctx, const PinctrlPacketIn &pi)
{
    if (pi.payload_len != 4) {
        ctx.drop(pi, PinctrlDrop::BAD_USERDATA,
                 "virtual port key is not 4 bytes");
        return;
    }
    const uint32_t vport_key = uint32_t(pi.payload[0]) << 24
                               | uint32_t(pi.payload[1]) << 16
                               | uint32_t(pi.payload[2]) << 8
                               | pi.payload[3];
    const uint64_t dp_key = ntohll(pi.md->flow.metadata);
    const uint32_t parent_key = pi.inport_key();
    if (!dp_key || dp_key > MAX_KEY || !vport_key || vport_key > MAX_KEY
        || !parent_key || parent_key > MAX_KEY) {
        ctx.drop(pi, PinctrlDrop::BAD_USERDATA,
                 "datapath or port key out of range");
        return;
    }

    {
        std::lock_guard<std::mutex> lock(mutex);
        VportKey key(uint32_t(dp_key), vport_key);
        auto it = pending.find(key);
        if (it != pending.end()) {
            it->second = parent_key;
        } else if (pending.size() >= MAX_PENDING) {
            ctx.drop(pi, PinctrlDrop::QUEUE_FULL,
                     "too many virtual port bindings pending");
            return;
        } else {
            pending.emplace(key, parent_key);
        }
    }
    ctx.notify_main();
}

void
flush(const PinctrlSbContext &sbc)
{
    std::map<VportKey, uint32_t> todo;
    {
        std::lock_guard<std::mutex> lock(mutex);
        todo.swap(pending);
    }
    for (const auto &[key, parent_key] : todo) {
        const auto &[dp_key, vport_key] = key;
        const sb::PortBinding vport = sb::find_port_by_keys(
            sbc.indexes, dp_key, vport_key);
        const sb::PortBinding parent = sb::find_port_by_keys(
            sbc.indexes, dp_key, parent_key);
        if (!vport || !parent) {
            /* Gone since the packet came. */
            continue;
        }
        if (vport.type() != "virtual") {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
            COVERAGE_INC(pinctrl_vport_not_virtual);
            VLOG_WARN_RL(&rl, "bind_vport: %s is not a virtual port",
                         std::string(vport.logical_port()).c_str());
            continue;
        }
        const std::string parent_name(parent.logical_port());
        if (vport.virtual_parent() == std::string_view(parent_name)) {
            continue;
        }
        VLOG_DBG("virtual port %s: virtual parent %s",
                 std::string(vport.logical_port()).c_str(),
                 parent_name.c_str());
        sb_shim_port_binding_set_virtual_parent(vport.get(),
                                                parent_name.c_str());
    }
}

}  // namespace

void
pinctrl_register_vport(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_BIND_VPORT, "bind_vport", handle_bind_vport);
    d.add_sb_flush(flush);
}

}  // namespace ovn
