/* pinctrl's put_arp and put_nd: the MAC_Binding rows they ask for.
 *
 * The handler (pinctrl thread) only queues (datapath key, port key, IP)
 * -> MAC, newest MAC winning, under this file's mutex, and wakes the main
 * thread; the flush (main thread, with its Southbound transaction) turns
 * keys into rows and writes them as 23.03 does (ovn/lib/
 * mac-binding-shim.h).  The queue is kept while there is no transaction,
 * so a Southbound that is down loses none of them; it is bounded, and
 * packet-ins beyond the bound are dropped and counted. */
#include <config.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/pinctrl-buffered.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/lib/mac-binding-shim.h"
#include "ovn/lib/sb-rows-find.h"
#include "ovn/lib/sb-rows.h"

VLOG_DEFINE_THIS_MODULE(pinctrl_mac_binding);

namespace ovn {

namespace {

/* 23.03 keeps at most this many pending bindings too. */
constexpr size_t MAX_PENDING = 1000;

using MacBindingKey = std::tuple<uint32_t, uint32_t, std::string>;

std::mutex mutex;
std::map<MacBindingKey, std::string> pending;   /* Guarded by 'mutex'. */

void
handle_put(PinctrlContext &ctx, const PinctrlPacketIn &pi, bool arp)
{
    /* The IP is where arp {} and nd_ns {} find their next hop. */
    const in6_addr ip6 = pinctrl_next_hop(pi, arp);
    char ip[INET6_ADDRSTRLEN];
    if (IN6_IS_ADDR_V4MAPPED(&ip6)) {
        inet_ntop(AF_INET, &ip6.s6_addr[12], ip, sizeof ip);
    } else {
        inet_ntop(AF_INET6, &ip6, ip, sizeof ip);
    }
    pinctrl_release_buffered(ctx, pi.dp_key(), ip6, pi.packet.flow.dl_src);
    const uint8_t *ea = pi.packet.flow.dl_src.ea;
    char mac[18];
    snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x",
             ea[0], ea[1], ea[2], ea[3], ea[4], ea[5]);

    {
        std::lock_guard<std::mutex> lock(mutex);
        MacBindingKey key(pi.dp_key(), pi.inport_key(), ip);
        auto it = pending.find(key);
        if (it != pending.end()) {
            it->second = mac;
        } else if (pending.size() >= MAX_PENDING) {
            ctx.drop(pi, PinctrlDrop::QUEUE_FULL,
                     "too many MAC bindings pending");
            return;
        } else {
            pending.emplace(std::move(key), mac);
        }
    }
    ctx.notify_main();
}

void
flush(const PinctrlSbContext &sbc)
{
    std::map<MacBindingKey, std::string> todo;
    {
        std::lock_guard<std::mutex> lock(mutex);
        todo.swap(pending);
    }
    const int64_t now = time_wall_msec();
    for (const auto &[key, mac] : todo) {
        const auto &[dp_key, port_key, ip] = key;
        const sb::PortBinding pb = sb::find_port_by_keys(sbc.indexes,
                                                         dp_key, port_key);
        if (!pb) {
            /* Gone since the packet came: nothing to bind. */
            continue;
        }
        const std::string lport(pb.logical_port());
        const sb::StaticMacBinding smb = sb::StaticMacBinding::
            find_by_lport_ip(sbc.indexes, lport.c_str(), ip.c_str());
        if (smb && smb.override_dynamic_mac()) {
            continue;
        }
        const sb::MacBinding existing = sb::MacBinding::find_by_lport_ip(
            sbc.indexes, lport.c_str(), ip.c_str());
        VLOG_DBG("%s: %s is at %s", lport.c_str(), ip.c_str(),
                 mac.c_str());
        sb_shim_mac_binding_put(sbc.txn, existing.get(),
                                pb.datapath().get(), lport.c_str(),
                                ip.c_str(), mac.c_str(), now);
    }
}

}  // namespace

void
pinctrl_register_mac_binding(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_PUT_ARP, "put_arp",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              handle_put(ctx, pi, true);
          });
    d.add(ACTION_OPCODE_PUT_ND, "put_nd",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              handle_put(ctx, pi, false);
          });
    d.add_sb_flush(flush);
    pinctrl_register_buffered(d);
}

}  // namespace ovn
