#! /bin/sh
# ovn-sandbox.sh: the project's demo.  Runs a whole OVN chassis in a private
# directory: ovsdb-server and ovs-vswitchd (dummy datapath, br-int in secure
# fail mode), OVN central (Northbound and Southbound ovsdb-servers and
# ovn-northd), a logical switch with two ports, and the controller that
# programs br-int for it.  Then it shows what is on br-int and in the
# databases.
#
#   utilities/ovn-sandbox.sh [OPTIONS]       ('make sandbox' runs this)
#
# Options:
#   --sandbox-dir=DIR  where everything lives (default: $OVN_SANDBOX_DIR,
#                      else BUILDDIR/sandbox)
#   --builddir=DIR     the ovn-cxx build tree (default: the current
#                      directory if it has been built, else the checkout
#                      holding this script)
#   --keep             leave the daemons running and write DIR/env.sh;
#                      '. DIR/env.sh' points ovs-vsctl, ovs-ofctl,
#                      ovs-appctl, ovn-nbctl and ovn-sbctl at them
#   --stop             stop the daemons a '--keep' run left, and exit
#   -h, --help         this help
#
# Every daemon, database, socket and log stays in DIR: the script never
# touches the system's Open vSwitch or OVN.  Running it again first stops
# whatever an earlier run left in DIR.

set -e -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=
sandbox=${OVN_SANDBOX_DIR:-}
keep=false
stop_only=false

usage () {
    sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
    exit 0
}

die () {
    echo "ovn-sandbox: $*" >&2
    exit 1
}

for arg; do
    case $arg in
        --sandbox-dir=*) sandbox=${arg#*=} ;;
        --builddir=*) builddir=${arg#*=} ;;
        --keep) keep=true ;;
        --stop) stop_only=true ;;
        -h|--help) usage ;;
        *) die "unknown option '$arg' (use --help for help)" ;;
    esac
done

if test -z "$builddir"; then
    if test -x tests/test-ofctrl; then
        builddir=$PWD
    else
        builddir=$srcdir
    fi
fi
builddir=$(cd "$builddir" && pwd)
sandbox=${sandbox:-$builddir/sandbox}
case $sandbox in
    /*) ;;
    *) sandbox=$PWD/$sandbox ;;
esac

# The marker that makes DIR ours to empty on the next run.
marker=.ovn-sandbox

# Everything Open vSwitch and OVN would look for in /var/run, /var/log,
# /etc and /var/lib is in the sandbox instead, for the daemons and for
# every client run below.
use_sandbox_env () {
    for var in OVS_RUNDIR OVS_LOGDIR OVS_DBDIR OVS_SYSCONFDIR \
               OVN_RUNDIR OVN_LOGDIR OVN_DBDIR OVN_SYSCONFDIR; do
        eval "$var=\$sandbox; export $var"
    done
    OVN_NB_DB=unix:$sandbox/ovnnb_db.sock; export OVN_NB_DB
    OVN_SB_DB=unix:$sandbox/ovnsb_db.sock; export OVN_SB_DB
}

section () {
    printf '\n== %s\n' "$*"
}

# pid_alive PID: a process that has exited but is not reaped yet does not
# count.
pid_alive () {
    kill -0 "$1" 2>/dev/null || return 1
    if test -r "/proc/$1/status"; then
        ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status"
    fi
}

wait_for_exit () {
    tries=$(($2 * 10))
    while pid_alive "$1"; do
        tries=$((tries - 1))
        test $tries -gt 0 || return 1
        sleep 0.1
    done
}

# daemon_pid LABEL PROGRAM: the pid in LABEL's pidfile, if that process is
# alive and is PROGRAM (so a stale pidfile never gets a stranger killed).
daemon_pid () {
    test -s "$sandbox/$1.pid" || return 1
    pid=$(cat "$sandbox/$1.pid")
    pid_alive "$pid" || return 1
    if test -r "/proc/$pid/comm"; then
        test "$(cat "/proc/$pid/comm")" = "$(echo "$2" | cut -c1-15)" \
            || return 1
    fi
    echo "$pid"
}

# start_daemon LABEL PROGRAM [ARG...]: PROGRAM, detached, with pidfile and
# log named after LABEL (three ovsdb-servers run side by side).  Its
# unixctl socket keeps the default name, PROGRAM.PID.ctl.
start_daemon () {
    label=$1 program=$2
    shift 2
    # The list records the program's name, which is what /proc/PID/comm
    # and its unixctl socket (NAME.PID.ctl) are named after, even when it is
    # started by path.
    echo "$label ${program##*/}" >> "$sandbox/daemons"
    "$program" --detach --no-chdir -vconsole:off \
        --pidfile="$sandbox/$label.pid" --log-file="$sandbox/$label.log" \
        "$@" || die "$program failed to start; see $sandbox/$label.log"
}

