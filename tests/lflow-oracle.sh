#! /bin/sh
# lflow-oracle.sh DIR MATCHES [BAD-MATCHES]
#
# Asks Debian's ovn-controller 23.03 (the reference) what OpenFlow flows
# it installs for logical flow matches.  MATCHES has one "PRIORITY MATCH"
# per line.  In DIR (created, must not exist) it starts an Open_vSwitch
# database, ovs-vswitchd with a dummy datapath and br-int, and a
# Southbound database with no ovn-northd, in which it writes:
#
#   - Datapath_Binding sw0 (tunnel key 1);
#   - Port_Bindings lsp1, lsp2, lsp3 (keys 0x11-0x13, each bound to a VIF
#     on br-int) and eth0, eth1 (keys 5, 6, not bound here);
#   - Address_Sets set1 (10.0.0.1-3), set2 (::1-3), set3 (three MACs),
#     set4 (empty); Port_Groups 1_pg1 = {lsp1, lsp2, lsp3} and 1_pg_empty;
#   - one Logical_Flow per line of MATCHES, in ingress table 0 with the
#     line's priority and actions "next;".
#
# These are tests/lflow-compile-driver.h's default fixtures on datapath 1.
# It prints table 8 of br-int as "ovs-ofctl dump-flows" shows it, without
# cookies and statistics, sorted, flows of priority below 100 left out;
# then, if BAD-MATCHES (same format) is given, the error that
# ovn-controller logs for each of its lines: they are added one at a time
# once the flows are in, because it logs parse errors at most once a
# second.  Every daemon it started is stopped on exit.
set -e
dir=$1
matches=$2
bad=$3
if test $# -lt 2 || test $# -gt 3 || test -e "$dir"; then
    echo "usage: $0 NEW-DIR MATCHES [BAD-MATCHES]" >&2
    exit 2
fi
controller=/usr/bin/ovn-controller
case $($controller --version | head -1) in
    "ovn-controller 23.03."*) ;;
    *) echo "$controller is not OVN 23.03" >&2; exit 1 ;;
esac
case $(dpkg -S $controller 2>/dev/null) in
    "ovn-host: $controller") ;;
    *) echo "$controller does not come from Debian's ovn-host" >&2
       exit 1 ;;
esac

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir OVS_SYSCONFDIR=$dir
OVN_RUNDIR=$dir OVN_LOGDIR=$dir OVN_DBDIR=$dir OVN_SYSCONFDIR=$dir
export OVS_RUNDIR OVS_LOGDIR OVS_DBDIR OVS_SYSCONFDIR
export OVN_RUNDIR OVN_LOGDIR OVN_DBDIR OVN_SYSCONFDIR
OVN_SB_DB=unix:$dir/sb.sock; export OVN_SB_DB

stop () {
    for pidfile in "$dir"/ovn-controller.pid "$dir"/ovs-vswitchd.pid \
                   "$dir"/sb.pid "$dir"/ovsdb-server.pid; do
        if test -f "$pidfile"; then
            kill "$(cat "$pidfile")" 2>/dev/null || true
        fi
    done
}
trap stop EXIT
trap 'exit 1' HUP INT TERM

schema_ovs=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}
schema_sb=${OVN_SCHEMADIR:-/usr/share/ovn}/ovn-sb.ovsschema
ovsdb-tool create "$dir"/conf.db "$schema_ovs"
ovsdb-server --detach --no-chdir --pidfile --log-file \
    --remote=punix:"$dir"/db.sock "$dir"/conf.db
ovs-vsctl --no-wait init
ovs-vswitchd --detach --no-chdir --pidfile --log-file \
    --enable-dummy=override --disable-system --disable-system-route
ovs-vsctl --timeout=10 add-br br-int \
    -- set bridge br-int datapath_type=dummy fail-mode=secure \
       protocols=OpenFlow13,OpenFlow14,OpenFlow15
ovsdb-tool create "$dir"/sb.db "$schema_sb"
ovsdb-server --detach --no-chdir --pidfile="$dir"/sb.pid \
    --log-file="$dir"/sb.log --unixctl="$dir"/sb.ctl \
    --remote=punix:"$dir"/sb.sock "$dir"/sb.db

sb () { ovn-sbctl --timeout=10 "$@"; }
dp=$(sb create datapath_binding tunnel_key=1 external_ids:name=sw0)
for p in lsp1:0x11 lsp2:0x12 lsp3:0x13 eth0:5 eth1:6; do
    sb create port_binding datapath="$dp" logical_port="${p%:*}" \
        tunnel_key=$((${p#*:})) > /dev/null
done
sb create address_set name=set1 \
    addresses='"10.0.0.1","10.0.0.2","10.0.0.3"' > /dev/null
sb create address_set name=set2 addresses='"::1","::2","::3"' > /dev/null
sb create address_set name=set3 \
    addresses='"00:00:00:00:00:01","00:00:00:00:00:02","00:00:00:00:00:03"' \
    > /dev/null
sb create address_set name=set4 > /dev/null
sb create port_group name=1_pg1 ports=lsp1,lsp2,lsp3 > /dev/null
sb create port_group name=1_pg_empty > /dev/null
add_lflows () {
    while read -r priority match; do
        test -n "$priority" || continue
        m=$(printf '%s' "$match" | sed 's/\\/\\\\/g; s/"/\\"/g')
        sb create logical_flow logical_datapath="$dp" pipeline=ingress \
            table_id=0 priority="$priority" match="\"$m\"" \
            actions='"next;"' > /dev/null
        if test -n "$1"; then
            sleep "$1"
        fi
    done
}
add_lflows < "$matches"

ovs-vsctl set open . external_ids:system-id=hv1 \
    external_ids:ovn-remote="$OVN_SB_DB" \
    external_ids:ovn-encap-type=geneve \
    external_ids:ovn-encap-ip=127.0.0.1
for i in 1 2 3; do
    ovs-vsctl add-port br-int vif$i -- set interface vif$i type=dummy \
        external_ids:iface-id=lsp$i
done
$controller --detach --no-chdir --pidfile --log-file \
    unix:"$dir"/db.sock

# Done when all three ports are claimed and the flows stop changing.
for i in $(seq 1 200); do
    n=$(sb --bare --columns=chassis find port_binding chassis!='[]' \
          | grep -c . || true)
    if test "$n" = 3; then
        break
    fi
    sleep 0.1
done
# Stable means the same three times in a row, half a second apart, with
# at least one flow at priority 100 or more once any match was given.
prev=x
stable=0
for i in $(seq 1 240); do
    cur=$(ovs-ofctl -O OpenFlow15 --no-stats dump-flows br-int table=8 \
            | sed -e 's/^ *//' -e 's/cookie=0x[0-9a-f]*, //' \
            | LC_ALL=C sort)
    if test "$cur" = "$prev" \
       && { ! grep -q . "$matches" \
            || echo "$cur" | grep -q 'priority=[1-9][0-9][0-9]'; }; then
        stable=$((stable + 1))
        if test $stable = 3; then
            break
        fi
    else
        stable=0
    fi
    prev=$cur
    sleep 0.5
done
printf '%s\n' "$cur" | awk '
    { p = $0; sub(/.*priority=/, "", p); sub(/[^0-9].*/, "", p) }
    p >= 100 { print }'
if test -n "$bad"; then
    add_lflows 1.1 < "$bad"
    sleep 1
    grep -E 'lflow\|WARN\|error parsing match' "$dir"/ovn-controller.log \
        | sed 's/.*lflow|WARN|error parsing match "//; s/": /\n    /' \
        || true
fi
