#! /bin/sh
# parity-chassis.sh [OPTIONS] DIR TOPOLOGY [PACKETS]
#
# One chassis on a fresh sandbox, for comparing ovn-controllers: in DIR
# (created, must not exist) it starts an Open_vSwitch database,
# ovs-vswitchd with a dummy datapath and br-int, Northbound and Southbound
# ovsdb-servers and Debian's ovn-northd (unless --no-northd), sources the
# shell script TOPOLOGY (which fills the Northbound with ovn-nbctl, or the
# Southbound with ovn-sbctl, and adds VIFs to br-int with ofport_request),
# then starts the ovn-controller under test as chassis hv1 (Geneve at
# 127.0.0.1) and waits until it has claimed every VIF's port and br-int
# stops changing.  It then writes to DIR:
#
#   flows.raw, groups.raw, meters.raw   ovs-ofctl -O OpenFlow15 dump-*
#   ct-zones, ports                     what ofctl-normalize.py renames
#   normalized                          ofctl-normalize.py's output
#   traces                              for each line "NAME FLOW" of
#                                       PACKETS, NAME and the normalised
#                                       "Datapath actions" of
#                                       'ofproto/trace br-int FLOW'
#   engine-stats                        inc-engine/show-stats
#   coverage                            coverage/show
#
# and stops every daemon it started (also when it fails).
#
# Options:
#   --controller=debian   Debian's /usr/bin/ovn-controller, which must be
#                         OVN 23.03 from package ovn-host (else exit 1)
#   --controller=PATH     that ovn-controller (default: the first in $PATH)
#   --no-northd           no ovn-northd: TOPOLOGY writes the Southbound
#   --then=SCRIPT         once br-int is stable, run the shell script
#                         SCRIPT in DIR (the sandbox's variables set,
#                         CTL the controller's control socket) before
#                         stopping: it injects packets, say, and keeps
#                         what comes out in DIR
set -e
srcdir=$(cd "$(dirname "$0")" && pwd)
controller=ovn-controller
northd=true
then=
while :; do
    case $1 in
        --controller=debian) controller=debian; shift ;;
        --controller=*) controller=${1#*=}; shift ;;
        --no-northd) northd=false; shift ;;
        --then=*) then=${1#*=}; shift ;;
        *) break ;;
    esac
done
if test $# -lt 2 || test $# -gt 3 || test -e "$1"; then
    echo "usage: $0 [--controller=debian|PATH] [--no-northd] NEW-DIR" \
         "TOPOLOGY [PACKETS]" >&2
    exit 2