# stop_daemon LABEL PROGRAM: asks the daemon to exit, then insists.
stop_daemon () {
    pid=$(daemon_pid "$1" "$2") || return 0
    ovs-appctl --timeout=5 -t "$sandbox/$2.$pid.ctl" exit >/dev/null 2>&1 \
        || kill "$pid" 2>/dev/null || :
    if ! wait_for_exit "$pid" 5; then
        echo "ovn-sandbox: $1 (pid $pid) did not exit, killing it" >&2
        kill -9 "$pid" 2>/dev/null || :
    fi
}

# stop_daemons: every daemon this or an earlier run started here, newest
# first.
stop_daemons () {
    test -f "$sandbox/daemons" || return 0
    sed '1!G;h;$!d' "$sandbox/daemons" | while read -r label program; do
        stop_daemon "$label" "$program"
    done
    rm -f "$sandbox/daemons"
}

# wait_until DESCRIPTION COMMAND...: polls COMMAND for up to 10 s.
wait_until () {
    what=$1
    shift
    tries=100
    until "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        test $tries -gt 0 || die "timed out waiting for $what"
        sleep 0.1
    done
}

# sb_key TABLE CONDITION: the tunnel_key of the one SB row that matches.
sb_key () {
    ovn-sbctl --bare --columns=tunnel_key find "$1" "$2"
}

# ---------------------------------------------------------------------------
# Start-up.

use_sandbox_env

if test -d "$sandbox"; then
    if test ! -e "$sandbox/$marker" \
            && test -n "$(ls -A "$sandbox" 2>/dev/null)"; then
        die "$sandbox exists and is not a sandbox; not touching it"
    fi
    # An earlier '--keep' run may have left daemons behind.
    stop_daemons
fi
if $stop_only; then
    rm -f "$sandbox/env.sh"
    echo "ovn-sandbox: nothing runs in $sandbox any more"
    exit 0
fi

test -x "$builddir/tests/test-ofctrl" \
    || die "no $builddir/tests/test-ofctrl (run 'make sandbox')"
for program in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl \
               ovs-appctl ovn-northd ovn-nbctl ovn-sbctl; do
    command -v $program >/dev/null \
        || die "$program not found (Debian: openvswitch-switch, ovn-central)"
done
# The schemas configure found (tests/atlocal), unless the environment says
# otherwise.
ovs_schema=${OVS_SCHEMA:-}
ovn_schemadir=${OVN_SCHEMADIR:-}
atlocal=$builddir/tests/atlocal
if test -f "$atlocal"; then
    ovs_schema=${ovs_schema:-$(. "$atlocal"; echo "$OVS_SCHEMA")}
    ovn_schemadir=${ovn_schemadir:-$(. "$atlocal"; echo "$OVN_SCHEMADIR")}
fi
ovs_schema=${ovs_schema:-/usr/share/openvswitch/vswitch.ovsschema}
ovn_schemadir=${ovn_schemadir:-/usr/share/ovn}
test -f "$ovs_schema" || die "no $ovs_schema (set OVS_SCHEMA)"
test -f "$ovn_schemadir/ovn-nb.ovsschema" \
    || die "no $ovn_schemadir/ovn-nb.ovsschema (set OVN_SCHEMADIR)"

rm -rf "$sandbox"
mkdir -p "$sandbox"
touch "$sandbox/$marker"

succeeded=false
on_exit () {
    if $keep && $succeeded; then
        return
    fi
    section "Stopping the daemons (logs stay in $sandbox)"
    stop_daemons
}
trap on_exit EXIT
trap 'exit 1' HUP INT TERM

echo "ovn-sandbox: sandbox in $sandbox"

section "Open vSwitch: ovsdb-server, ovs-vswitchd (dummy datapath), br-int"
ovsdb-tool create "$sandbox/conf.db" "$ovs_schema"
start_daemon ovsdb-server ovsdb-server \
    --remote=punix:"$sandbox/db.sock" "$sandbox/conf.db"
ovs-vsctl --no-wait init
start_daemon ovs-vswitchd ovs-vswitchd \
    --enable-dummy=override --disable-system --disable-system-route
# What an ovn-controller on this chassis reads from the Open_vSwitch table.
ovs-vsctl --timeout=10 \
    -- add-br br-int \
    -- set bridge br-int datapath_type=dummy fail-mode=secure \
           protocols=OpenFlow13,OpenFlow14,OpenFlow15 \
    -- set Open_vSwitch . external_ids:system-id=sandbox-hv1 \
           external_ids:ovn-remote="$OVN_SB_DB" \
           external_ids:ovn-encap-type=geneve \
           external_ids:ovn-encap-ip=127.0.0.1 \
           external_ids:ovn-bridge=br-int

