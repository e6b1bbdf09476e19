/* The parse-actions commands of tests/test-lflow-compile (see
 * lflow-compile-driver.h): each input line is a Logical_Flow "actions"
 * string, compiled as ovn-controller would in logical ingress table 10 of
 * a switch (parse-actions) or a router (parse-actions-router) whose ports
 * are the fixtures' (with no tunnel to any chassis), with ovn-northd's
 * DHCPv4 and DHCPv6 options, on a switch that supports ct_zero_snat and
 * dp_hash_l4_sym. */
#include <config.h>

#include "tests/lflow-compile-driver.h"

#include <map>

#include "ovn/lib/actions.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"

namespace ovn {

namespace {

/* The DHCPv4 options ovn-northd 23.03 writes into DHCP_Options. */
const DhcpOptions &
dhcp_options()
{
    static const DhcpOptions options = [] {
        static const struct {
            const char *name;
            uint8_t code;
            const char *type;
        } table[] = {
            { "offerip", 0, "ipv4" }, { "netmask", 1, "ipv4" },
            { "router", 3, "ipv4" }, { "dns_server", 6, "ipv4" },
            { "log_server", 7, "ipv4" }, { "lpr_server", 9, "ipv4" },
            { "hostname", 12, "str" }, { "domain_name", 15, "str" },
            { "swap_server", 16, "ipv4" }, { "ip_forward_enable", 19, "bool" },
            { "policy_filter", 21, "ipv4" }, { "default_ttl", 23, "uint8" },
            { "mtu", 26, "uint16" }, { "broadcast_address", 28, "ipv4" },
            { "router_discovery", 31, "bool" },
            { "router_solicitation", 32, "ipv4" },
            { "arp_cache_timeout", 35, "uint32" },
            { "ethernet_encap", 36, "bool" }, { "tcp_ttl", 37, "uint8" },
            { "tcp_keepalive_interval", 38, "uint32" },
            { "nis_server", 41, "ipv4" }, { "ntp_server", 42, "ipv4" },
            { "netbios_name_server", 44, "ipv4" },
            { "netbios_node_type", 46, "uint8" },
            { "lease_time", 51, "uint32" }, { "server_id", 54, "ipv4" },
            { "T1", 58, "uint32" }, { "T2", 59, "uint32" },
            { "tftp_server", 66, "host_id" }, { "bootfile_name", 67, "str" },
            { "domain_search_list", 119, "domains" },
            { "classless_static_route", 121, "static_routes" },
            { "tftp_server_address", 150, "ipv4" },
            { "path_prefix", 210, "str" },
            { "ms_classless_static_route", 249, "static_routes" },
            { "wpad", 252, "str" }, { "next_server", 253, "ipv4" },
            { "bootfile_name_alt", 254, "str" },
        };
        DhcpOptions o;
        for (const auto &t : table) {
            DhcpOption &opt = o[t.name];
            opt.name = t.name;
            opt.code = t.code;
            dhcp_opt_type_from_string(t.type, &opt.type);
        }
        return o;
    }();
    return options;
}

/* The DHCPv6 options ovn-northd 23.03 writes into DHCPv6_Options. */
const DhcpOptions &
dhcpv6_options()
{
    static const DhcpOptions options = [] {
        static const struct {
            const char *name;
            uint16_t code;
            const char *type;
        } table[] = {
            { "server_id", 2, "mac" }, { "ia_addr", 5, "ipv6" },
            { "dns_server", 23, "ipv6" }, { "domain_search", 24, "str" },
        };
        DhcpOptions o;
        for (const auto &t : table) {
            DhcpOption &opt = o[t.name];
            opt.name = t.name;
            opt.code = t.code;
            dhcp_opt_type_from_string(t.type, &opt.type);
        }
        return o;
    }();
    return options;
}

/* 'ofpacts' as the switch shows them after a round trip through
 * OpenFlow 1.5 (e.g. "dec_ttl()" for a dec_ttl without controller ids),
 * which is what a flow dump of Debian's ovn-controller shows. */
std::string
format_as_switch(const ovs::Ofpacts &ofpacts)
{
    ofpbuf openflow, decoded;
    ofpbuf_init(&openflow, 64);
    ofpbuf_init(&decoded, 64);
    ofpacts_put_openflow_actions(ofpacts.data(), ofpacts.size(), &openflow,
                                 OFP15_VERSION);
    enum ofperr error = ofpacts_pull_openflow_actions(
        &openflow, openflow.size, OFP15_VERSION, nullptr, nullptr,
        &decoded);
    std::string s = error ? std::string("bad OpenFlow: ")
                            + ofperr_to_string(error)
                          : ovs::Ofpacts(decoded).to_string();
    ofpbuf_uninit(&openflow);
    ofpbuf_uninit(&decoded);
    return s;
}

}  // namespace

std::vector<std::string>
lflow_compile_parse_actions(std::string_view input,
                            const CompileFixtures &f, bool is_switch)
{
    ActionParseParams pp;
    pp.ingress = true;
    pp.cur_ltable = 10;
    pp.dhcp_opts = &dhcp_options();
    pp.dhcpv6_opts = &dhcpv6_options();
    ActionsParseResult r = actions_parse(input, pp);
    if (!r.ok()) {
        return { r.error };
    }

    std::vector<std::string> lines;
    std::string canonical = actions_format(r.actions);
    if (canonical != input) {
        lines.push_back("formats as " + canonical);
    }
    ActionsParseResult again = actions_parse(canonical, pp);
    if (!again.ok() || actions_format(again.actions) != canonical) {
        lines.push_back("bad reformat: " + (again.ok()
                                            ? actions_format(again.actions)
                                            : again.error));
    }

    /* Groups and meters numbered from 1 in order of first use, as a new
     * ovn-controller's tables number them. */
    std::map<std::string, uint32_t> groups, meters;
    std::vector<std::string> used;
    ActionEncodeParams ep;
    ep.is_switch = is_switch;
    ep.ct_zero_snat = true;
    ep.dp_hash_l4_sym = true;
    ep.lflow_uuid = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    ep.lookup_port = [&f](std::string_view name, uint32_t *key) {
        auto it = f.ports.find(name);
        if (it == f.ports.end()) {
            return false;
        }
        *key = it->second;
        return true;
    };
    auto allocate = [&used](std::map<std::string, uint32_t> &table,
                            const char *kind, const std::string &name) {
        auto it = table.find(name);
        if (it != table.end()) {
            return it->second;
        }
        uint32_t id = table.size() + 1;
        table[name] = id;
        used.push_back(std::string("uses ") + kind + ": id("
                       + std::to_string(id) + "), name(" + name + ")");
        return id;
    };
    ep.group_id = [&](const std::string &spec) {
        return allocate(groups, "group", spec);
    };
    ep.meter_id = [&](const std::string &name) {
        return allocate(meters, "meter", name);
    };
    ovs::Ofpacts ofpacts = actions_encode(r.actions, ep);
    lines.push_back("encodes as " + format_as_switch(ofpacts));
    lines.insert(lines.end(), used.begin(), used.end());
    if (!r.prereqs.empty()) {
        lines.push_back("has prereqs " + actions_prereqs_format(r.prereqs));
    }
    return lines;
}

}  // namespace ovn
