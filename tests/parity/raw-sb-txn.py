#! /usr/bin/env python3
# raw-sb-txn.py DATADIR: prints the ovsdb-client transaction that writes a
# Southbound by hand, with no ovn-northd, for tests/lflow-parity.at:
#
#   - logical switch sw0 (Datapath_Binding, tunnel key 1) with ports lsp1,
#     lsp2, lsp3 (keys 0x11-0x13; raw-sb.sh puts them on VIFs) and eth0,
#     eth1 (keys 5, 6, not bound here);
#   - Address_Sets set1 (IPv4), set2 (IPv6), set3 (MACs), set4 (empty),
#     Port_Groups 1_pg1 = {lsp1, lsp2, lsp3} and 1_pg_empty, as
#     tests/lflow-compile-driver.h's fixtures;
#   - the DHCPv4 and DHCPv6 option codes ovn-northd 23.03 writes;
#   - one Logical_Flow per match of DATADIR/expr-to-flows.txt (ingress
#     table 0, priority 100 + its number, actions "next;") and per actions
#     of DATADIR/actions.txt (ingress table 10, priority 1000 + its number,
#     match "1"), but those that say "no parity", and the matches on
#     icmp4.frag_mtu: 23.03 accepts them and then installs no flow at all
#     (tests/lflow-compile.at leaves them out for the same reason).
import json
import sys


def inputs(path):
    """The inputs of a tests/lflow-compile data file: the lines that start
    with neither a blank, '#' nor '%'."""
    with open(path) as f:
        return [line for line in f.read().splitlines()
                if line and line[0] not in " #%" and "no parity" not in line]


datadir = sys.argv[1]
matches = [m for m in inputs(datadir + "/expr-to-flows.txt")
           if "frag_mtu" not in m]
actions = inputs(datadir + "/actions.txt")

dp = ["named-uuid", "dp"]
ops = [
    {"op": "insert", "table": "SB_Global", "row": {}},
    {"op": "insert", "table": "Datapath_Binding", "uuid-name": "dp",
     "row": {"tunnel_key": 1,
             "external_ids": ["map", [
                 ["name", "sw0"],
                 ["logical-switch",
                  "5e3b2a5c-0000-4000-8000-000000000001"]]]}},
]
for name, key in [("lsp1", 0x11), ("lsp2", 0x12), ("lsp3", 0x13),
                  ("eth0", 5), ("eth1", 6)]:
    ops.append({"op": "insert", "table": "Port_Binding",
                "uuid-name": name,
                "row": {"logical_port": name, "tunnel_key": key,
                        "datapath": dp}})
for name, addrs in [("set1", ["10.0.0.1", "10.0.0.2", "10.0.0.3"]),
                    ("set2", ["::1", "::2", "::3"]),
                    ("set3", ["00:00:00:00:00:01", "00:00:00:00:00:02",
                              "00:00:00:00:00:03"]),
                    ("set4", [])]:
    ops.append({"op": "insert", "table": "Address_Set",
                "row": {"name": name, "addresses": ["set", addrs]}})
ops.append({"op": "insert", "table": "Port_Group",
            "row": {"name": "1_pg1",
                    "ports": ["set", ["lsp1", "lsp2", "lsp3"]]}})
ops.append({"op": "insert", "table": "Port_Group",
            "row": {"name": "1_pg_empty", "ports": ["set", []]}})
for name, code, type_ in [
        ("offerip", 0, "ipv4"), ("netmask", 1, "ipv4"), ("router", 3, "ipv4"),
        ("dns_server", 6, "ipv4"), ("log_server", 7, "ipv4"),
        ("lpr_server", 9, "ipv4"), ("hostname", 12, "str"),
        ("domain_name", 15, "str"), ("swap_server", 16, "ipv4"),
        ("ip_forward_enable", 19, "bool"), ("policy_filter", 21, "ipv4"),
        ("default_ttl", 23, "uint8"), ("mtu", 26, "uint16"),
        ("broadcast_address", 28, "ipv4"), ("router_discovery", 31, "bool"),
        ("router_solicitation", 32, "ipv4"),
        ("arp_cache_timeout", 35, "uint32"), ("ethernet_encap", 36, "bool"),
        ("tcp_ttl", 37, "uint8"), ("tcp_keepalive_interval", 38, "uint32"),
        ("nis_server", 41, "ipv4"), ("ntp_server", 42, "ipv4"),
        ("netbios_name_server", 44, "ipv4"),
        ("netbios_node_type", 46, "uint8"), ("lease_time", 51, "uint32"),
        ("server_id", 54, "ipv4"), ("T1", 58, "uint32"),
        ("T2", 59, "uint32"), ("tftp_server", 66, "host_id"),
        ("bootfile_name", 67, "str"), ("domain_search_list", 119, "domains"),
        ("classless_static_route", 121, "static_routes"),
        ("tftp_server_address", 150, "ipv4"), ("path_prefix", 210, "str"),
        ("ms_classless_static_route", 249, "static_routes"),
        ("wpad", 252, "str"), ("next_server", 253, "ipv4"),
        ("bootfile_name_alt", 254, "str")]:
    ops.append({"op": "insert", "table": "DHCP_Options",
                "row": {"name": name, "code": code, "type": type_}})
for name, code, type_ in [("server_id", 2, "mac"), ("ia_addr", 5, "ipv6"),
                          ("dns_server", 23, "ipv6"),
                          ("domain_search", 24, "str"),
                          ("fqdn", 39, "str")]:
    ops.append({"op": "insert", "table": "DHCPv6_Options",
                "row": {"name": name, "code": code, "type": type_}})
for i, match in enumerate(matches):
    ops.append({"op": "insert", "table": "Logical_Flow",
                "row": {"logical_datapath": dp, "pipeline": "ingress",
                        "table_id": 0, "priority": 100 + i,
                        "match": match, "actions": "next;"}})
for i, acts in enumerate(actions):
    # "/* match: M */": the actions need match M for the switch to take
    # them (learn actions copying L3/L4 fields).
    match = "1"
    if "/* match: " in acts:
        acts, _, rest = acts.partition("/* match: ")
        match = rest.split("*/")[0].strip()
        acts = acts.strip()
    ops.append({"op": "insert", "table": "Logical_Flow",
                "row": {"logical_datapath": dp, "pipeline": "ingress",
                        "table_id": 10, "priority": 1000 + i,
                        "match": match, "actions": acts}})
sys.stderr.write("%d matches, %d actions\n" % (len(matches), len(actions)))
print(json.dumps(["OVN_Southbound"] + ops))