section "OVN central: Northbound and Southbound ovsdb-servers, ovn-northd"
ovsdb-tool create "$sandbox/ovnnb_db.db" "$ovn_schemadir/ovn-nb.ovsschema"
ovsdb-tool create "$sandbox/ovnsb_db.db" "$ovn_schemadir/ovn-sb.ovsschema"
start_daemon ovsdb-nb ovsdb-server --remote=p"$OVN_NB_DB" \
    "$sandbox/ovnnb_db.db"
start_daemon ovsdb-sb ovsdb-server --remote=p"$OVN_SB_DB" \
    "$sandbox/ovnsb_db.db"
start_daemon ovn-northd ovn-northd \
    --ovnnb-db="$OVN_NB_DB" --ovnsb-db="$OVN_SB_DB"
wait_until "ovn-northd to become active" \
    sh -c 'ovn-appctl -t ovn-northd status | grep -qx "Status: active"'
ovn-appctl -t ovn-northd status

section "Logical switch sw0 with ports sw0-port1 and sw0-port2"
ovn-nbctl ls-add sw0 \
    -- lsp-add sw0 sw0-port1 \
    -- lsp-set-addresses sw0-port1 "50:54:00:00:00:01 10.0.0.11" \
    -- lsp-add sw0 sw0-port2 \
    -- lsp-set-addresses sw0-port2 "50:54:00:00:00:02 10.0.0.12"
# The VIFs that would be the two VMs' ports, bound by iface-id.
ovs-vsctl --timeout=10 \
    -- add-port br-int vif1 \
    -- set interface vif1 external_ids:iface-id=sw0-port1 \
    -- add-port br-int vif2 \
    -- set interface vif2 external_ids:iface-id=sw0-port2
ovn-nbctl show
ovs-vsctl show

# ---------------------------------------------------------------------------
# run_controller: everything ovn-controller does for this chassis.
#
# ovn-cxx has no ovn-controller binary yet, so test-ofctrl stands in for
# it: the real ofctrl module (persistent flow tables, one atomic bundle per
# put) in a daemon of its own.  It is given, by hand, the physical pipeline
# that ovn-controller would compute for sw0 from the Southbound database,
# each flow owned by the row it comes from, so the cookies on br-int name
# those rows.  When $builddir/ovn/controller/ovn-controller exists,
# replace this body with
#
#     start_daemon ovn-controller "$builddir/ovn/controller/ovn-controller" \
#         unix:"$sandbox/db.sock"
#
# followed by a wait until its flows are on br-int; nothing else in this
# script needs to change.
# ---------------------------------------------------------------------------
ofc () {
    ovs-appctl -t test-ofctrl "$@"
}

sb_uuid () {
    ovn-sbctl --bare --columns=_uuid find "$1" "$2"
}

run_controller () {
    wait_until "ovn-northd to bind sw0's ports" \
        sh -c 'test -n "$(ovn-sbctl --bare --columns=tunnel_key find \
                            Port_Binding logical_port=sw0-port2)"'
    dp=$(sb_key Datapath_Binding external_ids:name=sw0)
    key1=$(sb_key Port_Binding logical_port=sw0-port1)
    key2=$(sb_key Port_Binding logical_port=sw0-port2)
    dp_row=$(sb_uuid Datapath_Binding external_ids:name=sw0)
    pb1=$(sb_uuid Port_Binding logical_port=sw0-port1)
    pb2=$(sb_uuid Port_Binding logical_port=sw0-port2)
    ofport1=$(ovs-vsctl get Interface vif1 ofport)
    ofport2=$(ovs-vsctl get Interface vif2 ofport)
    flood=0x8000
    echo "sw0: datapath key $dp; sw0-port1: key $key1 on OpenFlow port" \
         "$ofport1; sw0-port2: key $key2 on OpenFlow port $ofport2"

    start_daemon test-ofctrl "$builddir/tests/test-ofctrl" br-int
    wait_until "test-ofctrl to connect to br-int" \
        sh -c 'ovs-appctl -t test-ofctrl ofctrl/status \
                   | grep -qx state=S_UPDATE_FLOWS'

    # Table 0 maps each VIF to its logical port and datapath (owned by the
    # port's Port_Binding); table 8 stands for the whole logical pipeline,
    # reduced to "flood"; table 37 hands the flood to a group whose buckets
    # visit every port of sw0 (owned by the Datapath_Binding); table 65
    # delivers to the VIF (OpenFlow skips the packet's in_port).
    group=$(ofc ofctrl/add-group "$dp_row" \
        "type=all,bucket=actions=set_field:$key1->reg15,resubmit(,65),bucket=actions=set_field:$key2->reg15,resubmit(,65)")
    ofc ofctrl/add-flow "$pb1" 0 100 "in_port=$ofport1" \
        "set_field:$dp->metadata,set_field:$key1->reg14,resubmit(,8)" >/dev/null
    ofc ofctrl/add-flow "$pb2" 0 100 "in_port=$ofport2" \
        "set_field:$dp->metadata,set_field:$key2->reg14,resubmit(,8)" >/dev/null
    ofc ofctrl/add-flow "$dp_row" 8 50 "metadata=$dp" \
        "set_field:$flood->reg15,resubmit(,37)" >/dev/null
    ofc ofctrl/add-flow "$dp_row" 37 100 "metadata=$dp,reg15=$flood" \
        "group:$group" >/dev/null
    ofc ofctrl/add-flow "$pb1" 65 100 "metadata=$dp,reg15=$key1" \
        "output:$ofport1" >/dev/null
    ofc ofctrl/add-flow "$pb2" 65 100 "metadata=$dp,reg15=$key2" \
        "output:$ofport2" >/dev/null
    # One bundle, acknowledged by the switch.
    ofc ofctrl/sync
    echo "ofctrl status (ovs-appctl -t test-ofctrl ofctrl/status):"
    ofc ofctrl/status | sed 's/^/    /'
}

