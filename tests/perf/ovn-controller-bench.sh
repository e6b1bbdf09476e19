#! /bin/sh
# ovn-controller-bench.sh: what binding one port costs our ovn-controller
# (ovn/controller/ovn-controller) as the number of ports on the chassis
# grows, against a full recomputation measured in the same run.
#
#   tests/perf/ovn-controller-bench.sh [OPTIONS]   ('make bench-controller')
#
# For each size N, a chassis of its own in a private directory:
# ovsdb-server, ovs-vswitchd (dummy datapath, br-int in secure fail mode),
# OVN central from the distribution (Northbound and Southbound
# ovsdb-servers, ovn-northd) and our ovn-controller.  N logical switch
# ports on ceil(N/50) logical switches, 50 ports a datapath (one ovn-nbctl
# transaction a switch), all bound here (a dummy interface on br-int with
# external_ids:iface-id, one ovs-vsctl transaction a switch); ovn-controller
# starts last, then 'ovn-nbctl --wait=hv sync' and every Port_Binding up,
# every interface ovn-installed.  Then three phases of REPEAT rounds:
#
#   shared  bind, then unbind, 'extra-shared' on switch ls0, whose datapath
#           is already local: handled incrementally (the port's flows and
#           its datapath's Multicast_Groups);
#   own     bind, then unbind, 'extra-own', alone on switch ls-own:
#           binding it makes a new datapath local, which ovn-controller
#           handles with a full computation (docs/ovn-controller.rst);
#   recompute
#           'ovs-appctl -t ovn-controller recompute';
#   TYPE    for each of --types, once the base they need is there
#           (bench-lib.sh's types_base: a provider bridge, a localnet port
#           on ls0, switch lsx, router lr0 joining them, an HA chassis
#           group of this chassis): add, then remove, one port of that
#           Port_Binding type (bench-lib.sh's add_TYPE and del_TYPE, one
#           transaction each, then '--wait=hv sync').
#
# A bind is 'ovs-vsctl add-port', then 'ovs-vsctl wait-until' the
# interface is ovn-installed, then 'ovn-nbctl --wait=hv sync'; an unbind is
# 'ovs-vsctl del-port', then '--wait=hv sync' and a wait for the
# Port_Binding to lose its chassis; a recompute is the command, then
# '--wait=hv sync'.
#
# CPU time: ovn-controller's main thread's, the first field of
# /proc/PID/schedstat (nanoseconds; the main thread's task id is the
# process id).  Before each operation and after it the script waits until
# that has not moved for --settle seconds, so that an operation's CPU is
# everything ovn-controller did because of it (bindings, conntrack zones,
# tunnels, flow computation, ofctrl_put, the IDLs' parsing, the
# acknowledgement of --wait=hv), and the readings between operations add
# up to the phase's: CPU per operation is exact.  Reading /proc costs
# ovn-controller nothing.  Its other threads' CPU (/proc/PID/task/*/)
# is reported beside it: that of the stopwatch thread, which receives
# every stopwatch sample, the others being idle.  Wall clock per operation,
# in milliseconds from its start: when 'ovs-vsctl' returned (ovs-vswitchd
# had reconfigured), when the interface was ovn-installed, when
# '--wait=hv' returned.
#
# Breakdown: 'ovs-appctl -t ovn-controller stopwatch/reset' before each
# phase, 'stopwatch/show NAME' after it, for binding-run,
# physical-incremental, physical-full and flow-installation (elapsed
# microseconds): the number of samples, per round too, and the smallest
# and largest, which are exact.  Open vSwitch 3.1's stopwatches keep no
# sum, only moving averages, so no mean is reported from them.
#
# Counters: ovn-controller's coverage counters before and after each phase
# ('coverage/read-counter', after a second and a wake-up, so that the
# main thread has added its latest counts to the totals), per round:
# main_loop_iteration (main-loop iterations, i.e. wake-ups of the main
# thread, the few that the script's own requests cause included),
# chassis_run (the chassis registration run again), binding_run (incremental binding runs), ofctrl_put (puts that sent the
# switch a bundle), ofctrl_empty_put (puts whose changes cancelled out:
# no bundle), physical_changes and physical_run, physical_mc_group
# (Multicast_Groups whose flows were computed), physical_mc_member_kept
# (their members whose part was that of the last computation),
# sb_monitor_update
# (monitor condition changes), sb_monitor_table_set (the tables whose
# conditions those set), local_datapaths_full (the local datapaths
# computed again from the roots, not from the change), lflow_compile
# (a Logical_Flow compiled for one datapath), ofctrl_flow_add and
# ofctrl_flow_delete (flows sent to the switch), local_config_read (the
# local configuration read again from the Open_vSwitch row).
# 'ofctrl_put' excludes puts with nothing to send at all, which send
# nothing either.
#
# br-int's flow count after each phase must be what it was before, and no
# flow may have been given to the switch again during a phase (a flow
# deleted and added back has a new 'duration'; the extra ports' own flows
# are gone again at the end of their phase).  At the end, ratios: CPU
# per operation at N_max over N_min, for each operation, and recompute
# over shared bind at N_max.
#
# Options:
#   --ovn-controller=FILE  our ovn-controller (default:
#                       ovn/controller/ovn-controller under the current
#                       directory, else under the checkout holding this
#                       script); the distribution's /usr/bin/ovn-controller
#                       runs too, as a reference: the stopwatches and
#                       counters it lacks show as '-'
#   --sizes="N..."      port counts (default: $BENCH_CONTROLLER_SIZES,
#                       else "100 1000")
#   --repeat=R          rounds of each phase (default:
#                       $BENCH_CONTROLLER_REPEAT, else 20)
#   --types="T..."      the port types of the type phases (default:
#                       $BENCH_CONTROLLER_TYPES if set, else all of vif
#                       localport localnet l2gateway l3gateway patch
#                       chassisredirect virtual external container; ""
#                       for none)
#   --settle=SECS       ovn-controller's main thread must have used no CPU
#                       for this long before and after each operation
#                       (default 0.1)
#   --timeout=SECS      limit for each wait (default: $BENCH_TIMEOUT,
#                       else 180)
#   --dir=DIR           work directory (default: a new one under $TMPDIR);
#                       removed afterwards unless --keep-dir or a failure
#   --keep-dir          leave the work directory (logs, per-operation
#                       CPU and wall-clock times)
#   --monitor-all       external_ids:ovn-monitor-all=true: every
#                       Southbound table monitored whole, so that a
#                       datapath becoming local or not changes no monitor
#                       condition (the default, as in 23.03, monitors the
#                       local datapaths' rows only: the own phase then
#                       sets 8 tables' conditions, a clause per local
#                       datapath each, at every bind and unbind)
#   --baseline=FILE     another build of ovn-controller to compare ours
#                       with, in the same run and the same chassis: at each
#                       size, after the set-up, 2 x --blocks blocks of
#                       --repeat rounds (a shared bind and unbind, then an
#                       own bind and unbind), run alternately by the
#                       baseline (first) and by ours, each starting after an
#                       'exit --restart' of the other, on the same databases
#                       and br-int, once every port is up again; reported:
#                       each one's CPU per operation, and ours over the
#                       baseline's.  The phases above are not run.  A
#                       machine's speed drifts over minutes by more than a
#                       small change saves (runs of one binary minutes apart
#                       differ by 10 to 25 %): the alternation puts that
#                       drift on both alike, where two runs in turns put it
#                       on whichever ran in the slower minutes
#   --blocks=K          blocks of each binary with --baseline (default 3)
#   --alternate-sizes   every size's chassis is set up first and stays up;
#                       then --blocks blocks, each running --repeat rounds
#                       (a shared bind and unbind, an own bind and unbind,
#                       and an add and remove of each of --types) on each
#                       size in turn, so that the machine's drift over
#                       minutes and the state of each chassis's other
#                       daemons fall on every size alike; reported: the
#                       CPU per operation at each size over all blocks,
#                       the ratios between the largest size and the
#                       smallest, and each block's medians in the order
#                       they ran.  The phases above are not run.  Not with
#                       --baseline or --callgrind
#   --callgrind         ovn-controller runs under valgrind's callgrind,
#                       whose counters are zeroed when each phase starts
#                       and dumped when each operation and the phase end:
#                       the instructions it executed per round of each
#                       phase and per operation (user space, the IDLs and
#                       libraries included, the kernel not), at each size,
#                       and their ratio between the largest size and the
#                       smallest (an operation's dump is removed once
#                       read; the phase's stays).  Instructions do not
#                       depend on the load or on what the other daemons
#                       leave in the caches, which times on a shared
#                       machine do; they are what a change of the code
#                       changes.  Under
#                       callgrind ovn-controller runs some 50 times slower:
#                       CPU and wall-clock times are then not its own, and
#                       the set-up at 1000 ports takes a few minutes
#                       (raise --timeout if need be).  Not with --baseline
#   --syslog=LEVEL      ovn-controller's syslog level (default: err, as
#                       ovn-ctl and Debian's ovn-controller.service start
#                       it, so that its INFO lines go to the log file only;
#                       "info" is Open vSwitch's default, which logs each
#                       claim, release and status line to syslog too: with
#                       no /dev/log in the sandbox, glibc's syslog() then
#                       makes a socket, fails to connect and closes it for
#                       every line)
#   -h, --help          this help
#
# Everything (databases, sockets, logs, pidfiles) lives in the work
# directory, one subdirectory per size, and every daemon the script starts
# is stopped when it is done with it, however it exits.  The system's Open
# vSwitch and OVN are never touched.  The exit status is 1 if br-int's
# flows changed as above or something failed; timings are reported, never
# asserted.

