#! /bin/sh
# lflow-compile-topology.sh DIR OUTPUT
#
# Builds, with ovn-nbctl and the distribution's ovn-northd 23.03, the
# topology whose logical flows tests/perf/bench-lflow-compile compiles,
# and writes those flows (and what compiling them needs) to OUTPUT in the
# text format that the benchmark reads, compressed with xz.  In DIR
# (created, must not exist) it runs a Northbound and a Southbound
# ovsdb-server and ovn-northd, all stopped on exit.
#
# The topology: 20 logical switches of 50 VIF ports each (1000 ports, a
# MAC and an IPv4 and IPv6 address each, port security, DHCPv4 options on
# every port of the first 10 switches), one router with a port on each
# switch and a gateway port with SNAT, three port groups ("web" ports 0-24
# of each switch, "db" ports 25-44, "mgmt" ports 45-49) with 12 ACLs
# between them (some logged), and a TCP load balancer with three backends
# on every switch and the router.
#
# OUTPUT, one record a line, fields separated by tabs:
#   D KEY switch|router               a datapath and its tunnel key
#   P DP-KEY NAME KEY                 a port binding (or multicast group)
#   A NAME VALUE...                   an address set (values space-separated)
#   G NAME PORT...                    a port group
#   4 NAME CODE TYPE                  a DHCP_Options row
#   6 NAME CODE TYPE                  a DHCPv6_Options row
#   F PIPELINE TABLE PRIORITY DP-KEYS MATCH ACTIONS
#                                     a Logical_Flow; DP-KEYS is a comma-
#                                     separated list (datapath groups)
set -e
dir=$1
output=$2
if test $# != 2 || test -e "$dir"; then
    echo "usage: $0 NEW-DIR OUTPUT.xz" >&2
    exit 2
fi
case $(ovn-northd --version | head -1) in
    "ovn-northd 23.03."*) ;;
    *) echo "ovn-northd is not OVN 23.03" >&2; exit 1 ;;
esac
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
OVN_RUNDIR=$dir OVN_LOGDIR=$dir OVN_DBDIR=$dir
export OVN_RUNDIR OVN_LOGDIR OVN_DBDIR
stop () {
    for p in northd sb nb; do
        if test -f "$dir/$p.pid"; then
            kill "$(cat "$dir/$p.pid")" 2>/dev/null || true
        fi
    done
}
trap stop EXIT
trap 'exit 1' HUP INT TERM

schemadir=${OVN_SCHEMADIR:-/usr/share/ovn}
for db in nb sb; do
    ovsdb-tool create "$dir/$db.db" "$schemadir/ovn-$db.ovsschema"
    ovsdb-server --detach --no-chdir --pidfile="$dir/$db.pid" \
        --log-file="$dir/$db.log" --unixctl="$dir/$db.ctl" \
        --remote=punix:"$dir/$db.sock" "$dir/$db.db"
done
OVN_NB_DB=unix:$dir/nb.sock OVN_SB_DB=unix:$dir/sb.sock
export OVN_NB_DB OVN_SB_DB
ovn-northd --detach --no-chdir --pidfile="$dir/northd.pid" \
    --log-file="$dir/northd.log" --unixctl="$dir/northd.ctl"

# All Northbound changes go in as a few big transactions.
cmds=$dir/nbctl.cmds
{
    echo "lr-add lr0"
    echo "lrp-add lr0 lr0-public 00:00:20:20:12:13 172.16.0.1/24"
    echo "lrp-set-gateway-chassis lr0-public hv1"
    echo "lr-nat-add lr0 snat 172.16.0.1 10.0.0.0/8"
    echo "lb-add lb0 172.16.0.100:80 10.1.0.10:8080,10.2.0.10:8080,10.3.0.10:8080 tcp"
    echo "lr-lb-add lr0 lb0"
    for s in $(seq 1 20); do
        echo "ls-add ls$s"
        echo "set logical_switch ls$s other_config:subnet=10.$s.0.0/16"
        mac=$(printf '00:00:00:00:ff:%02x' "$s")
        echo "lrp-add lr0 lr0-ls$s $mac 10.$s.0.1/16 fd00:$s::1/64"
        echo "lsp-add ls$s ls$s-lr0"
        echo "lsp-set-type ls$s-lr0 router"
        echo "lsp-set-addresses ls$s-lr0 router"
        echo "lsp-set-options ls$s-lr0 router-port=lr0-ls$s"
        echo "ls-lb-add ls$s lb0"
    done
    echo "pg-add web"
    echo "pg-add db"
    echo "pg-add mgmt"
} > "$cmds"
eval "ovn-nbctl --timeout=60 $(sed 's/^/-- /' "$cmds" | tr '\n' ' ')"

dhcp=$(ovn-nbctl create dhcp_options cidr=10.0.0.0/8 \
         options='"lease_time"="3600" "router"="10.1.0.1" "server_id"="10.1.0.1" "server_mac"="00:00:00:00:ff:01" "dns_server"="{8.8.8.8,8.8.4.4}" "mtu"="1442"')
