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
# base: switch ls0 with --ports VIFs bound here (a dummy interface each),
# then bench-lib.sh's types_base (a localnet port on ls0, switch lsx,
# router lr0 joining them, HA chassis group grp1 of this chassis alone).
# Then, for each type, REPEAT rounds of an add and a remove of one port
# of it, bench-lib.sh's add_TYPE and del_TYPE: vif, localport, localnet,
# l2gateway, l3gateway, patch, chassisredirect, virtual, external,
# container (the list and what each adds: bench-lib.sh).
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
ALL_TYPES=$PORT_TYPES
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

ovn_controller=$(built_program "$ovn_controller" \
    ovn/controller/ovn-controller) || exit 1
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

dir=$(make_work_dir "$dir") || exit 1
ours_program=$(daemon_program "$ovn_controller" ovn-controller) || exit 1

bench_daemons "logs"

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

# side SIDE PROGRAM: the base on a chassis of its own, then the rounds.
side () {
    side=$1
    use_run "$dir/$side"
    mkdir "$run" || die "cannot create $run"
    sandbox_start_switch
    sandbox_start_central

    set -- ls-add ls0
    i=0
    while test $i -lt "$ports"; do
        set -- "$@" -- lsp-add ls0 "p$i" -- lsp-set-addresses "p$i" \
            "$(printf '0a:00:00:00:%02x:%02x 10.0.%d.%d' \
                   $((i / 256)) $((i % 256)) $((i / 250)) $((i % 250 + 1)))"
        i=$((i + 1))
    done
    nbctl "$@"
    types_base
    set --
    i=0
    while test $i -lt "$ports"; do
        set -- "$@" -- add-port br-int "vif$i" \
            -- set Interface "vif$i" external_ids:iface-id="p$i"
        i=$((i + 1))
    done
    vsctl "$@"

    # Syslog at ERR, as ovn-ctl (and so Debian's ovn-controller.service)
    # starts it: INFO lines go to the log file only.
    start_daemon ovn-controller "$program" -vsyslog:err unix:"$run/db.sock"
    oc_pid=$(daemon_pid ovn-controller "$program") \
        || die "$side: ovn-controller is not running"
    ovn-nbctl --wait=hv --timeout="$timeout" sync \
        || die "$side: --wait=hv sync timed out"
    wait_until "the VIFs up" lport_up "p$((ports - 1))"
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
program=$ours_program side ours
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