set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
bench_name=ovn-controller-bench
# shellcheck source=tests/perf/bench-lib.sh
. "$srcdir/tests/perf/bench-lib.sh"
ovn_controller=
sizes=${BENCH_CONTROLLER_SIZES:-100 1000}
repeat=${BENCH_CONTROLLER_REPEAT:-20}
types=${BENCH_CONTROLLER_TYPES-$PORT_TYPES}
settle=0.1
timeout=${BENCH_TIMEOUT:-180}
dir=
keep_dir=false
monitor_all=false
syslog_level=err
baseline=
blocks=3
callgrind=false
alternate=false

# Ports per logical switch, i.e. per datapath.
PORTS_PER_SWITCH=50

# The operations, in the order of the tables.
OPS="shared-bind shared-unbind own-bind own-unbind recompute"
# flow-installation first: a sample for each put that had something to
# do (a bundle sent, or changes that cancelled out).
STOPWATCHES="flow-installation binding-run physical-incremental \
physical-full"
COUNTERS="main_loop_iteration chassis_run binding_run ofctrl_put ofctrl_empty_put \
physical_changes \
physical_run physical_mc_group physical_mc_member_kept \
sb_monitor_update sb_monitor_table_set \
local_datapaths_full \
lflow_compile ofctrl_flow_add ofctrl_flow_delete local_config_read"

for arg; do
    case $arg in
        --ovn-controller=*) ovn_controller=${arg#*=} ;;
        --sizes=*) sizes=${arg#*=} ;;
        --repeat=*) repeat=${arg#*=} ;;
        --types=*) types=${arg#*=} ;;
        --settle=*) settle=${arg#*=} ;;
        --timeout=*) timeout=${arg#*=} ;;
        --dir=*) dir=${arg#*=} ;;
        --keep-dir) keep_dir=true ;;
        --monitor-all) monitor_all=true ;;
        --syslog=*) syslog_level=${arg#*=} ;;
        --baseline=*) baseline=${arg#*=} ;;
        --blocks=*) blocks=${arg#*=} ;;
        --callgrind) callgrind=true ;;
        --alternate-sizes) alternate=true ;;
        -h|--help) usage ;;
        *) die "unknown option '$arg' (use --help for help)" ;;
    esac
