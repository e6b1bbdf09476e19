/* pinctrl's activation_strategy_rarp: a migrating port, held on its
 * additional chassis until the VM announces itself there (physical-
 * migration.cpp's flows), is activated by its first RARP.
 *
 * The handler (pinctrl thread) only queues the port, by (datapath key,
 * port key), under this file's mutex, and wakes the main thread; the
 * RARP itself goes on through the pipeline, as the flow that sent it here
 * says.  The flush (main thread, with its Southbound transaction) adds
 * this chassis's name to the port's options:additional-chassis-activated
 * (a comma-separated list), as 23.03 does; the flows that hold the port
 * go once that comes back.  The queue is bounded: packet-ins beyond it
 * are dropped and counted. */
#include <config.h>

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/lport-type.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/lib/sb-rows-find.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"

VLOG_DEFINE_THIS_MODULE(pinctrl_activation);

namespace ovn {

namespace {

constexpr const char *ACTIVATED_KEY = "additional-chassis-activated";
/* Ports, not packets: a few at a time, even in a mass migration. */
constexpr size_t MAX_PENDING = 1000;

using PortKey = std::pair<uint32_t, uint32_t>;     /* Datapath, port. */

std::mutex mutex;
std::set<PortKey> pending;      /* Guarded by 'mutex'. */

void
handle_rarp(PinctrlContext &ctx, const PinctrlPacketIn &pi)
{
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (pending.size() >= MAX_PENDING) {
            ctx.drop(pi, PinctrlDrop::QUEUE_FULL,
                     "too many port activations pending");
            return;
        }
        pending.emplace(pi.dp_key(), pi.inport_key());
    }
    ctx.notify_main();
}

void
flush(const PinctrlSbContext &sbc)
{
    if (!sbc.chassis) {
        /* Kept until we know who we are. */
        return;
    }
    std::set<PortKey> todo;
    {
        std::lock_guard<std::mutex> lock(mutex);
        todo.swap(pending);
    }
    for (const auto &[dp_key, port_key] : todo) {
        const sb::PortBinding pb = sb::find_port_by_keys(sbc.indexes,
                                                         dp_key, port_key);
        if (!pb) {
            /* Gone since the packet came. */
            continue;
        }
        const char *activated = pb.options().get(ACTIVATED_KEY);
        if (lport_additional_activated(pb, sbc.chassis)) {
            continue;
        }
        const std::string value = activated && *activated
            ? std::string(activated) + "," + sbc.chassis
            : std::string(sbc.chassis);
        VLOG_INFO("Activated lport %s on this chassis (RARP).",
                  std::string(pb.logical_port()).c_str());
        sb_shim_port_binding_set_option(pb.get(), ACTIVATED_KEY,
                                        value.c_str());
    }
}

}  // namespace

void
pinctrl_register_activation(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_ACTIVATION_STRATEGY_RARP,
          "activation_strategy_rarp", handle_rarp);
    d.add_sb_flush(flush);
}

}  // namespace ovn