all_web= all_db= all_mgmt=
for s in $(seq 1 20); do
    : > "$cmds"
    web= db= mgmt=
    for p in $(seq 0 49); do
        name=ls$s-p$p
        mac=$(printf '0a:00:00:00:%02x:%02x' "$s" "$p")
        ip4=10.$s.$((p / 250)).$((p % 250 + 2))
        ip6=fd00:$s::$((p + 2))
        {
            echo "lsp-add ls$s $name"
            echo "lsp-set-addresses $name \"$mac $ip4 $ip6\""
            echo "lsp-set-port-security $name \"$mac $ip4 $ip6\""
            if test "$s" -le 10; then
                echo "lsp-set-dhcpv4-options $name $dhcp"
            fi
        } >> "$cmds"
        if test "$p" -lt 25; then
            web="$web $name"
        elif test "$p" -lt 45; then
            db="$db $name"
        else
            mgmt="$mgmt $name"
        fi
    done
    eval "ovn-nbctl --timeout=60 $(sed 's/^/-- /' "$cmds" | tr '\n' ' ')"
    all_web="$all_web$web" all_db="$all_db$db" all_mgmt="$all_mgmt$mgmt"
done

# shellcheck disable=SC2086
ovn-nbctl --timeout=60 pg-set-ports web $all_web \
    -- pg-set-ports db $all_db -- pg-set-ports mgmt $all_mgmt

acl () { ovn-nbctl --timeout=60 "$@"; }
acl --type=port-group acl-add web to-lport 1002 'outport == @web && ip4 && tcp.dst == 80' allow-related
acl --type=port-group acl-add web to-lport 1002 'outport == @web && ip4 && tcp.dst == 443' allow-related
acl --type=port-group --log --severity=info --name=web-ssh acl-add web to-lport 1001 'outport == @web && ip4.src == $mgmt_ip4 && tcp.dst == 22' allow-related
acl --type=port-group acl-add web to-lport 1000 'outport == @web && ip' drop
acl --type=port-group acl-add web from-lport 1000 'inport == @web && ip' allow-related
acl --type=port-group acl-add db to-lport 1002 'outport == @db && ip4.src == $web_ip4 && tcp.dst == 5432' allow-related
acl --type=port-group acl-add db to-lport 1002 'outport == @db && ip6.src == $web_ip6 && tcp.dst == 5432' allow-related
acl --type=port-group --log --severity=warning --name=db-deny acl-add db to-lport 1000 'outport == @db && ip' drop
acl --type=port-group acl-add db from-lport 1000 'inport == @db && ip' allow-related
acl --type=port-group acl-add mgmt to-lport 1001 'outport == @mgmt && (tcp.dst == 22 || udp.dst == {161, 162} || icmp4)' allow-related
acl --type=port-group acl-add mgmt to-lport 1000 'outport == @mgmt && ip' reject
acl --type=port-group acl-add mgmt from-lport 1000 'inport == @mgmt && ip' allow-related
ovn-nbctl --timeout=120 --wait=sb sync

# Dump the Southbound as the records above.
sbjson () { ovn-sbctl --timeout=60 --format=json --data=json "$@"; }
for t in Datapath_Binding Logical_DP_Group Port_Binding Multicast_Group \
         Address_Set Port_Group DHCP_Options DHCPv6_Options Logical_Flow; do
    sbjson list "$t" > "$dir/$t.json"
done
python3 - "$dir" <<'EOF_PY' | xz -9e > "$output"
import json
import sys

d = sys.argv[1]


def rows(table):
    with open("%s/%s.json" % (d, table)) as f:
        t = json.load(f)
    return [dict(zip(t["headings"], r)) for r in t["data"]]


def atoms(v):
    if isinstance(v, list) and v and v[0] == "set":
        return [a[1] if isinstance(a, list) else a for a in v[1]]
    if isinstance(v, list) and v and v[0] == "uuid":
        return [v[1]]
    return [v]


def ext(row, key):
    for k, v in row["external_ids"][1]:
        if k == key:
            return v
    return None


dps = {}
for r in rows("Datapath_Binding"):
    kind = "router" if ext(r, "logical-router") else "switch"
    dps[r["_uuid"][1]] = r["tunnel_key"]
    print("D\t%d\t%s" % (r["tunnel_key"], kind))
groups = {r["_uuid"][1]: sorted(dps[u] for u in atoms(r["datapaths"]))
          for r in rows("Logical_DP_Group")}
for table in ("Port_Binding", "Multicast_Group"):
    for r in sorted(rows(table), key=lambda r: (r["tunnel_key"],
                                               r.get("logical_port", ""))):
        name = r.get("logical_port") or r.get("name")
        print("P\t%d\t%s\t%d" % (dps[r["datapath"][1]], name,
                                r["tunnel_key"]))
for r in sorted(rows("Address_Set"), key=lambda r: r["name"]):
    print("\t".join(["A", r["name"]] + sorted(atoms(r["addresses"]))))
for r in sorted(rows("Port_Group"), key=lambda r: r["name"]):
    print("\t".join(["G", r["name"]] + sorted(atoms(r["ports"]))))
for table, tag in (("DHCP_Options", "4"), ("DHCPv6_Options", "6")):
    for r in sorted(rows(table), key=lambda r: r["code"]):
        print("%s\t%s\t%d\t%s" % (tag, r["name"], r["code"], r["type"]))
flows = []
for r in rows("Logical_Flow"):
    dp = atoms(r["logical_datapath"])
    keys = [dps[dp[0]]] if dp and dp[0] else \
        groups[atoms(r["logical_dp_group"])[0]]
    flows.append((r["pipeline"], r["table_id"], -r["priority"],
                  ",".join(str(k) for k in keys), r["match"],
                  r["actions"]))
for p, t, prio, keys, match, actions in sorted(flows):
    print("F\t%s\t%d\t%d\t%s\t%s\t%s" % (p, t, -prio, keys, match, actions))
EOF_PY
