#include <config.h>

#include "ovn/controller/patch.h"

#include <cstring>
#include <set>
#include <vector>

#include "lib/ovs-internal.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "lib/smap-owner.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/gateway.h"
#include "ovn/controller/local-datapaths.h"
#include "ovn/controller/ovs-tracked.h"
#include "ovn/lib/bad-row.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(patch);

COVERAGE_DEFINE(patch_bridge_missing);
COVERAGE_DEFINE(patch_port_scan);

namespace ovn {

namespace {

constexpr const char LOCALNET_KEY[] = "ovn-localnet-port";
constexpr const char L2GATEWAY_KEY[] = "ovn-l2gateway-port";

std::string
trim(const std::string &s)
{
    const size_t b = s.find_first_not_of(" \t");
    const size_t e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string
br_int_side(const std::string &lport)
{
    return "patch-br-int-to-" + lport;
}

std::string
provider_side(const std::string &lport)
{
    return "patch-" + lport + "-to-br-int";
}

}  // namespace

std::map<std::string, std::string>
parse_bridge_mappings(const char *mappings)
{
    std::map<std::string, std::string> result;
    const std::string s(mappings ? mappings : "");
    size_t pos = 0;
    while (pos <= s.size()) {
        size_t end = s.find(',', pos);
        if (end == std::string::npos) {
            end = s.size();
        }
        const std::string item = s.substr(pos, end - pos);
        const size_t colon = item.find(':');
        if (colon != std::string::npos) {
            const std::string net = trim(item.substr(0, colon));
            const std::string br = trim(item.substr(colon + 1));
            if (!net.empty() && !br.empty()) {
                result.emplace(net, br);
            }
        } else if (!trim(item).empty()) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
            VLOG_WARN_RL(&rl, "bridge mappings: '%s' is not "
                         "NETWORK:BRIDGE, ignoring it", item.c_str());
        }
        pos = end + 1;
    }
    return result;
}

bool
PatchPorts::run(ovsdb_idl_txn *ovs_txn, const ovsdb_idl *ovs,
                const ovsrec_bridge *br_int,
                const std::map<std::string, std::string> &mappings,
                const sb::Indexes *ix, const LocalDatapaths &datapaths,
                const GatewayPorts &gateways, bool rescan)
{
    VLOG_DBG("bringing the patch ports in line with %zu bridge mappings",
             mappings.size());
    incomplete_ = false;
    rescan = rescan || !scanned_;
    ports_.clear();
    ifaces_.clear();
    bridges_.clear();
    std::map<std::string, const ovsrec_bridge *> bridges;
    for (const ovsrec_bridge *br = ovs_shim_bridge_first(ovs); br;
         br = ovs_shim_bridge_next(br)) {
        bridges.emplace(ovs_shim_bridge_name(br), br);
        bridges_.insert(ovs_shim_bridge_name(br));
    }

    /* The provider bridge of each localnet port, and of each l2gateway
     * port hosted here, that wants a pair, and the key that marks it. */
    std::map<std::string, const ovsrec_bridge *> wanted;
    std::map<std::string, const char *> keys;
    /* Found by name from the two sets that know them, not by walking
     * every port of every local datapath. */
    std::vector<sb::PortBinding> candidates;
    for (const std::string &name : datapaths.localnet_ports()) {
        candidates.push_back(sb::PortBinding::find_by_name(ix, name.c_str()));
    }
    for (const std::string &name : gateways.lports()) {
        candidates.push_back(sb::PortBinding::find_by_name(ix, name.c_str()));
    }
    for (sb::PortBinding pb : candidates) {
        const bool l2 = gateways.is_l2_resident(pb);
        if (!pb || !datapaths.contains(pb.datapath())
            || (pb.type() != "localnet" && !l2)) {
            continue;
        }
        const std::string lport(pb.logical_port());
        const char *network = pb.options().get("network_name");
        if (!network) {
            report_bad_row("Port_Binding", lport,
                           l2 ? "an l2gateway port without "
                                "options:network_name"
                              : "a localnet port without "
                                "options:network_name");
            continue;
        }
        auto m = mappings.find(network);
        if (m == mappings.end()) {
            /* No provider network here: the port is not local. */
            continue;
        }
        auto b = bridges.find(m->second);
        if (b == bridges.end() || !br_int || b->second == br_int) {
            static struct vlog_rate_limit rl
                = VLOG_RATE_LIMIT_INIT(5, 20);
            COVERAGE_INC(patch_bridge_missing);
            VLOG_WARN_RL(&rl, "Bridge '%s' not found for network '%s'",
                         m->second.c_str(), network);
            continue;
        }
        wanted.emplace(lport, b->second);
        keys.emplace(lport, l2 ? L2GATEWAY_KEY : LOCALNET_KEY);
    }

    /* The ports that exist: kept if wanted, removed otherwise. */
    std::set<std::string> present;
    std::map<std::string, int64_t> ofports;
    std::vector<std::pair<std::string, ovs::Uuid>> found;
    auto visit = [&](const std::string &br_name, const ovsrec_bridge *br,
                     const ovsrec_port *port) {
        if (!port) {
            return;
        }
        const smap *ids = ovs_shim_port_external_ids(port);
        const char *key = LOCALNET_KEY;
        const char *lport = smap_get(ids, key);
        if (!lport) {
            key = L2GATEWAY_KEY;
            lport = smap_get(ids, key);
        }
        if (!lport) {
            return;
        }
        const ovs::Uuid port_uuid(*ovs_shim_port_uuid(port));
        ports_.insert(port_uuid);
        found.emplace_back(br_name, port_uuid);
        for (size_t j = 0; j < ovs_shim_port_n_interfaces(port); j++) {
            ifaces_.insert(ovs::Uuid(*ovs_shim_interface_uuid(
                                         ovs_shim_port_interface(port,
                                                                 j))));
        }
        const std::string name(ovs_shim_port_name(port));
        auto w = wanted.find(lport);
        const bool keep
            = w != wanted.end() && !strcmp(keys.at(lport), key)
              && ovs_shim_port_n_interfaces(port) == 1
              && !present.count(name)
              && (br == br_int ? name == br_int_side(lport)
                               : (br == w->second
                                  && name == provider_side(lport)));
        if (!keep) {
            if (ovs_txn) {
                VLOG_INFO("removing patch port %s from %s", name.c_str(),
                          br_name.c_str());
                ovs_shim_bridge_del_port(br, port);
            } else {
                incomplete_ = true;
            }
            return;
        }
        present.insert(name);
        if (br == br_int) {
            const int64_t ofport = ovs_shim_interface_ofport(
                ovs_shim_port_interface(port, 0));
            if (ofport > 0) {
                ofports.emplace(lport, ofport);
            }
        }
    };
    if (rescan) {
        /* Every port of every bridge (br-int has one per VIF). */
        COVERAGE_INC(patch_port_scan);
        for (const auto &[br_name, br] : bridges) {
            for (size_t i = 0; i < ovs_shim_bridge_n_ports(br); i++) {
                visit(br_name, br, ovs_shim_bridge_port(br, i));
            }
        }
    } else {
        /* The patch ports are those the last run found and the Ports
         * marked since (note_tracked_changes()), each on the bridge that
         * holds it now: first the one it was on, then the others (few),
         * for a port may move between bridges. */
        std::set<ovs::Uuid> seen;
        auto look_at = [&](const std::string *was_on, const ovs::Uuid &uuid) {
            if (!seen.insert(uuid).second) {
                return;
            }
            if (was_on) {
                auto b = bridges.find(*was_on);
                if (b != bridges.end()
                    && ovs_shim_bridge_has_port(b->second, &uuid.get())) {
                    visit(b->first, b->second,
                          ovs_shim_bridge_port_by_uuid(b->second,
                                                       &uuid.get()));
                    return;
                }
            }
            for (const auto &[br_name, br] : bridges) {
                if (ovs_shim_bridge_has_port(br, &uuid.get())) {
                    visit(br_name, br,
                          ovs_shim_bridge_port_by_uuid(br, &uuid.get()));
                    return;
                }
            }
        };
        for (const auto &[br_name, uuid] : known_) {
            look_at(&br_name, uuid);
        }
        for (const ovs::Uuid &uuid : candidates_) {
            look_at(nullptr, uuid);
        }
    }
    candidates_.clear();
    known_ = std::move(found);
    scanned_ = true;

    for (const auto &[lport, provider] : wanted) {
        const std::string ours = br_int_side(lport);
        const std::string theirs = provider_side(lport);
        for (const auto &[br, name, peer]
                 : {std::make_tuple(br_int, ours, theirs),
                    std::make_tuple(provider, theirs, ours)}) {
            if (present.count(name)) {
                continue;
            }
            if (!ovs_txn) {
                incomplete_ = true;
                continue;
            }
            VLOG_INFO("adding patch port %s to %s", name.c_str(),
                      ovs_shim_bridge_name(br));
            ovs::Smap options;
            options.add("peer", peer);
            ovs::Smap ids;
            ids.add(keys.at(lport), lport);
            ovs_shim_bridge_add_port(ovs_txn, br, name.c_str(), "patch",
                                     options.get(), ids.get());
        }
    }

    const bool changed = ofports != ofports_;
    ofports_ = std::move(ofports);
    return changed;
}

bool
PatchPorts::note_tracked_changes(const ovsdb_idl *ovs_idl)
{
    /* Ports that carry a key and that the last run did not find (new, or
     * marked since): the next run looks at them. */
    for (const ovsrec_port *port = ovs_shim_port_track_first(ovs_idl); port;
         port = ovs_shim_port_track_next(port)) {
        if (ovs_shim_port_is_deleted(port)) {
            continue;
        }
        const smap *ids = ovs_shim_port_external_ids(port);
        const ovs::Uuid uuid(*ovs_shim_port_uuid(port));
        if ((smap_get(ids, LOCALNET_KEY) || smap_get(ids, L2GATEWAY_KEY))
            && !ports_.count(uuid)) {
            candidates_.insert(uuid);
        }
    }
    if (ovs_tracked_ports_concern(ovs_idl, ports_, ifaces_, LOCALNET_KEY)
        || ovs_tracked_ports_concern(ovs_idl, ports_, ifaces_,
                                     L2GATEWAY_KEY)) {
        return true;
    }
    /* A patch port moved to another bridge changes no Port row, only the
     * bridges' sets: each is checked on the bridge it was found on. */
    for (const auto &[br_name, uuid] : known_) {
        const ovsrec_bridge *br = ovs_shim_bridge_first(ovs_idl);
        while (br && br_name != ovs_shim_bridge_name(br)) {
            br = ovs_shim_bridge_next(br);
        }
        if (!br || !ovs_shim_bridge_has_port(br, &uuid.get())) {
            return true;
        }
    }
    /* A provider bridge may have come or gone: the bridges are few. */
    size_t n = 0;
    for (const ovsrec_bridge *br = ovs_shim_bridge_first(ovs_idl); br;
         br = ovs_shim_bridge_next(br), n++) {
        if (!bridges_.count(ovs_shim_bridge_name(br))) {
            return true;
        }
    }
    return n != bridges_.size();
}

bool
PatchPorts::tracked_sb_changes_matter(const ovsdb_idl *sb)
{
    for (sb::PortBinding pb : sb::PortBinding::tracked(sb)) {
        if (pb.type() == "localnet" || pb.type() == "l2gateway") {
            return true;
        }
    }
    return false;
}

int64_t
PatchPorts::localnet_ofport(const std::string &lport) const
{
    auto it = ofports_.find(lport);
    return it == ofports_.end() ? 0 : it->second;
}

}  // namespace ovn
