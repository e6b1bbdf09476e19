#! /bin/sh
# lflow-oracle-errors.sh [--actions] DIR INPUTS
#
# Asks Debian's ovn-trace 23.03 (the same expression and action parsers
# as its ovn-controller, which logs parse errors only once a second) which
# of the matches in INPUTS (one a line) it rejects and why.  In DIR
# (created, must not exist) it serves a Southbound database with datapath
# sw0 (key 1), ports lsp1-lsp3 and eth0, eth1, address set set1 and port
# group 1_pg1, writes one Logical_Flow per input and runs ovn-trace once.
# With --actions, each line of INPUTS is the actions of a Logical_Flow
# (ingress table 0, match "1") instead of its match.
# Prints "INPUT" and "    ERROR" lines for each rejected input, sorted by
# input; its ovsdb-server is stopped on exit.
set -e
column=match
if test "$1" = --actions; then
    column=actions
    shift
fi
dir=$1
matches=$2
if test $# != 2 || test -e "$dir"; then
    echo "usage: $0 [--actions] NEW-DIR INPUTS" >&2
    exit 2
fi
trace=/usr/bin/ovn-trace
case $($trace --version | head -1) in
    "ovn-trace 23.03."*) ;;
    *) echo "$trace is not OVN 23.03" >&2; exit 1 ;;
esac
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
trap 'kill "$(cat "$dir"/sb.pid)" 2>/dev/null || true' EXIT
trap 'exit 1' HUP INT TERM
ovsdb-tool create "$dir"/sb.db \
    "${OVN_SCHEMADIR:-/usr/share/ovn}"/ovn-sb.ovsschema
ovsdb-server --detach --no-chdir --pidfile="$dir"/sb.pid \
    --log-file="$dir"/sb.log --unixctl="$dir"/sb.ctl \
    --remote=punix:"$dir"/sb.sock "$dir"/sb.db
OVN_SB_DB=unix:$dir/sb.sock; export OVN_SB_DB
sb () { ovn-sbctl --timeout=10 "$@"; }
dp=$(sb create datapath_binding tunnel_key=1 external_ids:name=sw0)
for p in lsp1:17 lsp2:18 lsp3:19 eth0:5 eth1:6; do
    sb create port_binding datapath="$dp" logical_port="${p%:*}" \
        tunnel_key="${p#*:}" > /dev/null
done
sb create address_set name=set1 \
    addresses='"10.0.0.1","10.0.0.2","10.0.0.3"' > /dev/null
sb create port_group name=1_pg1 ports=lsp1,lsp2,lsp3 > /dev/null
# The DHCPv4 and DHCPv6 options ovn-northd 23.03 writes (the ones
# tests/lflow-compile-actions.cpp gives the compiler), as NAME:CODE:TYPE.
dhcp_option () {
    table=$1 name=${2%%:*} code=${2#*:}
    sb create "$table" name="$name" code="${code%%:*}" type="${code#*:}" \
        > /dev/null
}
if test $column = actions; then
    for o in offerip:0:ipv4 netmask:1:ipv4 router:3:ipv4 \
             dns_server:6:ipv4 log_server:7:ipv4 lpr_server:9:ipv4 \
             hostname:12:str domain_name:15:str swap_server:16:ipv4 \
             ip_forward_enable:19:bool policy_filter:21:ipv4 \
             default_ttl:23:uint8 mtu:26:uint16 broadcast_address:28:ipv4 \
             router_discovery:31:bool router_solicitation:32:ipv4 \
             arp_cache_timeout:35:uint32 ethernet_encap:36:bool \
             tcp_ttl:37:uint8 tcp_keepalive_interval:38:uint32 \
             nis_server:41:ipv4 ntp_server:42:ipv4 \
             netbios_name_server:44:ipv4 netbios_node_type:46:uint8 \
             lease_time:51:uint32 server_id:54:ipv4 T1:58:uint32 \
             T2:59:uint32 tftp_server:66:host_id bootfile_name:67:str \
             domain_search_list:119:domains \
             classless_static_route:121:static_routes \
             tftp_server_address:150:ipv4 path_prefix:210:str \
             ms_classless_static_route:249:static_routes wpad:252:str \
             next_server:253:ipv4 bootfile_name_alt:254:str; do
        dhcp_option dhcp_options $o
    done
    for o in server_id:2:mac ia_addr:5:ipv6 dns_server:23:ipv6 \
             domain_search:24:str; do
        dhcp_option dhcpv6_options $o
    done
fi
while IFS= read -r m; do
    test -n "$m" || continue
    mm=$(printf '%s' "$m" | sed 's/\\/\\\\/g; s/"/\\"/g')
    if test $column = match; then
        match=\"$mm\" actions='"next;"'
    else
        match='"1"' actions=\"$mm\"
    fi
    sb create logical_flow logical_datapath="$dp" pipeline=ingress \
        table_id=0 priority=100 match="$match" actions="$actions" \
        > /dev/null
done < "$matches"
$trace --db="$OVN_SB_DB" sw0 'inport == "lsp1"' 2>&1 >/dev/null \
    | sed -n 's/^[^|]*|[^|]*|ovntrace|WARN|//
               s/^\(.*\): parsing '"$(test $column = match &&
                   echo expression || echo actions)"' failed (\(.*\))$/\1\t    \2/p' \
    | LC_ALL=C sort | tr '\t' '\n'