fi
dir=$1 topology=$2 packets=${3:-}
case $topology in /*) ;; *) topology=$PWD/$topology ;; esac
case $packets in /*|'') ;; *) packets=$PWD/$packets ;; esac
case $then in /*|'') ;; *) then=$PWD/$then ;; esac

fail () {
    echo "parity-chassis: $*" >&2
    exit 1
}

if test "$controller" = debian; then
    # The oracle must be what it claims to be, or every comparison against
    # it means nothing.
    controller=/usr/bin/ovn-controller
    test -x $controller || fail "no $controller (Debian package ovn-host)"
    case $($controller --version | head -1) in
        "ovn-controller 23.03."*) ;;
        *) fail "$controller is not OVN 23.03: $($controller --version)" ;;
    esac
    case $(dpkg -S $controller 2>/dev/null) in
        "ovn-host: $controller") ;;
        *) fail "$controller does not come from Debian's ovn-host" ;;
    esac
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
for var in OVS_RUNDIR OVS_LOGDIR OVS_DBDIR OVS_SYSCONFDIR \
           OVN_RUNDIR OVN_LOGDIR OVN_DBDIR OVN_SYSCONFDIR; do
    eval "$var=\$dir; export $var"
done
OVN_NB_DB=unix:$dir/nb.sock; export OVN_NB_DB
OVN_SB_DB=unix:$dir/sb.sock; export OVN_SB_DB

stop () {
    for d in ovn-controller ovn-northd ovs-vswitchd sb nb ovsdb-server; do
        if test -f "$dir/$d.pid"; then
            pid=$(cat "$dir/$d.pid")
            kill "$pid" 2>/dev/null || true
            for i in 1 2 3 4 5 6 7 8 9 10; do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
}
trap stop EXIT
trap 'exit 1' HUP INT TERM

daemon () {
    name=$1
    shift
    "$@" --detach --no-chdir -vconsole:off --pidfile="$dir/$name.pid" \
        --log-file="$dir/$name.log" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
}

# wait_for WHAT SECONDS COMMAND...
wait_for () {
    what=$1 tries=$(($2 * 10))
    shift 2
    until "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        test $tries -gt 0 || fail "timed out waiting for $what"
        sleep 0.1
    done
}

schema_ovs=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}
schemadir=${OVN_SCHEMADIR:-/usr/share/ovn}
ovsdb-tool create "$dir"/conf.db "$schema_ovs"
daemon ovsdb-server ovsdb-server --remote=punix:"$dir"/db.sock \
    "$dir"/conf.db
ovs-vsctl --no-wait init
daemon ovs-vswitchd ovs-vswitchd --enable-dummy=override --disable-system \
    --disable-system-route
ovs-vsctl --timeout=10 add-br br-int \
    -- set bridge br-int datapath_type=dummy fail-mode=secure \
       protocols=OpenFlow13,OpenFlow14,OpenFlow15
ovsdb-tool create "$dir"/nb.db "$schemadir"/ovn-nb.ovsschema
ovsdb-tool create "$dir"/sb.db "$schemadir"/ovn-sb.ovsschema
daemon nb ovsdb-server --unixctl="$dir"/nb.ctl --remote=p"$OVN_NB_DB" \
    "$dir"/nb.db
daemon sb ovsdb-server --unixctl="$dir"/sb.ctl --remote=p"$OVN_SB_DB" \
    "$dir"/sb.db
if $northd; then
    daemon ovn-northd ovn-northd --ovnnb-db="$OVN_NB_DB" \
        --ovnsb-db="$OVN_SB_DB"
    wait_for "ovn-northd" 10 \
        sh -c 'ovn-appctl -t ovn-northd status | grep -qx "Status: active"'
    # ovn-northd picks a random MAC for service monitors, which shows in
    # flows; every sandbox gets the same.
    ovn-nbctl --wait=sb set NB_Global . \
        options:svc_monitor_mac='"0a:58:0a:f4:00:01"'
fi

# The topology finds the files beside it through PARITY_DIR.
PARITY_DIR=$(dirname "$topology"); export PARITY_DIR
(cd "$dir" && . "$topology") > "$dir"/topology.out 2>&1 \
    || { cat "$dir"/topology.out >&2; fail "$topology failed"; }
if $northd; then
    ovn-nbctl --wait=sb --timeout=10 sync
fi

ovs-vsctl set open . external_ids:system-id=hv1 \
    external_ids:ovn-remote="$OVN_SB_DB" \
    external_ids:ovn-encap-type=geneve \
    external_ids:ovn-encap-ip=127.0.0.1
$controller --version | head -1 > "$dir"/controller-version
daemon ovn-controller "$controller" unix:"$dir"/db.sock
# Its control socket is named after the program (23.03 has no --unixctl).
ctl=$dir/${controller##*/}.$(cat "$dir"/ovn-controller.pid).ctl

# Every VIF's logical port claimed by hv1.
claimed () {
    for lport in $(ovs-vsctl --bare --columns=external_ids find interface \
                     | sed -n 's/.*iface-id=\([^ ]*\).*/\1/p'); do
        ch=$(ovn-sbctl --bare --columns=chassis find port_binding \
                 logical_port="$lport")
        test -n "$ch" || return 1
    done
}
wait_for "hv1 to claim its ports" 20 claimed
if $northd; then
    ovn-nbctl --wait=hv --timeout=20 sync
fi

