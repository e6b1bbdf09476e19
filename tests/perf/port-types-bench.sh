#! /bin/sh
# port-types-bench.sh: what adding and removing one logical port of each
# Port_Binding type costs our ovn-controller, as a ratio against Debian's
# 23.03 (/usr/bin/ovn-controller) in the same run.
#
#   tests/perf/port-types-bench.sh [OPTIONS]   ('make bench-port-types')
#
# Each side (ours, then Debian's) gets a chassis of its own in a private
# directory: ovsdb-server, ovs-vswitchd (dummy datapath, br-int in secure
# fail mode, a provider bridge br-phys mapped as physnet1), the
# distribution's OVN central, and the ovn-controller under test.  The
# base: switch ls0 with --ports VIFs bound here (a dummy interface each)
# and a localnet port, switch ls1 with none, router lr0 joined to ls0 by
# a patch port pair, HA chassis group grp1 whose only chassis is this one.
# Then, for each type, REPEAT rounds of an add and a remove:
#
#   vif              ls0 port + its interface (add waits until it is up)
#   localport        ls0 localport + its interface
#   localnet         ls1's localnet port (patch ports to br-phys)
#   l2gateway        ls1 l2gateway port on physnet1, l2gateway-chassis=hv1
#   l3gateway        gateway router gw (options:chassis=hv1) on ls0
#   patch            router r2 on ls0 (a patch port pair)
#   chassisredirect  lr0's port to ls1 made a distributed gateway port
#                    with this chassis as gateway (cr-lr0-ls1)
#   virtual          ls0 virtual port whose parents are two of the VIFs
#   external         ls0 external port in grp1 (claimed here)
#
# Each add or remove is one ovn-nbctl (or ovs-vsctl) transaction followed
# by 'ovn-nbctl --wait=hv sync'; its cost is ovn-controller's main
# thread's CPU time from before the transaction until the thread has been
# idle for --settle seconds after the sync (/proc/PID/schedstat, as
# ovn-controller-bench.sh), so it covers everything the change made it
# do: binding, physical and logical flows, the installation.  Reported:
# the mean milliseconds per add and per remove on each side, and
# ours / Debian's.
#
# Options:
#   --ovn-controller=FILE  ours (default: ovn/controller/ovn-controller
#                       under the current directory, else under the
#                       checkout holding this script)
#   --ports=N           VIFs on ls0 (default: $BENCH_TYPES_PORTS, else 100)
#   --repeat=R          rounds per type (default: $BENCH_TYPES_REPEAT,
#                       else 5)
#   --types="T..."      the types, among those above (default: all)
#   --settle=SECS       idle time that ends an operation (default 0.2)
#   --timeout=SECS      limit for each wait (default: $BENCH_TIMEOUT,
#                       else 120)
#   --dir=DIR           work directory (default: a new one under $TMPDIR),
#                       removed afterwards unless --keep-dir or a failure
#   --keep-dir          leave the work directory
#   -h, --help          this help
#
# Nothing is asserted about times; the exit status is 1 only if something
# failed.  The system's Open vSwitch and OVN are never touched.

set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
bench_name=port-types-bench
# shellcheck source=tests/perf/bench-lib.sh
. "$srcdir/tests/perf/bench-lib.sh"
ovn_controller=
ports=${BENCH_TYPES_PORTS:-100}
repeat=${BENCH_TYPES_REPEAT:-5}
ALL_TYPES="vif localport localnet l2gateway l3gateway patch chassisredirect \
virtual external"
types=$ALL_TYPES
settle=0.2
timeout=${BENCH_TIMEOUT:-120}
dir=
keep_dir=false

for arg; do
    case $arg in
        --ovn-controller=*) ovn_controller=${arg#*=} ;;
        --ports=*) ports=${arg#*=} ;;
        --repeat=*) repeat=${arg#*=} ;;
        --types=*) types=${arg#*=} ;;
        --settle=*) settle=${arg#*=} ;;
        --timeout=*) timeout=${arg#*=} ;;
        --dir=*) dir=${arg#*=} ;;
        --keep-dir) keep_dir=true ;;
        -h|--help) usage ;;
        *) die "unknown option '$arg' (use --help for help)" ;;
    esac