done

ovn_controller=$(built_program "$ovn_controller" \
    ovn/controller/ovn-controller) || exit 1
test -n "$sizes" || die "no sizes"
for n in $sizes; do
    case $n in
        *[!0-9]*) die "bad size '$n' in '$sizes'" ;;
    esac
    test "$n" -gt 0 || die "sizes must be positive"
done
for v in "$repeat" "$timeout" "$blocks"; do
    case $v in
        ''|*[!0-9]*) die "bad --repeat, --timeout or --blocks '$v'" ;;
    esac
    test "$v" -gt 0 \
        || die "--repeat, --timeout and --blocks must be positive"
done
if $alternate; then
    test -z "$baseline" && ! $callgrind \
        || die "--alternate-sizes goes with neither --baseline nor --callgrind"
fi
if $callgrind; then
    test -z "$baseline" \
        || die "--callgrind and --baseline do not go together"
    callgrind_check
fi
if test -n "$baseline"; then
    test -x "$baseline" || die "--baseline: no program '$baseline'"
    baseline=$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")
fi
case $settle in
    ''|.|*[!0-9.]*|*.*.*) die "bad --settle '$settle'" ;;
esac
case $syslog_level in
    off|emer|err|warn|info|dbg) ;;
    *) die "bad --syslog '$syslog_level' (one of: off emer err warn info dbg)" ;;
esac
for t in $types; do
    case " $PORT_TYPES " in
        *" $t "*) ;;
        *) die "unknown type '$t' (one of: $PORT_TYPES)" ;;
    esac
done
for t in $types; do
    OPS="$OPS $t-add $t-remove"
done
test -r /proc/self/schedstat \
    || die "no /proc/PID/schedstat (Linux with CONFIG_SCHED_INFO needed)"
for program in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl \
               ovs-appctl ovn-northd ovn-nbctl ovn-sbctl ovn-appctl; do
    command -v $program >/dev/null \
        || die "$program not found (Debian: openvswitch-switch," \
               "ovn-central)"
done
ovs_schema=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}
ovn_schemadir=${OVN_SCHEMADIR:-/usr/share/ovn}
test -f "$ovs_schema" || die "no $ovs_schema (set OVS_SCHEMA)"
test -f "$ovn_schemadir/ovn-nb.ovsschema" \
    || die "no $ovn_schemadir/ovn-nb.ovsschema (set OVN_SCHEMADIR)"

dir=$(make_work_dir "$dir") || exit 1
if test -n "$baseline"; then
    # One name for both, pointed at the one to start next.
    mkdir -p "$dir/bin" || die "cannot create $dir/bin"
    ours_program=$dir/bin/ovn-controller
else
    ours_program=$(daemon_program "$ovn_controller" ovn-controller) || exit 1
fi

# ---------------------------------------------------------------------------
# Processes: start_daemon, stop_daemon, stop_daemons, daemon_pid,
# wait_for_exit; each size's daemons live in its own $run.
bench_daemons "logs and raw samples"

# ---------------------------------------------------------------------------
# Small tools.

# ratio A B DECIMALS: A / B, or '-'.
ratio () {
    awk -v a="$1" -v b="$2" -v d="$3" '
        BEGIN {
            if (a != "-" && b != "-" && b > 0) {
                printf "%." d "f", a / b
            } else {
                printf "-"
            }
        }'
}

# mean: the mean of the numbers on its input, one a line, 3 decimals
# ('-' if there are none).
mean () {
    awk '
        { s += $1; n++ }
        END {
            if (n) {
                printf "%.3f\n", s / n
            } else {
                print "-"
            }
        }'
}

# median DECIMALS: the median of the numbers on its input, one a line
# ('-' if there are none).
median () {
    sort -n | awk -v d="$1" '
        $1 != "-" { v[++n] = $1 }
        END {
            if (!n) {
                print "-"
            } else if (n % 2) {
                printf "%." d "f\n", v[(n + 1) / 2]
            } else {
                printf "%." d "f\n", (v[n / 2] + v[n / 2 + 1]) / 2
            }
        }'
}

oc () {
    ovs-appctl --timeout="$timeout" -t ovn-controller "$@"
}

# hv_sync: returns once ovn-controller has acknowledged the Northbound's
# latest configuration, i.e. once br-int has the flows for it.
hv_sync () {
    ovn-nbctl --wait=hv --timeout="$timeout" sync \
        || die "ovn-nbctl --wait=hv sync failed or timed out"
}

# all_up N: N Port_Bindings are up and N interfaces ovn-installed.
# shellcheck disable=SC2317  # called through wait_until
all_up () {
    test "$(ovn-sbctl --bare --columns=_uuid find Port_Binding up=true \
              | grep -c .)" = "$1" \
        && test "$(ovs-vsctl --bare --columns=_uuid find Interface \
                     external_ids:ovn-installed='"true"' \
                     | grep -c .)" = "$1"
}

# released LPORT: LPORT's Port_Binding has no chassis.
# shellcheck disable=SC2317  # called through wait_until
released () {
    test -z "$(ovn-sbctl --bare --columns=chassis find Port_Binding \
                 logical_port="$1" | tr -d '[:space:]')"
}


# ---------------------------------------------------------------------------
# CPU time (see the top of this file; bench-lib.sh's settle).  $oc_pid is
# ovn-controller's pid.

# account OP: the CPU time from the last settle() to the next one was
# OP's: "OP MAIN_NS OTHERS_NS" in $run/cpu.  With --callgrind, so were the
# instructions since the last dump: "N OP INSTRUCTIONS" in
# $dir/op-instructions, and added to the phase's (the dump itself is
# removed: a phase makes dozens).
account () {
    cpu0=$cpu others0=$cpu_others
    settle
    echo "$1 $((cpu - cpu0)) $((cpu_others - others0))" >> "$run/cpu"
    if $callgrind; then
        callgrind_dump "$n-$1"
        rm -f "$cg_dump"
        echo "$n $1 $callgrind_count" >> "$dir/op-instructions"
        cg_phase_sum=$((cg_phase_sum + callgrind_count))
    fi
}