dump () {
    ovs-ofctl -O OpenFlow15 dump-flows br-int > "$dir"/flows.raw
    ovs-ofctl -O OpenFlow15 dump-groups br-int > "$dir"/groups.raw
    ovs-ofctl -O OpenFlow15 dump-meters br-int > "$dir"/meters.raw
}
# Stable: the same flows, groups and meters three times in a row, half a
# second apart.
prev= stable=0 tries=120
while :; do
    dump
    cur=$(sed -e 's/ duration=[^ ]* / /' -e 's/n_packets=[0-9]*//' \
              -e 's/n_bytes=[0-9]*//' -e 's/[a-z_]*age=[0-9]*//g' \
              -e '/reply/d' "$dir"/flows.raw "$dir"/groups.raw \
              "$dir"/meters.raw | grep -v '^ *packet_in_count\|^ *flow_count')
    if test "$cur" = "$prev"; then
        stable=$((stable + 1))
        test $stable -lt 3 || break
    else
        stable=0
    fi
    prev=$cur
    tries=$((tries - 1))
    test $tries -gt 0 || fail "br-int never stopped changing"
    sleep 0.5
done

# The conntrack zones, datapaths named instead of their UUIDs (as
# tests/ovn-macros.at's ct_zones does).
ovs-vsctl get bridge br-int external_ids \
    | sed -e 's/^{//' -e 's/}$//' -e 's/, /\n/g' | tr -d '"' \
    | sed -n 's/^ct-zone-\(.*\)=\([0-9][0-9]*\)$/\1 \2/p' \
    | while read -r name zone; do
          case $name in
              *_dnat|*_snat)
                  dp=$(ovn-sbctl --if-exists get datapath_binding \
                           "${name%_*}" external_ids:name 2>/dev/null \
                       | tr -d '"')
                  test -z "$dp" || name=${dp}_${name##*_}
                  ;;
          esac
          echo "$name $zone"
      done | LC_ALL=C sort > "$dir"/ct-zones
ovs-vsctl --bare --columns=ofport,name list interface \
    | awk 'NF { if (n == "") { n = $1 } else { print n, $1; n = "" } }' \
    | grep -v '^-1 \|^\[\] ' | LC_ALL=C sort > "$dir"/ports

normalize="python3 $srcdir/ofctl-normalize.py"
$normalize "$dir"/flows.raw --groups="$dir"/groups.raw \
    --meters="$dir"/meters.raw --ct-zones="$dir"/ct-zones \
    --ports="$dir"/ports > "$dir"/normalized

# The datapath's port numbers, named, for the traces.
# ("  NAME OFPORT/ODPPORT: ...").
ovs-appctl dpif/show \
    | sed -n 's/^ *\([^ ]*\) [0-9]*\/\([0-9]*\):.*/\2 \1/p' \
    > "$dir"/odp-ports
: > "$dir"/traces.raw
: > "$dir"/traces
if test -n "$packets"; then
    while read -r name flow; do
        case $name in ''|'#'*) continue ;; esac
        # A packet that goes through conntrack is traced again after each
        # recirculation, each pass with its own "Datapath actions".
        # A flow that ofproto/trace refuses (a field without its
        # prerequisites, say) would compare as empty on both sides.
        ovs-appctl ofproto/trace br-int "$flow" > "$dir"/trace.out 2>&1 \
            || fail "ofproto/trace of $name: $(cat "$dir"/trace.out)"
        actions=$(sed -n 's/^Datapath actions: //p' "$dir"/trace.out \
                      | sed 's/ *$//' | paste -s -d'|')
        printf '%s %s\n' "$name" "$actions" >> "$dir"/traces.raw
    done < "$packets"
    $normalize --traces=yes "$dir"/traces.raw --ct-zones="$dir"/ct-zones \
        --ports="$dir"/odp-ports > "$dir"/traces
fi

if test -n "$then"; then
    (cd "$dir" && CTL=$ctl && . "$then") > "$dir"/then.out 2>&1 \
        || { cat "$dir"/then.out >&2; fail "$then failed"; }
fi

ovs-appctl -t "$ctl" inc-engine/show-stats > "$dir"/engine-stats 2>&1 \
    || true
ovs-appctl -t "$ctl" coverage/show > "$dir"/coverage 2>&1 || true
ovs-appctl -t "$ctl" exit
for i in $(seq 1 100); do
    test -f "$dir"/ovn-controller.pid || break
    kill -0 "$(cat "$dir"/ovn-controller.pid)" 2>/dev/null || break
    sleep 0.1
done