done

if test -z "$ovn_controller"; then
    if test -x ovn/controller/ovn-controller; then
        ovn_controller=$PWD/ovn/controller/ovn-controller
    else
        ovn_controller=$srcdir/ovn/controller/ovn-controller
    fi
fi
case $ovn_controller in
    /*) ;;
    *) ovn_controller=$PWD/$ovn_controller ;;
esac
test -x "$ovn_controller" || die "no $ovn_controller (run 'make' first)"
debian=/usr/bin/ovn-controller
case $($debian --version 2>/dev/null | head -n 1) in
    "ovn-controller 23.03."*) ;;
    *) die "$debian is not OVN 23.03 (Debian's ovn-host)" ;;
esac
for v in "$ports" "$repeat" "$timeout"; do
    case $v in
        ''|*[!0-9]*) die "bad --ports, --repeat or --timeout '$v'" ;;
    esac
    test "$v" -gt 1 || die "--ports, --repeat and --timeout must be > 1"
done
case $settle in
    ''|.|*[!0-9.]*|*.*.*) die "bad --settle '$settle'" ;;
esac
for t in $types; do
    case " $ALL_TYPES " in
        *" $t "*) ;;
        *) die "unknown type '$t'" ;;
    esac
done
test -r /proc/self/schedstat \
    || die "no /proc/PID/schedstat (Linux with CONFIG_SCHED_INFO needed)"
ovs_schema=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}
ovn_schemadir=${OVN_SCHEMADIR:-/usr/share/ovn}

if test -n "$dir"; then
    mkdir -p "$dir" || die "cannot create $dir"
    dir=$(cd "$dir" && pwd)
    test -z "$(ls -A "$dir")" || die "$dir is not empty"
else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/port-types-bench.XXXXXX") \
        || die "cannot create a work directory"
fi

use_run () {
    run=$1
    daemons_dir=$run
    for var in OVS_RUNDIR OVS_LOGDIR OVS_DBDIR OVS_SYSCONFDIR \
               OVN_RUNDIR OVN_LOGDIR OVN_DBDIR OVN_SYSCONFDIR; do
        eval "$var=\$run; export $var"
    done
    OVN_NB_DB=unix:$run/ovnnb_db.sock
    OVN_SB_DB=unix:$run/ovnsb_db.sock
    export OVN_NB_DB OVN_SB_DB
}

daemons_list=$dir/daemons
daemons_name=port-types-bench
# shellcheck source=utilities/ovn-daemons.sh
. "$srcdir/utilities/ovn-daemons.sh"

succeeded=false
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup () {
    stop_daemons
    if $succeeded && ! $keep_dir; then
        rm -rf "$dir"
    else
        echo "port-types-bench: logs stay in $dir" >&2
    fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

nbctl () {
    ovn-nbctl --timeout="$timeout" "$@" || die "ovn-nbctl $* failed"
}

vsctl () {
    ovs-vsctl --timeout="$timeout" "$@" || die "ovs-vsctl $* failed"
}

# main_cpu: ovn-controller's main thread's CPU time, nanoseconds.
main_cpu () {
    read -r ns _ < "/proc/$oc_pid/schedstat" \
        || die "cannot read /proc/$oc_pid/schedstat"
    echo "$ns"
}

# settle: returns once the main thread has been idle for $settle
# seconds, its CPU time in $cpu.
settle () {
    deadline=$(($(date +%s) + timeout))
    cpu=$(main_cpu) || exit 1
    while :; do
        sleep "$settle"
        cpu_now=$(main_cpu) || exit 1
        test "$cpu_now" != "$cpu" || break
        cpu=$cpu_now
        test "$(date +%s)" -lt $deadline \
            || die "$side: ovn-controller did not go idle"
    done
}

# measure TYPE OP COMMAND...: COMMAND, then --wait=hv sync; "SIDE TYPE OP
# NS" in $dir/cpu.
measure () {
    m_type=$1 m_op=$2
    shift 2
    settle
    cpu0=$cpu
    "$@"
    ovn-nbctl --wait=hv --timeout="$timeout" sync \
        || die "$side: --wait=hv sync after $m_type $m_op timed out"
    settle
    echo "$side $m_type $m_op $((cpu - cpu0))" >> "$dir/cpu"
}

# up LPORT: LPORT's Port_Binding is up.
# shellcheck disable=SC2317  # called through wait_until
up () {
    test "$(ovn-sbctl --bare --columns=up find Port_Binding \
              logical_port="$1")" = true
}

# The adds and removes of each type (see the top of this file).
add_vif () {
    nbctl lsp-add ls0 x-vif -- lsp-set-addresses x-vif \
        "0a:00:00:ff:00:01 10.0.255.1"
    vsctl add-port br-int x-vif -- set Interface x-vif \
        external_ids:iface-id=x-vif
    wait_until "x-vif up" up x-vif
}
del_vif () {
    vsctl del-port br-int x-vif
    nbctl lsp-del x-vif
}
add_localport () {
    nbctl lsp-add ls0 x-lp -- lsp-set-type x-lp localport \
        -- lsp-set-addresses x-lp "0a:00:00:ff:00:02 10.0.255.2"
    vsctl add-port br-int x-lp -- set Interface x-lp \
        external_ids:iface-id=x-lp
}
del_localport () {
    vsctl del-port br-int x-lp
    nbctl lsp-del x-lp
}
add_localnet () {
    nbctl lsp-add ls1 x-ln -- lsp-set-type x-ln localnet \
        -- lsp-set-addresses x-ln unknown \
        -- lsp-set-options x-ln network_name=physnet1
}
del_localnet () {
    nbctl lsp-del x-ln
}
add_l2gateway () {
    nbctl lsp-add ls1 x-l2 -- lsp-set-type x-l2 l2gateway \
        -- lsp-set-addresses x-l2 unknown \
        -- lsp-set-options x-l2 network_name=physnet1 \
               l2gateway-chassis=hv1
}
del_l2gateway () {
    nbctl lsp-del x-l2
}
add_l3gateway () {
    nbctl lr-add x-gw -- set Logical_Router x-gw options:chassis=hv1 \
        -- lrp-add x-gw x-gw-ls0 00:00:00:00:fe:01 10.0.254.1/24 \
        -- lsp-add ls0 ls0-x-gw -- lsp-set-type ls0-x-gw router \
        -- lsp-set-addresses ls0-x-gw router \
        -- lsp-set-options ls0-x-gw router-port=x-gw-ls0
}
del_l3gateway () {
    nbctl lsp-del ls0-x-gw -- lr-del x-gw
}
add_patch () {
    nbctl lr-add x-r2 \
        -- lrp-add x-r2 x-r2-ls0 00:00:00:00:fe:02 10.0.253.1/24 \
        -- lsp-add ls0 ls0-x-r2 -- lsp-set-type ls0-x-r2 router \
        -- lsp-set-addresses ls0-x-r2 router \
        -- lsp-set-options ls0-x-r2 router-port=x-r2-ls0
}
del_patch () {
    nbctl lsp-del ls0-x-r2 -- lr-del x-r2
}
add_chassisredirect () {
    nbctl lrp-set-gateway-chassis lr0-ls1 hv1 10
    wait_until "cr-lr0-ls1 up" up cr-lr0-ls1
}
del_chassisredirect () {
    nbctl lrp-del-gateway-chassis lr0-ls1 hv1
}
add_virtual () {
    nbctl lsp-add ls0 x-vip -- lsp-set-type x-vip virtual \
        -- lsp-set-addresses x-vip "0a:00:00:ff:00:03 10.0.255.3" \
        -- lsp-set-options x-vip virtual-ip=10.0.255.3 \
               virtual-parents=p0,p1
}
del_virtual () {
    nbctl lsp-del x-vip
}
add_external () {
    nbctl lsp-add ls0 x-ext -- lsp-set-type x-ext external \
        -- lsp-set-addresses x-ext "0a:00:00:ff:00:04 10.0.255.4" \
        -- set Logical_Switch_Port x-ext ha_chassis_group="$grp1"
    wait_until "x-ext up" up x-ext
}
del_external () {
    nbctl lsp-del x-ext
}

# side SIDE PROGRAM: the base on a chassis of its own, then the rounds.
side () {
    side=$1
    use_run "$dir/$side"
    mkdir "$run" || die "cannot create $run"
    sandbox_start_switch
    vsctl add-br br-phys -- set Bridge br-phys datapath_type=dummy \
        -- set Open_vSwitch . external_ids:ovn-bridge-mappings=physnet1:br-phys
    sandbox_start_central

    set -- ls-add ls0 -- lsp-add ls0 ls0-ln -- lsp-set-type ls0-ln localnet \
        -- lsp-set-addresses ls0-ln unknown \
        -- lsp-set-options ls0-ln network_name=physnet1
    i=0
    while test $i -lt "$ports"; do
        set -- "$@" -- lsp-add ls0 "p$i" -- lsp-set-addresses "p$i" \
            "$(printf '0a:00:00:00:%02x:%02x 10.0.%d.%d' \
                   $((i / 256)) $((i % 256)) $((i / 250)) $((i % 250 + 1)))"
        i=$((i + 1))
    done
    nbctl "$@"
    nbctl ls-add ls1 -- lr-add lr0 \
        -- lrp-add lr0 lr0-ls0 00:00:00:00:ff:01 10.0.0.254/16 \
        -- lsp-add ls0 ls0-lr0 -- lsp-set-type ls0-lr0 router \
        -- lsp-set-addresses ls0-lr0 router \
        -- lsp-set-options ls0-lr0 router-port=lr0-ls0 \
        -- lrp-add lr0 lr0-ls1 00:00:00:00:ff:02 172.16.0.1/24 \
        -- lsp-add ls1 ls1-lr0 -- lsp-set-type ls1-lr0 router \
        -- lsp-set-addresses ls1-lr0 router \
        -- lsp-set-options ls1-lr0 router-port=lr0-ls1 \
        -- ha-chassis-group-add grp1 \
        -- ha-chassis-group-add-chassis grp1 hv1 10
    grp1=$(ovn-nbctl --bare --columns=_uuid find HA_Chassis_Group name=grp1)
    set --
    i=0
    while test $i -lt "$ports"; do
        set -- "$@" -- add-port br-int "vif$i" \
            -- set Interface "vif$i" external_ids:iface-id="p$i"
        i=$((i + 1))
    done
    vsctl "$@"

    start_daemon ovn-controller "$program" unix:"$run/db.sock"
    oc_pid=$(daemon_pid ovn-controller "$program") \
        || die "$side: ovn-controller is not running"
    ovn-nbctl --wait=hv --timeout="$timeout" sync \
        || die "$side: --wait=hv sync timed out"
    wait_until "the VIFs up" up "p$((ports - 1))"
    echo "$side: $ports VIFs up, $(flow_count) flows"
    for t in $types; do
        r=0
        while test $r -lt "$repeat"; do
            measure "$t" add "add_$t"
            measure "$t" remove "del_$t"
            r=$((r + 1))
        done
    done
    stop_daemons
}

echo "port-types-bench: $(nproc) CPUs, $(ovn-northd --version | head -n 1);" \
     "$ports VIFs, $repeat rounds; work directory $dir"
: > "$dir/cpu"
program=$ovn_controller side ours
program=$debian side debian

# mean SIDE TYPE OP: mean milliseconds, 2 decimals.
mean () {
    awk -v s="$1" -v t="$2" -v o="$3" '
        $1 == s && $2 == t && $3 == o { sum += $4; n++ }
        END { if (n) printf "%.2f", sum / n / 1e6; else printf "-" }' \
        "$dir/cpu"
}

printf '\n== CPU per operation, milliseconds (ovn-controller main thread)\n'
printf '%-16s %-7s %9s %9s %8s\n' type op ours debian ratio
for t in $types; do
    for op in add remove; do
        o=$(mean ours "$t" "$op")
        d=$(mean debian "$t" "$op")
        printf '%-16s %-7s %9s %9s %8s\n' "$t" "$op" "$o" "$d" \
            "$(awk -v a="$o" -v b="$d" 'BEGIN {
                   if (a != "-" && b != "-" && b > 0) printf "%.2fx", a / b
                   else printf "-" }')"
    done
done
echo "(ratio: ours / Debian's 23.03, same run, same workload)"
succeeded=true
exit 0