# ---------------------------------------------------------------------------
# The operations.  Each appends "OP VSCTL_MS INSTALLED_MS HV_MS" to
# $run/walls: when the ovs-vsctl call returned (ovs-vswitchd has
# reconfigured), when the interface was ovn-installed and when 'ovn-nbctl
# --wait=hv sync' returned, all from the start of the operation ('-' when
# it does not apply).

# bind MODE LPORT
bind () {
    iface=vif-$1
    t0=$(now_ns)
    vsctl add-port br-int "$iface" \
        -- set Interface "$iface" external_ids:iface-id="$2"
    t1=$(now_ns)
    vsctl wait-until Interface "$iface" external_ids:ovn-installed='"true"'
    t2=$(now_ns)
    hv_sync
    t3=$(now_ns)
    echo "$1-bind $(ms "$t0" "$t1") $(ms "$t0" "$t2") $(ms "$t0" "$t3")" \
        >> "$run/walls"
    account "$1-bind"
}

# unbind MODE LPORT
unbind () {
    t0=$(now_ns)
    vsctl del-port br-int "vif-$1"
    t1=$(now_ns)
    hv_sync
    t2=$(now_ns)
    echo "$1-unbind $(ms "$t0" "$t1") - $(ms "$t0" "$t2")" >> "$run/walls"
    wait_until "$2 to be released" released "$2"
    account "$1-unbind"
}

# type_op TYPE OP: bench-lib.sh's add_TYPE (OP 'add') or del_TYPE (OP
# 'remove'), then '--wait=hv sync'.
type_op () {
    t0=$(now_ns)
    case $2 in
        add) "add_$1" ;;
        remove) "del_$1" ;;
    esac
    hv_sync
    t1=$(now_ns)
    echo "$1-$2 - - $(ms "$t0" "$t1")" >> "$run/walls"
    account "$1-$2"
}

recompute () {
    t0=$(now_ns)
    oc recompute >/dev/null || die "recompute failed"
    hv_sync
    t1=$(now_ns)
    echo "recompute - - $(ms "$t0" "$t1")" >> "$run/walls"
    account recompute
}

# begin_phase: the stopwatches start from nothing.  The main-loop
# iteration that handles the request is over before settle() returns.
begin_phase () {
    read_counters > "$run/counters0"
    oc stopwatch/reset >/dev/null || die "stopwatch/reset failed"
    settle
    callgrind_phase start
    phase_start=$(now_ns)
}

# read_counters: "NAME VALUE" for each of $COUNTERS.  The main thread adds
# its counts to the totals at most once a second, when it wakes up.
read_counters () {
    sleep 1.1
    oc version >/dev/null || die "ovs-appctl version failed"
    sleep 0.1
    for c in $COUNTERS; do
        v=$(oc coverage/read-counter "$c" 2>/dev/null) || v=-
        echo "$c $v"
    done
}

# end_phase N PHASE [types]: "N PHASE NAME SAMPLES MIN MAX" in
# $dir/stopwatches for each stopwatch, then br-int's flows checked.  The
# last operation left ovn-controller idle, and its last samples long
# handed to the stopwatch thread.
end_phase () {
    callgrind_phase "$1" "$2"
    for sw in $STOPWATCHES; do
        if ! oc stopwatch/show "$sw" > "$run/stopwatch" 2>/dev/null; then
            # Not one of ours (e.g. the distribution's ovn-controller).
            echo "$1 $2 $sw - - -" >> "$dir/stopwatches"
            continue
        fi
        awk -v n="$1" -v phase="$2" -v sw="$sw" '
            /Total samples:/ { count = $3 }
            /Maximum:/ { max = $2 }
            /Minimum:/ { min = $2 }
            END {
                if (count == "") {
                    exit 1
                }
                print n, phase, sw, count, (count ? min : "-"),
                      (count ? max : "-")
            }' "$run/stopwatch" >> "$dir/stopwatches" \
            || die "cannot read stopwatch/show $sw"
    done
    read_counters > "$run/counters1"
    # "N PHASE NAME DELTA" in $dir/counters.
    awk -v n="$1" -v phase="$2" '
        NR == FNR { before[$1] = $2; next }
        { print n, phase, $1, ($2 == "-" ? "-" : $2 - before[$1]) }' \
        "$run/counters0" "$run/counters1" >> "$dir/counters"
    check_flows "$flows" "after the $2 phase" "$phase_start" "${3-}"
}