section "run_controller: br-int gets sw0's pipeline (test-ofctrl)"
run_controller

section "br-int flows (ovs-ofctl -O OpenFlow15 dump-flows br-int)"
ovs-ofctl -O OpenFlow15 --no-stats dump-flows br-int

section "br-int groups (ovs-ofctl -O OpenFlow15 dump-groups br-int)"
ovs-ofctl -O OpenFlow15 dump-groups br-int

section "A broadcast from vif1 (ovs-appctl ofproto/trace) reaches vif2"
packet="in_port=$(ovs-vsctl get Interface vif1 ofport)"
packet="$packet,dl_src=50:54:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff"
ovs-appctl ofproto/trace br-int "$packet" | grep '^Datapath actions'
echo "where the datapath ports are (OpenFlow port/datapath port):"
ovs-appctl dpif/show | grep -E '^[[:space:]]+vif[12] '

section "Southbound: what ovn-northd made of sw0"
ovn-sbctl --format=table --columns=tunnel_key,external_ids \
    list Datapath_Binding
ovn-sbctl --format=table --columns=logical_port,tunnel_key,mac \
    list Port_Binding
echo "$(ovn-sbctl --bare --columns=_uuid list Logical_Flow | grep -c .)" \
     "logical flows (ovn-sbctl lflow-list)"

section "Logs"
for log in "$sandbox"/*.log; do
    echo "$log ($(grep -cE '\|(WARN|ERR|EMER)\|' "$log") warnings and errors)"
done

succeeded=true
if $keep; then
    cat > "$sandbox/env.sh" <<EOF
# Generated by ovn-sandbox.sh: '. $sandbox/env.sh' makes ovs-vsctl,
# ovs-ofctl, ovs-appctl, ovn-nbctl and ovn-sbctl talk to the sandbox.
# Stop it with: $srcdir/utilities/ovn-sandbox.sh --stop --sandbox-dir=$sandbox
OVN_SANDBOX='$sandbox'
OVS_RUNDIR='$sandbox'
OVS_LOGDIR='$sandbox'
OVS_DBDIR='$sandbox'
OVS_SYSCONFDIR='$sandbox'
OVN_RUNDIR='$sandbox'
OVN_LOGDIR='$sandbox'
OVN_DBDIR='$sandbox'
OVN_SYSCONFDIR='$sandbox'
OVN_NB_DB='unix:$sandbox/ovnnb_db.sock'
OVN_SB_DB='unix:$sandbox/ovnsb_db.sock'
PATH='$builddir/tests':\$PATH
export OVN_SANDBOX OVS_RUNDIR OVS_LOGDIR OVS_DBDIR OVS_SYSCONFDIR
export OVN_RUNDIR OVN_LOGDIR OVN_DBDIR OVN_SYSCONFDIR
export OVN_NB_DB OVN_SB_DB PATH
EOF
    section "Left running"
    echo "  . $sandbox/env.sh; ovs-vsctl show"
    echo "  $srcdir/utilities/ovn-sandbox.sh --stop --sandbox-dir=$sandbox"
fi