# check_flows EXPECTED WHEN SINCE_NS [types]: br-int holds EXPECTED flows,
# none of which the switch added since SINCE_NS (their 'duration' is
# shorter): a flow that ovn-controller deleted and added again, or forgot
# to delete.  Only the extra ports' own flows should come and go;
# ovn-controller changes a flow whose actions changed (a multicast
# group's) in place.  After a type phase ('types'), only the count must
# be the same: the flows added again are reported.
flows_changed=false
check_flows () {
    ovs-ofctl -O OpenFlow15 dump-flows br-int > "$run/flows" \
        || die "ovs-ofctl dump-flows failed"
    got=$(grep -c 'duration=' "$run/flows")
    young=$(awk -F'duration=' -v age="$(ms "$3" "$(now_ns)")" '
        NF > 1 && $2 + 0 < age / 1000 { n++ }
        END { print n + 0 }' "$run/flows")
    if test "$got" = "$1" && test "$young" = 0; then
        echo "br-int: $got flows $2, as before; none added again"
    elif test "$got" = "$1" && test "${4-}" = types; then
        # Adding a port of another type changes other ports' flows too
        # (a flood group's, a provider bridge's patch port's): reported.
        echo "br-int: $got flows $2, as before; $young of them added" \
             "again meanwhile"
    elif test "$got" = "$1"; then
        echo "br-int: $got flows $2, as before, but $young of them" \
             "added again meanwhile: CHANGED"
        flows_changed=true
    else
        echo "br-int: $got flows $2, expected $1 ($young of them added" \
             "meanwhile): CHANGED"
        flows_changed=true
    fi
    printf ' %s' "$young" >> "$run/young"
}

# ---------------------------------------------------------------------------
# setup N: the chassis, the Northbound and N bound ports, all up.

# create_switch S FIRST LAST: logical switch lsS with ports pFIRST to
# pLAST, each with a MAC and an IP address as a CMS would give it, in one
# transaction.
create_switch () {
    s=$1 i=$2 last=$3
    set -- ls-add "ls$s"
    while test "$i" -le "$last"; do
        set -- "$@" -- lsp-add "ls$s" "p$i" \
            -- lsp-set-addresses "p$i" "$(printf \
                   '0a:00:00:00:%02x:%02x 10.%d.%d.%d' \
                   $((i / 256 % 256)) $((i % 256)) $((s / 256)) \
                   $((s % 256)) $((i % PORTS_PER_SWITCH + 1)))"
        i=$((i + 1))
    done
    ovn-nbctl --timeout="$timeout" "$@" \
        || die "ovn-nbctl failed to create ls$s"
}

# bind_ports FIRST LAST: interfaces vifFIRST to vifLAST on br-int, bound to
# pFIRST to pLAST, in one transaction.
bind_ports () {
    i=$1 last=$2
    set --
    while test "$i" -le "$last"; do
        set -- "$@" -- add-port br-int "vif$i" \
            -- set Interface "vif$i" external_ids:iface-id="p$i"
        i=$((i + 1))
    done
    vsctl "$@"
}

# start_ours: $ours_program on this size's databases, as ovn-ctl starts
# it; returns once every port is up and ovn-installed.
start_ours () {
    if $callgrind; then
        callgrind_start "$ours_program" -vsyslog:"$syslog_level" \
            unix:"$run/db.sock"
    else
        start_daemon ovn-controller "$ours_program" \
            -vsyslog:"$syslog_level" unix:"$run/db.sock"
        oc_pid=$(daemon_pid ovn-controller "$ours_program") \
            || die "ovn-controller is not running"
    fi
    hv_sync
    wait_until "$n ports to be up and ovn-installed" all_up "$n"
}

# callgrind_phase start|N PHASE: at a phase's start, callgrind's counters
# zeroed; at its end, dumped, and "N PHASE INSTRUCTIONS" in
# $dir/instructions: the operations' counts (account) and what came after
# the last one.
callgrind_phase () {
    $callgrind || return 0
    if test "$1" = start; then
        callgrind_zero
        cg_phase_sum=0
        return 0
    fi
    callgrind_dump "$1-$2"
    echo "$1 $2 $((callgrind_count + cg_phase_sum))" >> "$dir/instructions"
}

setup () {
    n=$1
    use_run "$dir/n$n"
    mkdir "$run" || die "cannot create $run"
    : > "$run/cpu"
    : > "$run/walls"

    sandbox_start_switch
    sandbox_start_central

    # Switch s has ports p(50 s) to p(50 s + 49).  The extra ports:
    # extra-shared on ls0, extra-own alone on ls-own.
    t0=$(now_ns)
    n_switches=$(((n + PORTS_PER_SWITCH - 1) / PORTS_PER_SWITCH))
    s=0
    while test $s -lt $n_switches; do
        first=$((s * PORTS_PER_SWITCH))
        last=$((first + PORTS_PER_SWITCH - 1))
        test $last -lt "$n" || last=$((n - 1))
        create_switch "$s" "$first" "$last"
        bind_ports "$first" "$last"
        s=$((s + 1))
    done
    ovn-nbctl --timeout="$timeout" \
        -- lsp-add ls0 extra-shared \
        -- lsp-set-addresses extra-shared "0a:00:00:ff:00:01 10.0.0.251" \
        -- ls-add ls-own \
        -- lsp-add ls-own extra-own \
        -- lsp-set-addresses extra-own "0a:00:00:ff:00:02 10.255.0.1" \
        || die "ovn-nbctl failed to create the extra ports"
    ovn-nbctl --wait=sb --timeout="$timeout" sync \
        || die "ovn-nbctl --wait=sb sync failed"
    if $monitor_all; then
        vsctl set Open_vSwitch . external_ids:ovn-monitor-all=true
    fi
    t1=$(now_ns)

    start_ours
    t2=$(now_ns)
    settle
    plural=es
    test "$n_switches" -gt 1 || plural=
    echo "set-up: $n ports on $n_switches switch$plural (+ 2 extra ports)" \
         "in $(ms "$t0" "$t1") ms; ovn-controller had them all up" \
         "and ovn-installed $(ms "$t1" "$t2") ms after it started," \
         "using $(ms 0 "$cpu") ms of CPU"
}

# ---------------------------------------------------------------------------
# summarize N: from $run/cpu and $run/walls, in $dir/results, one line per
# operation with its CPU in milliseconds (ovn-controller's main thread:
# mean and median; its other threads: mean):
#     "N OP cpu MEAN MEDIAN OTHERS_MEAN"
# and one with the medians of the wall-clock times:
#     "N OP wall VSCTL_MS INSTALLED_MS HV_MS".
summarize () {
    for op in $OPS; do
        echo "$1 $op cpu $(cpu_ms "$op" 2 | mean)" \
             "$(cpu_ms "$op" 2 | median 3) $(cpu_ms "$op" 3 | mean)"
        line="$1 $op wall"
        for f in 2 3 4; do
            line="$line $(awk -v op="$op" -v f=$f '$1 == op { print $f }' \
                              "$run/walls" | median 1)"
        done
        echo "$line"
    done >> "$dir/results"
}

# cpu_ms OP FIELD: OP's CPU times in $run/cpu, in milliseconds, one a
# line; FIELD 2 for the main thread, 3 for the others.
cpu_ms () {
    awk -v op="$1" -v f="$2" '$1 == op { printf "%.6f\n", $f / 1e6 }' \
        "$run/cpu"
}

# ---------------------------------------------------------------------------
# --baseline.

# restart_as PROGRAM: 'exit --restart' of the running ovn-controller (its
# flows and zones stay), then PROGRAM started in its place on the same
# databases; returns once every port is up and ovn-installed again and it
# is idle.
restart_as () {
    oc exit --restart >/dev/null 2>&1 || :
    wait_for_exit "$oc_pid" "$timeout" \
        || die "ovn-controller did not exit within $timeout s"
    ln -sf "$1" "$ours_program" || die "cannot link $ours_program"
    start_ours
    settle
}

# block_side BLOCK: the side that runs block BLOCK (the baseline the odd
# ones, ours the even ones).
block_side () {
    if test $(($1 % 2)) = 1; then echo baseline; else echo ours; fi
}

# compare_ms N COLUMN VALUE OP: from $dir/compare, OP's CPU times in
# milliseconds at size N where column COLUMN (2: the side, 3: the block)
# is VALUE, one a line.
compare_ms () {
    awk -v n="$1" -v c="$2" -v v="$3" -v op="$4" '
        $1 == n && $c == v && $4 == op { printf "%.6f\n", $5 / 1e6 }' \
        "$dir/compare"
}

# bind_round: a round of --baseline's and --alternate-sizes' blocks: a
# shared bind and unbind, then an own bind and unbind.
bind_round () {
    bind shared extra-shared
    unbind shared extra-shared
    bind own extra-own
    unbind own extra-own
}

# compare N: 2 x $blocks blocks of $repeat rounds, the baseline's first
# (it did the set-up), then ours, alternately; each round a shared bind
# and unbind and an own bind and unbind.  "N SIDE BLOCK OP MAIN_NS
# OTHERS_NS" in $dir/compare.
compare () {
    block=1
    while test $block -le $((2 * blocks)); do
        side=$(block_side $block)
        program=$ovn_controller
        test $side = ours || program=$baseline
        test $block = 1 || restart_as "$program"
        : > "$run/cpu"
        r=1
        while test $r -le "$repeat"; do
            bind_round
            r=$((r + 1))
        done
        sed "s/^/$n $side $block /" "$run/cpu" >> "$dir/compare"
        block=$((block + 1))
    done
}

# compare_summary: the CPU per operation of each side from
# $dir/compare, with ours over the baseline's, and each side's blocks'
# medians (how far the machine drifted meanwhile).
compare_summary () {
    printf '\n== %s\n' "ovn-controller's CPU per operation, milliseconds:" \
        "ours against the baseline, in alternating blocks"
    echo "baseline: $baseline"
    echo "ours:     $ovn_controller"
    printf '%6s %-14s %19s %19s %19s\n' '' '' 'ours' 'baseline' \
           'ours / baseline'
    printf '%6s %-14s %9s %9s %9s %9s %9s %9s\n' ports operation mean \
           median mean median mean median
    for n in $sizes; do
        for op in shared-bind shared-unbind own-bind own-unbind; do
            vals=
            for side in ours baseline; do
                ms=$(compare_ms "$n" 2 $side "$op")
                vals="$vals $(echo "$ms" | mean) $(echo "$ms" | median 3)"
            done
            set -- $vals
            printf '%6d %-14s %9s %9s %9s %9s %9s %9s\n' "$n" "$op" \
                   "$1" "$2" "$3" "$4" "$(ratio "$1" "$3" 3)" \
                   "$(ratio "$2" "$4" 3)"
        done
    done
    printf '\n== %s\n' "Medians of each block (ms), in the order they ran"
    for n in $sizes; do
        for op in shared-bind own-bind; do
            line=
            block=1
            while test $block -le $((2 * blocks)); do
                line="$line $(block_side $block)"
                line="$line $(compare_ms "$n" 3 $block "$op" | median 2)"
                block=$((block + 1))
            done
            echo "$n $op:$line"
        done
    done
    if test "$n_min" != "$n_max"; then
        printf '\n== Ratios, means at %d over %d ports\n' "$n_max" "$n_min"
        for op in shared-bind shared-unbind own-bind own-unbind; do
            for side in ours baseline; do
                a=$(compare_ms "$n_max" 2 $side "$op" | mean)
                b=$(compare_ms "$n_min" 2 $side "$op" | mean)
                echo "CPU per operation, $op, $side: $(ratio "$a" "$b" 2)x"
            done
        done
    fi
}

# ---------------------------------------------------------------------------
# --alternate-sizes.

# use_size N: size N's chassis, set up by alternate(), for what follows.
use_size () {
    n=$1
    use_run "$dir/n$n"
    oc_pid=$(cat "$run/oc.pid") || die "no ovn-controller for $n ports"
    flows=$(cat "$run/flows.expected")
    # The base of the type phases is each chassis's own (types_base).
    grp1=$(cat "$run/grp1" 2>/dev/null) || grp1=
}

# alternate: every size's chassis set up (with the base of the type
# phases if there are types), then $blocks blocks of $repeat rounds on
# each size in turn.  "N BLOCK OP MAIN_NS OTHERS_NS" in $dir/alternate.
alternate () {
    for n in $sizes; do
        printf '\n== %d ports: set-up\n' "$n"
        setup "$n"
        echo "$oc_pid" > "$run/oc.pid"
        if test -n "$types"; then
            types_base
            echo "$grp1" > "$run/grp1"
            hv_sync
            settle
        fi
        flow_count > "$run/flows.expected"
        echo "br-int: $(cat "$run/flows.expected") flows"
    done
    block=1
    while test $block -le "$blocks"; do
        for size in $sizes; do
            use_size "$size"
            settle
            : > "$run/cpu"
            r=1
            while test $r -le "$repeat"; do
                bind_round
                for t in $types; do
                    type_op "$t" add
                    type_op "$t" remove
                done
                r=$((r + 1))
            done
            sed "s/^/$size $block /" "$run/cpu" >> "$dir/alternate"
            test "$(flow_count)" = "$flows" \
                || die "$size ports: br-int has $(flow_count) flows after" \
                       "block $block, $flows before"
        done
        block=$((block + 1))
    done
    stop_daemons
}

# alternate_ms N COLUMN VALUE OP: from $dir/alternate, OP's CPU times in
# milliseconds at size N where column COLUMN (2: the block) is VALUE, or
# every block's with COLUMN 0; one a line.
alternate_ms () {
    awk -v n="$1" -v c="$2" -v v="$3" -v op="$4" '
        $1 == n && (c == 0 || $c == v) && $3 == op {
            printf "%.6f\n", $4 / 1e6 }' "$dir/alternate"
}

alternate_summary () {
    printf '\n== %s\n' "ovn-controller's CPU per operation, milliseconds," \
        "the sizes in alternating blocks"
    printf '%6s %-22s %10s %10s\n' ports operation mean median
    for n in $sizes; do
        for op in $OPS; do
            test "$op" != recompute || continue
            ms=$(alternate_ms "$n" 0 - "$op")
            printf '%6d %-22s %10s %10s\n' "$n" "$op" \
                   "$(echo "$ms" | mean)" "$(echo "$ms" | median 3)"
        done
    done
    printf '\n== %s\n' "Medians of each block (ms), in the order they ran"
    for op in shared-bind own-bind; do
        line=
        block=1
        while test $block -le "$blocks"; do
            for n in $sizes; do
                line="$line $n:$(alternate_ms "$n" 2 $block "$op" \
                                   | median 2)"
            done
            block=$((block + 1))
        done
        echo "$op:$line"
    done
    if test "$n_min" != "$n_max"; then
        printf '\n== Ratios, %d over %d ports (means, medians)\n' \
               "$n_max" "$n_min"
        for op in $OPS; do
            test "$op" != recompute || continue
            a=$(alternate_ms "$n_max" 0 - "$op")
            b=$(alternate_ms "$n_min" 0 - "$op")
            echo "CPU per operation, $op, $n_max / $n_min:" \
                 "$(ratio "$(echo "$a" | mean)" "$(echo "$b" | mean)" 2)x," \
                 "$(ratio "$(echo "$a" | median 3)" \
                          "$(echo "$b" | median 3)" 2)x"
        done
    fi
}

# ---------------------------------------------------------------------------
# bench N.

bench () {
    n=$1
    printf '\n== %d ports\n' "$n"
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    if test -n "$baseline"; then
        ln -sf "$baseline" "$ours_program" \
            || die "cannot link $ours_program"
    fi
    setup "$n"
    flows=$(flow_count)
    test -n "$flows" || die "br-int does not answer"
    echo "br-int: $flows flows with $n ports bound"
    if test -n "$baseline"; then
        compare "$n"
        stop_daemons
        load_after=$(cut -d' ' -f1 /proc/loadavg)
        echo "load average: $load_before before, $load_after after"
        return
    fi

    : > "$run/young"
    begin_phase
    r=1
    while test $r -le "$repeat"; do
        bind shared extra-shared
        unbind shared extra-shared
        r=$((r + 1))
    done
    end_phase "$n" shared

    begin_phase
    r=1
    while test $r -le "$repeat"; do
        bind own extra-own
        unbind own extra-own
        r=$((r + 1))
    done
    end_phase "$n" own

    begin_phase
    r=1
    while test $r -le "$repeat"; do
        recompute
        r=$((r + 1))
    done
    end_phase "$n" recompute
    echo "$n $flows$(cat "$run/young")" >> "$dir/churn"

    if test -n "$types"; then
        types_base
        hv_sync
        settle
        flows=$(flow_count)
        echo "br-int: $flows flows with the base of the type phases"
        : > "$run/young"
        for t in $types; do
            begin_phase
            r=1
            while test $r -le "$repeat"; do
                type_op "$t" add
                type_op "$t" remove
                r=$((r + 1))
            done
            end_phase "$n" "$t" types
        done
        echo "$n $flows$(cat "$run/young")" >> "$dir/types-churn"
    fi

    summarize "$n"
    stop_daemons
    load_after=$(cut -d' ' -f1 /proc/loadavg)
    echo "load average: $load_before before, $load_after after"
}

echo "ovn-controller-bench: $(nproc) CPUs" \
     "($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo \
         | head -n 1)), $(ovs-vswitchd --version | head -n 1)," \
     "$(ovn-northd --version | head -n 1)"
monitoring="the local datapaths' rows"
! $monitor_all || monitoring="everything (ovn-monitor-all=true)"
echo "ovn-controller-bench: sizes $sizes, $repeat rounds," \
     "ovn-controller's syslog level $syslog_level, monitoring" \
     "$monitoring; work directory $dir"
if test -n "$baseline"; then
    echo "ovn-controller-bench: ours against the baseline," \
         "alternately, $blocks blocks of $repeat rounds each"
fi
: > "$dir/results"
: > "$dir/stopwatches"
: > "$dir/counters"
: > "$dir/churn"
: > "$dir/types-churn"
: > "$dir/compare"
: > "$dir/instructions"
: > "$dir/alternate"
n_min=$(echo "$sizes" | tr ' ' '\n' | grep . | sort -n | head -n 1)
n_max=$(echo "$sizes" | tr ' ' '\n' | grep . | sort -n | tail -n 1)
if $alternate; then
    echo "ovn-controller-bench: the sizes alternately, $blocks blocks of" \
         "$repeat rounds each"
    alternate
    alternate_summary
    succeeded=true
    exit 0
fi
for n in $sizes; do
    bench "$n"
done
if test -n "$baseline"; then
    compare_summary
    succeeded=true
    exit 0
fi

# ---------------------------------------------------------------------------
# Summary.

# get N OP KIND FIELD: one number from $dir/results (see summarize).
get () {
    awk -v n="$1" -v op="$2" -v kind="$3" -v f="$4" '
        $1 == n && $2 == op && $3 == kind { v = $f }
        END { print (v == "" ? "-" : v) }' "$dir/results"
}

printf '\n== %s\n' "ovn-controller's CPU per operation, milliseconds"
printf '%6s %-22s %10s %10s %14s\n' ports operation mean median \
       'other threads'
for n in $sizes; do
    for op in $OPS; do
        printf '%6d %-22s %10s %10s %14s\n' "$n" "$op" \
               "$(get "$n" "$op" cpu 4)" "$(get "$n" "$op" cpu 5)" \
               "$(get "$n" "$op" cpu 6)"
    done
done
echo "(mean and median: the main thread's; other threads: their mean," \
     "i.e. the stopwatch thread's)"

printf '\n== %s\n' \
       "Wall clock, median milliseconds from the start of the operation"
printf '%6s %-22s %12s %14s %14s\n' ports operation ovs-vsctl \
       ovn-installed 'wait=hv sync'
for n in $sizes; do
    for op in $OPS; do
        printf '%6d %-22s %12s %14s %14s\n' "$n" "$op" \
               "$(get "$n" "$op" wall 4)" "$(get "$n" "$op" wall 5)" \
               "$(get "$n" "$op" wall 6)"
    done
done

for sw in $STOPWATCHES; do
    printf '\n== %s, elapsed microseconds\n' "$sw"
    printf '%6s %-15s %9s %10s %10s %10s\n' ports phase samples \
           'per round' minimum maximum
    while read -r n phase name count min max; do
        test "$name" = "$sw" || continue
        printf '%6d %-15s %9s %10s %10s %10s\n' "$n" "$phase" "$count" \
               "$(ratio "$count" "$repeat" 1)" "$min" "$max"
    done < "$dir/stopwatches"
done
echo "(a round: a bind and an unbind, or a recompute; $repeat a phase)"

printf '\n== Coverage counters per round\n'
printf '%6s %-15s' ports phase
for c in $COUNTERS; do
    printf ' %s' "$c"
done
echo
for n in $sizes; do
    for phase in shared own recompute $types; do
        printf '%6d %-15s' "$n" "$phase"
        for c in $COUNTERS; do
            v=$(awk -v n="$n" -v p="$phase" -v c="$c" '
                    $1 == n && $2 == p && $3 == c { print $4 }' \
                    "$dir/counters")
            printf " %${#c}s" "$(ratio "${v:--}" "$repeat" 1)"
        done
        echo
    done
done

printf '\n== br-int\n'
printf '%6s %8s %s\n' ports flows \
       'flows added again during: shared, own, recompute'
while read -r n flows young_shared young_own young_recompute; do
    printf '%6d %8d %19s %5s %11s\n' "$n" "$flows" "$young_shared" \
           "$young_own" "$young_recompute"
done < "$dir/churn"
if test -n "$types"; then
    printf '%6s %8s %s\n' ports flows \
           "flows added again during: $(echo "$types" | sed 's/ /, /g')"
    while read -r n flows young; do
        printf '%6d %8d %s\n' "$n" "$flows" "$young"
    done < "$dir/types-churn"
fi

# instructions N PHASE: callgrind's count for PHASE at size N, or '-'.
instructions () {
    awk -v n="$1" -v p="$2" '$1 == n && $2 == p { v = $3 }
        END { print (v == "" ? "-" : v) }' "$dir/instructions"
}

# op_instructions N OP: the median of callgrind's counts for OP at size N,
# or '-'.
op_instructions () {
    awk -v n="$1" -v op="$2" '$1 == n && $2 == op { print $3 }' \
        "$dir/op-instructions" | median 0
}

# callgrind_ops: the operations counted, in the order they first ran.
callgrind_ops () {
    awk '!seen[$2]++ { print $2 }' "$dir/op-instructions"
}

if $callgrind; then
    printf '\n== %s\n' \
           "Instructions per round (callgrind; a round as above), millions"
    printf '%6s %-15s %12s\n' ports phase instructions
    while read -r n phase count; do
        printf '%6d %-15s %12s\n' "$n" "$phase" \
               "$(ratio "$count" $((repeat * 1000000)) 3)"
    done < "$dir/instructions"
    printf '\n== %s\n' \
           "Instructions per operation (callgrind), millions, medians"
    printf '%6s %-22s %12s\n' ports operation instructions
    for n in $sizes; do
        for op in $(callgrind_ops); do
            printf '%6d %-22s %12s\n' "$n" "$op" \
                   "$(ratio "$(op_instructions "$n" "$op")" 1000000 3)"
        done
    done
fi

printf '\n== Ratios\n'
if test "$n_min" != "$n_max"; then
    echo "ports: $n_max / $n_min = $(ratio "$n_max" "$n_min" 2)x"
    for op in $OPS; do
        echo "CPU per operation, $op, $n_max / $n_min:" \
             "$(ratio "$(get "$n_max" "$op" cpu 4)" \
                      "$(get "$n_min" "$op" cpu 4)" 2)x"
    done
    if $callgrind; then
        for phase in shared own recompute $types; do
            echo "Instructions per round, $phase, $n_max / $n_min:" \
                 "$(ratio "$(instructions "$n_max" "$phase")" \
                          "$(instructions "$n_min" "$phase")" 2)x"
        done
        for op in $(callgrind_ops); do
            echo "Instructions per operation, $op, $n_max / $n_min:" \
                 "$(ratio "$(op_instructions "$n_max" "$op")" \
                          "$(op_instructions "$n_min" "$op")" 2)x"
        done
    fi
fi
echo "recompute / shared-bind, CPU per operation at $n_max:" \
     "$(ratio "$(get "$n_max" recompute cpu 4)" \
              "$(get "$n_max" shared-bind cpu 4)" 2)x"

if $flows_changed; then
    echo "ovn-controller-bench: br-int's flows changed (see above)" >&2
    exit 1
fi
succeeded=true
exit 0
