#! /bin/sh
# lflow-bench.sh: our ovn-controller against the distribution's
# (/usr/bin/ovn-controller, OVN 23.03) on the same logical-flow workloads,
# in the same run, reported as ratios.
#
#   tests/perf/lflow-bench.sh [OPTIONS]        ('make bench-lflow')
#
# Each side (Debian's, ours) gets a chassis of its own in a private
# directory: ovsdb-server, ovs-vswitchd (dummy datapath, br-int in secure
# fail mode), the distribution's OVN central (Northbound and Southbound
# ovsdb-servers, ovn-northd 23.03) and its ovn-controller as chassis hv1.
# The two chassis run side by side and every repeated operation alternates
# between them (Debian's, then ours, round after round), so that the
# load of the machine falls on both alike.  The workloads:
#
#   a  creating N ports: ceil(N/50) logical switches of 50 ports, as a CMS
#      makes them: each port with addresses and port security, in a port
#      group per switch (its security group: allow-related ACLs on ip4
#      and ip6 out, ip4 in from the group's own addresses, ssh in) and in
#      the drop-everything-else port group of all ports (drop ACLs), one
#      Northbound transaction per switch, each followed by the ovs-vsctl
#      transaction that plugs its 50 interfaces here; then
#      'ovn-nbctl --wait=hv sync'.  Measured: ovn-controller's CPU from the
#      first commit until it is idle again, main thread and total; the
#      time from the last commit to '--wait=hv' returning, and until every
#      Port_Binding is up; then '--wait=hv' again with nothing pending,
#      which is what ovn-nbctl, ovn-northd and the databases take by
#      themselves (no ovn-controller makes the first wait shorter).  Each
#      side's coverage counters afterwards (how many Logical_Flows were
#      compiled, etc.) stay in DIR/portsN-SIDE/coverage-a with --keep-dir.
#   b  adding one port at each N: a Northbound transaction (the port, its
#      addresses and port security, both port groups), its interface
#      plugged, until it is ovn-installed and '--wait=hv' returns.  CPU
#      per add (REPEAT adds at each N, alternating).  Then the same port
#      released: its interface unplugged, until the Northbound says it is
#      down and '--wait=hv' returns (the port stays in its groups).
#   c  an address set of M addresses in a stateful ACL (to-lport
#      allow-related, 'outport == @pg && ip4.src == $as', on a switch with
#      two ports bound here): the M addresses in one transaction, then
#      ovn-controller's VmRSS and VmHWM; then at each M (largest first,
#      the set shrunk in between), REPEAT times: one address added, then
#      removed.  Each change is one Northbound transaction that also bumps
#      nb_cfg, made and timed by tests/perf/nb-set-change.py (ovn-nbctl
#      cannot add 100k values): the time to its reply (the Northbound),
#      then to sb_cfg (ovn-northd and the Southbound), then to hv_cfg
#      (ovn-controller, and the switch's acknowledgement); and the CPU of
#      each daemon per change.  Ours' flows after the install are also
#      sent again by 'ovs-ofctl --bundle add-flows' to a switch of their
#      own: what the install costs the switch by itself.
#   d  restarts with the largest address set of c installed (2 flows per
#      address): 'ovs-appctl exit --restart' then a new ovn-controller,
#      and 'kill -9' then a new one.  br-int's flow count is polled every
#      50 ms from before the exit until the new one is done: its minimum
#      must be the full count.  Measured: the time from the new process's
#      start to its answer to 'ovn-nbctl --wait=hv sync', and its CPU.
#
# CPU time is the scheduler's sum_exec_runtime: the first field of
# /proc/PID/task/TID/schedstat, in nanoseconds (/proc/PID/stat's utime and
# stime count the same time in ticks of 10 ms, too coarse for one change).
# "main" is the main thread's, "total" the sum over the threads.  Before
# and after each operation the script waits until ovn-controller's main
# thread has not moved for --settle seconds.  CPU time is what the
# targets are stated in: on a loaded machine wall-clock times are noisy
# and are reported beside it.
#
# Options:
#   --ovn-controller=FILE  ours (default: ovn/controller/ovn-controller
#                       under the current directory, else under the
#                       checkout holding this script)
#   --wakeup-cost=FILE  tests/perf/wakeup-cost, which measures what a sleep
#                       and a wake-up cost a thread in CPU time on this
#                       machine, at the start and at the end (default: as
#                       built under the current directory, else under the
#                       checkout holding this script; not reported if
#                       neither has it)
#   --reference=FILE    the reference (default /usr/bin/ovn-controller;
#                       it must say 'ovn-controller 23.03' and belong to
#                       Debian's ovn-host, or the script stops)
#   --bench="a b c d"   the workloads (default: $BENCH, else all)
#   --ports="N..."      sizes for a and b (default: $BENCH_LFLOW_PORTS,
#                       else "100 1000"); a is measured at each
#   --addresses="M..."  sizes for c and d (default: $BENCH_LFLOW_ADDRESSES,
#                       else "10000 100000"); d runs at the largest
#   --repeat=R          rounds of b and c per size (default:
#                       $BENCH_LFLOW_REPEAT, else 5)
#   --sides="debian ours"  the chassis to run, in the order of each round
#                       (default: both; one alone validates the harness
#                       but gives no ratio)
#   --settle=SECS       idle time before and after an operation (0.1)
#   --timeout=SECS      limit for each wait (default: $BENCH_TIMEOUT,
#                       else 300)
#   --dir=DIR           work directory (default: a new one under $TMPDIR);
#                       removed afterwards unless --keep-dir or a failure
#   --keep-dir          leave the work directory (logs, raw samples)
#   --timeline          in a, also the propagation of the last switch, to
#                       '--wait=hv' returning, on each side: the databases'
#                       updates as 'ovsdb-client monitor --timestamp' sees
#                       them, and ovn-controller's claim and 'up' lines,
#                       in ms from the last commit (tests/perf/
#                       hv-timeline.py; the monitors cost the servers a
#                       little CPU: not for the tables' numbers)
#   --callgrind         ours runs under valgrind's callgrind, whose counters
#                       are zeroed when each measured operation starts and
#                       dumped when it ends: the instructions it executed
#                       (user space, the IDLs and libraries included, the
#                       kernel not) in a (and per Logical_Flow compiled,
#                       since how the Southbound's updates batch changes
#                       a's total), per add in b, and for c's install and
#                       each address added or removed.  They do not depend
#                       on the load or on what the other daemons leave in
#                       the caches, which times on a shared machine do.
#                       Ours only (the default --sides then), and not d,
#                       which restarts it.  Under callgrind ours runs some
#                       50 times slower, so its times are not its own, and
#                       a at 1000 ports takes minutes (raise --timeout)
#   -h, --help          this help
#
# Everything lives in the work directory, and every daemon the script
# starts is stopped when it is done with it, however it exits; the
# system's Open vSwitch and OVN are never touched.  The exit status is 1 if
# something failed, or if in d our flow count dropped; times are
# reported, never asserted.  The raw samples: DIR/results, one line per
# measurement, "WORKLOAD SIZE SIDE QUANTITY VALUE".

set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
bench_name=lflow-bench
# shellcheck source=tests/perf/bench-lib.sh
. "$srcdir/tests/perf/bench-lib.sh"
ovn_controller=
wakeup_program=
reference=/usr/bin/ovn-controller
bench=${BENCH:-a b c d}
ports=${BENCH_LFLOW_PORTS:-100 1000}
addresses=${BENCH_LFLOW_ADDRESSES:-10000 100000}
repeat=${BENCH_LFLOW_REPEAT:-5}
settle=0.1
timeout=${BENCH_TIMEOUT:-300}
dir=
keep_dir=false
timeline=false
callgrind=false
sides_given=false

# Ports per logical switch, i.e. per datapath.
PORTS_PER_SWITCH=50
# Debian's first, then ours, in every round (--sides).
SIDES="debian ours"

for arg; do
    case $arg in
        --ovn-controller=*) ovn_controller=${arg#*=} ;;
        --reference=*) reference=${arg#*=} ;;
        --wakeup-cost=*) wakeup_program=${arg#*=} ;;
        --bench=*) bench=${arg#*=} ;;
        --ports=*) ports=${arg#*=} ;;
        --addresses=*) addresses=${arg#*=} ;;
        --repeat=*) repeat=${arg#*=} ;;
        --sides=*) SIDES=${arg#*=} sides_given=true ;;
        --settle=*) settle=${arg#*=} ;;
        --timeout=*) timeout=${arg#*=} ;;
        --dir=*) dir=${arg#*=} ;;
        --keep-dir) keep_dir=true ;;
        --timeline) timeline=true ;;
        --callgrind) callgrind=true ;;
        -h|--help) usage ;;
        *) die "unknown option '$arg' (use --help for help)" ;;
    esac
done

ovn_controller=$(built_program "$ovn_controller" \
    ovn/controller/ovn-controller) || exit 1
# Optional unless named: without one, the machine's charge goes unreported.
if test -n "$wakeup_program"; then
    wakeup_program=$(built_program "$wakeup_program" tests/perf/wakeup-cost) \
        || exit 1
else
    wakeup_program=$(built_program "" tests/perf/wakeup-cost 2>/dev/null) \
        || wakeup_program=
fi

# The reference must be what the targets are stated against.
test -x "$reference" || die "no $reference (Debian: apt-get install ovn-host)"
ref_version=$("$reference" --version 2>/dev/null | head -n 1)
case $ref_version in
    "ovn-controller 23.03."*) ;;
    *) die "$reference says '$ref_version', not ovn-controller 23.03" ;;
esac
ref_package=$(dpkg -S "$reference" 2>/dev/null | cut -d: -f1)
test "$ref_package" = ovn-host \
    || die "$reference does not belong to Debian's ovn-host" \
           "(dpkg -S: '${ref_package:-nothing}')"
ref_package_version=$(dpkg-query -W -f='${Version}' ovn-host)

if $callgrind; then
    $sides_given || SIDES=ours
    test "$SIDES" = ours \
        || die "--callgrind counts ours only: --sides=ours, not '$SIDES'"
fi
for s in $SIDES; do
    case $s in
        debian|ours) ;;
        *) die "unknown side '$s' in '$SIDES' (debian or ours)" ;;
    esac
done
for w in $bench; do
    case $w in
        a|b|c|d) ;;
        *) die "unknown workload '$w' in '$bench' (a, b, c or d)" ;;
    esac
done
has () {
    case " $bench " in
        *" $1 "*) return 0 ;;
    esac
    return 1
}
if $callgrind; then
    ! has d || die "--callgrind: not with workload d (it restarts" \
                   "ovn-controller)"
    callgrind_check
fi
for list in "$ports" "$addresses"; do
    test -n "$list" || die "no sizes"
    for n in $list; do
        case $n in
            *[!0-9]*) die "bad size '$n' in '$list'" ;;
        esac
        test "$n" -gt 1 || die "sizes must be at least 2"
    done
done
for v in "$repeat" "$timeout"; do
    case $v in
        ''|*[!0-9]*) die "bad --repeat or --timeout '$v'" ;;
    esac
    test "$v" -gt 0 || die "--repeat and --timeout must be positive"
done
case $settle in
    ''|.|*[!0-9.]*|*.*.*) die "bad --settle '$settle'" ;;
esac
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
ours_program=$(daemon_program "$ovn_controller" ovn-controller) || exit 1

# ---------------------------------------------------------------------------
# Processes: start_daemon, stop_daemon, stop_daemons, daemon_pid,
# wait_for_exit.
bench_daemons "logs and raw samples"

poller=
monitors=
# shellcheck disable=SC2317  # called by bench_cleanup
bench_before_exit () {
    if test -n "$poller"; then
        kill "$poller" 2>/dev/null
    fi
    if test -n "$monitors"; then
        # shellcheck disable=SC2086  # a list of pids
        kill $monitors 2>/dev/null
    fi
}

# use SIDE GROUP: every Open vSwitch and OVN program, daemon or client,
# works in SIDE's chassis for workload group GROUP ($dir/GROUP-SIDE), and
# $oc_pid is that chassis's ovn-controller, if started.
use () {
    side=$1
    use_run "$dir/$2-$1"
    oc_pid=$(cat "$run/oc.pid" 2>/dev/null) || oc_pid=
}

# controller_of SIDE: the ovn-controller program SIDE runs.
controller_of () {
    if test "$1" = debian; then
        echo "$reference"
    else
        echo "$ours_program"
    fi
}

# ---------------------------------------------------------------------------
# Small tools.

# record WORKLOAD SIZE QUANTITY VALUE: one raw sample of $side's.
record () {
    echo "$1 $2 $side $3 $4" >> "$dir/results"
}

oc () {
    ovs-appctl --timeout="$timeout" -t ovn-controller "$@"
}

# vsctl, nbctl: the clients, failing loudly; on this loaded machine their
# "Unreasonably long poll interval" warnings would drown the output.
vsctl () {
    ovs-vsctl -vtimeval:console:off --timeout="$timeout" "$@" \
        || die "$side: ovs-vsctl failed"
}

nbctl () {
    ovn-nbctl -vtimeval:console:off --timeout="$timeout" "$@" \
        || die "$side: ovn-nbctl failed"
}

# hv_sync: returns once ovn-controller has acknowledged the Northbound's
# latest configuration, i.e. once br-int has the flows for it.
hv_sync () {
    nbctl --wait=hv sync
}

# n_up N: N Port_Bindings are up and N interfaces ovn-installed.
# shellcheck disable=SC2317  # called through wait_until
n_up () {
    test "$(ovn-sbctl --bare --columns=_uuid find Port_Binding up=true \
              | grep -c .)" = "$1" \
        && test "$(ovs-vsctl --bare --columns=_uuid find Interface \
                     external_ids:ovn-installed='"true"' \
                     | grep -c .)" = "$1"
}

# ---------------------------------------------------------------------------
# CPU time (see the top of this file).

# task_cpu PID: the CPU time of PID's main thread and of all its threads,
# in nanoseconds: "MAIN TOTAL".
task_cpu () {
    main=0 total=0
    for task in "/proc/$1/task"/*; do
        read -r ns _ < "$task/schedstat" 2>/dev/null || continue
        total=$((total + ns))
        test "${task##*/}" != "$1" || main=$ns
    done
    echo "$main $total"
}

# settle: returns once ovn-controller's main thread has used no CPU for
# $settle seconds, with the CPU times of every daemon of the chassis in
# $cpu_now ("LABEL MAIN TOTAL" lines).
settle () {
    deadline=$(($(date +%s) + timeout))
    read -r cpu _ <<EOF
$(task_cpu "$oc_pid")
EOF
    while :; do
        sleep "$settle"
        read -r cpu_then _ <<EOF
$(task_cpu "$oc_pid")
EOF
        test "$cpu_then" != "$cpu" || break
        cpu=$cpu_then
        test "$(date +%s)" -lt $deadline \
            || die "$side: ovn-controller did not go idle within $timeout s"
    done
    cpu_now=
    for cpu_label in ovn-controller ovn-northd ovsdb-nb ovsdb-sb \
                     ovs-vswitchd; do
        cpu_pid=$(cat "$run/$cpu_label.pid" 2>/dev/null) || continue
        cpu_now="$cpu_now$cpu_label $(task_cpu "$cpu_pid")
"
    done
}

# cpu_mark: the CPU times now ($cpu_mark), after settle; with
# --callgrind, ours' counters zeroed and its Logical_Flows compiled so
# far in $compiles_mark.
cpu_mark () {
    settle
    cpu_mark=$cpu_now
    if $callgrind; then
        compiles_mark=$(compiles)
        callgrind_zero
    fi
    wakeups_mark=$(wakeups)
}

# wakeups: how many times the current side's ovn-controller's main thread
# has gone to sleep (its voluntary context switches): once in each
# main-loop iteration that found nothing more to do.
wakeups () {
    awk '/^voluntary_ctxt_switches:/ { print $2 }' \
        "/proc/$oc_pid/task/$oc_pid/status" \
        || die "$side: cannot read the main thread's status"
}

# compiles: how many Logical_Flows ours has compiled (coverage counter
# lflow_compile).  The main thread adds its counts to the totals at most
# once a second, when it wakes up.
compiles () {
    sleep 1.1
    oc version > /dev/null || die "$side: ovs-appctl version failed"
    sleep 0.1
    oc coverage/read-counter lflow_compile \
        || die "$side: cannot read coverage counter lflow_compile"
}

# cpu_since WORKLOAD SIZE SUFFIX: settles, then records the CPU each daemon
# used since cpu_mark, in milliseconds: QUANTITY "cpu-LABEL-main" and
# "cpu-LABEL-total", SUFFIX appended ("-add"...), and ovn-controller's
# main thread's sleeps ("wakeups-main"); with --callgrind, ours'
# instructions since then ("instructions") and Logical_Flows compiled
# ("compiles").
cpu_since () {
    settle
    record "$1" "$2" "wakeups-main$3" $(($(wakeups) - wakeups_mark))
    if $callgrind; then
        callgrind_dump "$1-$2$3"
        record "$1" "$2" "instructions$3" "$callgrind_count"
        record "$1" "$2" "compiles$3" $(($(compiles) - compiles_mark))
    fi
    printf '%s%s' "$cpu_mark" "$cpu_now" | awk '
        { if ($1 in main) { printf "%s %.3f %.3f\n", $1,
                                   ($2 - main[$1]) / 1e6,
                                   ($3 - total[$1]) / 1e6 }
          else { main[$1] = $2; total[$1] = $3 } }' > "$run/cpu-delta"
    while read -r cpu_label cpu_main cpu_total; do
        record "$1" "$2" "cpu-$cpu_label-main$3" "$cpu_main"
        record "$1" "$2" "cpu-$cpu_label-total$3" "$cpu_total"
    done < "$run/cpu-delta"
}

# switch_counters: the switch's coverage counters of what a controller
# costs it, "MESSAGES REVISIONS": the OpenFlow messages it received
# (vconn_received) and its flow table revisions (rev_flow_table: each
# commit of a flow change makes it revalidate every datapath flow).
switch_counters () {
    for counter in vconn_received rev_flow_table; do
        ovs-appctl --timeout="$timeout" -t ovs-vswitchd \
            coverage/read-counter $counter \
            || die "$side: cannot read the switch's $counter"
    done | tr '\n' ' '
}

# switch_since WORKLOAD SIZE SUFFIX COUNTERS: records the switch's
# counters since COUNTERS (from switch_counters): QUANTITY
# "switch-messages" and "switch-revisions", SUFFIX appended.
switch_since () {
    read -r msgs0 revs0 <<EOF
$4
EOF
    read -r msgs1 revs1 <<EOF
$(switch_counters)
EOF
    record "$1" "$2" "switch-messages$3" $((msgs1 - msgs0))
    record "$1" "$2" "switch-revisions$3" $((revs1 - revs0))
}

# ---------------------------------------------------------------------------
# A chassis.

# chassis_start SIDE GROUP: the chassis, central and ovn-controller.
chassis_start () {
    use "$1" "$2"
    mkdir "$run" || die "cannot create $run"
    sandbox_start_switch
    sandbox_start_central
    controller_start
    hv_sync
}

# controller_start: SIDE's ovn-controller, with its pid in $oc_pid.
controller_start () {
    program=$(controller_of "$side")
    # Syslog at ERR, as ovn-ctl (and so Debian's ovn-controller.service)
    # starts it: INFO lines go to the log file only.
    if $callgrind; then
        callgrind_start "$program" -vsyslog:err unix:"$run/db.sock"
    else
        start_daemon ovn-controller "$program" -vsyslog:err \
            unix:"$run/db.sock"
        oc_pid=$(daemon_pid ovn-controller "$program") \
            || die "$side: ovn-controller is not running"
    fi
    echo "$oc_pid" > "$run/oc.pid"
}

# chassis_stop: the current chassis's daemons.
chassis_stop () {
    for label in ovn-controller ovn-northd ovsdb-sb ovsdb-nb ovs-vswitchd \
                 ovsdb-server; do
        case $label in
            ovn-controller)
                program=$(controller_of "$side")
                if $callgrind; then
                    # The process is callgrind's (callgrind_start).
                    program=$(cat "/proc/$oc_pid/comm" 2>/dev/null) \
                        || program=callgrind
                fi ;;
            ovsdb-*) program=ovsdb-server ;;
            *) program=$label ;;
        esac
        stop_daemon "$label" "$program"
    done
}

# ---------------------------------------------------------------------------
# Workloads a and b: ports.

# mac I, ip I: port I's addresses.
mac () {
    printf '0a:00:00:%02x:%02x:%02x' $(($1 / 65536 % 256)) \
           $(($1 / 256 % 256)) $(($1 % 256))
}
ip () {
    printf '10.%d.%d.%d' $(($1 / 65536 % 256)) $(($1 / 256 % 256)) \
           $(($1 % 256))
}

# port_args I S: the ovn-nbctl arguments that create port pI on switch lsS
# as a CMS does, in its security group pg_sgS and in pg_drop.
port_args () {
    port_addr="$(mac "$1") $(ip "$1")"
    echo "-- --id=@p$1 create Logical_Switch_Port name=p$1" \
         "addresses='\"$port_addr\"' port_security='\"$port_addr\"'" \
         "-- add Logical_Switch ls$2 ports @p$1" \
         "-- add Port_Group pg_sg$2 ports @p$1" \
         "-- add Port_Group pg_drop ports @p$1"
}

# The drop-everything port group, and its ACLs.
create_drop_group () {
    nbctl pg-add pg_drop \
        -- acl-add pg_drop from-lport 1001 'inport == @pg_drop && ip' drop \
        -- acl-add pg_drop to-lport 1001 'outport == @pg_drop && ip' drop
}

# switch_args S: the ovn-nbctl arguments that create switch lsS and its
# security group, with its ACLs (a default security group).
switch_args () {
    echo "-- ls-add ls$1 -- pg-add pg_sg$1" \
         "-- acl-add pg_sg$1 from-lport 1002" \
         "'inport == @pg_sg$1 && ip4' allow-related" \
         "-- acl-add pg_sg$1 from-lport 1002" \
         "'inport == @pg_sg$1 && ip6' allow-related" \
         "-- acl-add pg_sg$1 to-lport 1002" \
         "'outport == @pg_sg$1 && ip4 && ip4.src == \$pg_sg${1}_ip4'" \
         "allow-related" \
         "-- acl-add pg_sg$1 to-lport 1002" \
         "'outport == @pg_sg$1 && ip4 && tcp.dst == 22' allow-related"
}

# plug_args I: the ovs-vsctl arguments that plug port I's interface.
plug_args () {
    echo "-- add-port br-int vif$1" \
         "-- set Interface vif$1 external_ids:iface-id=p$1"
}

# timeline_start: with --timeline, monitors of the tables that show the
# propagation of a switch (tests/perf/hv-timeline.py reads them), their
# pids in $monitors.
timeline_start () {
    $timeline || return 0
    for spec in "nb $OVN_NB_DB OVN_Northbound NB_Global nb_cfg,sb_cfg,hv_cfg" \
                "nb $OVN_NB_DB OVN_Northbound Logical_Switch name" \
                "sb $OVN_SB_DB OVN_Southbound SB_Global nb_cfg" \
                "sb $OVN_SB_DB OVN_Southbound Chassis_Private nb_cfg" \
                "sb $OVN_SB_DB OVN_Southbound Datapath_Binding tunnel_key" \
                "sb $OVN_SB_DB OVN_Southbound Port_Binding chassis,up" \
                "ovs unix:$run/db.sock Open_vSwitch Interface external_ids"
    do
        # shellcheck disable=SC2086  # the words of the spec
        set -- $spec
        ovsdb-client monitor --timestamp "$2" "$3" "$4" "$5" \
            > "$run/mon-$1-$4" 2>&1 &
        monitors="$monitors $!"
    done
    # The initial contents of those tables that have rows already (a
    # monitor of an empty one prints nothing until its first change; each
    # is up long before the last switch's).
    for spec in "nb NB_Global" "sb SB_Global" "sb Chassis_Private" \
                "ovs Interface"; do
        # shellcheck disable=SC2086  # the words of the spec
        set -- $spec
        wait_until "the $2 monitor" grep -q . "$run/mon-$1-$2"
    done
}

# timeline_mark NAME NS: with --timeline, the wall-clock time of NAME,
# NS (from now_ns).
timeline_mark () {
    $timeline || return 0
    echo "$1 $(date -u -d "@$(($2 / 1000000000)).$(printf %09d \
                 $(($2 % 1000000000)))" +%H:%M:%S.%N | cut -c1-12)" \
        >> "$run/timeline-marks"
}

# timeline_show: with --timeline, stops the monitors and prints the
# propagation of the last switch.
timeline_show () {
    $timeline || return 0
    # shellcheck disable=SC2086  # a list of pids
    kill $monitors 2>/dev/null
    # shellcheck disable=SC2086
    wait $monitors 2>/dev/null
    monitors=
    echo "  $side: the last switch, ms from the last commit:"
    python3 "$srcdir/tests/perf/hv-timeline.py" "$run" | sed 's/^/    /'
}

# create_ports N: workload a on the current side: N ports, measured.
create_ports () {
    n=$1
    n_switches=$(((n + PORTS_PER_SWITCH - 1) / PORTS_PER_SWITCH))
    create_drop_group
    hv_sync
    timeline_start
    cpu_mark
    switch0=$(switch_counters)
    t0=$(now_ns)
    sw=0
    while test $sw -lt $n_switches; do
        first=$((sw * PORTS_PER_SWITCH))
        last=$((first + PORTS_PER_SWITCH - 1))
        test $last -lt "$n" || last=$((n - 1))
        nb=$(switch_args $sw)
        vs=
        i=$first
        while test $i -le $last; do
            nb="$nb $(port_args $i $sw)"
            vs="$vs $(plug_args $i)"
            i=$((i + 1))
        done
        eval "nbctl $nb" > /dev/null
        eval "vsctl $vs"
        sw=$((sw + 1))
    done
    t1=$(now_ns)
    timeline_mark t1 "$t1"
    hv_sync
    t2=$(now_ns)
    timeline_mark t2 "$t2"
    wait_until "$n ports to be up and ovn-installed" n_up "$n"
    t3=$(now_ns)
    # The same wait with nothing pending: ovn-nbctl's start and commit,
    # ovn-northd both ways and the databases, with ovn-controller idle.
    # No ovn-controller can make the wait after the last commit shorter.
    hv_sync
    t4=$(now_ns)
    cpu_since a "$n" ""
    switch_since a "$n" "" "$switch0"
    record a "$n" wall-commits "$(ms "$t0" "$t1")"
    record a "$n" wall-hv-after-commit "$(ms "$t1" "$t2")"
    record a "$n" wall-up-after-commit "$(ms "$t1" "$t3")"
    record a "$n" wall-hv-idle "$(ms "$t3" "$t4")"
    record a "$n" flows "$(flow_count)"
    oc coverage/show > "$run/coverage-a" 2>&1
    echo "  $side: $n ports on $n_switches switch(es)," \
         "--wait=hv $(ms "$t1" "$t2") ms after the last commit," \
         "all up after $(ms "$t1" "$t3") ms, $(flow_count) flows"
    timeline_show
}

# add_port N I: workload b on the current side, at N ports: port pI on
# switch ls0, measured.
add_port () {
    cpu_mark
    t0=$(now_ns)
    eval "nbctl $(port_args "$2" 0)" > /dev/null
    eval "vsctl $(plug_args "$2")"
    vsctl wait-until Interface "vif$2" external_ids:ovn-installed='"true"'
    hv_sync
    t1=$(now_ns)
    cpu_since b "$1" ""
    record b "$1" wall "$(ms "$t0" "$t1")"
}

# release_port N I: the same port's interface unplugged, measured.
release_port () {
    cpu_mark
    t0=$(now_ns)
    vsctl del-port "vif$2"
    nbctl wait-until Logical_Switch_Port "p$2" up=false
    hv_sync
    t1=$(now_ns)
    cpu_since b "$1" "-release"
    record b "$1" wall-release "$(ms "$t0" "$t1")"
}

# ports_group N: workloads a and b at N ports, both sides.
ports_group () {
    n=$1
    echo "== ports: $n"
    for s in $SIDES; do
        chassis_start "$s" "ports$n"
        create_ports "$n"
    done
    if has b; then
        r=0
        while test $r -lt "$repeat"; do
            for s in $SIDES; do
                use "$s" "ports$n"
                add_port "$n" $((n + r))
                release_port "$n" $((n + r))
            done
            r=$((r + 1))
        done
    fi
    for s in $SIDES; do
        use "$s" "ports$n"
        chassis_stop
    done
}

# ---------------------------------------------------------------------------
# Workloads c and d: a large address set.

# addrs FIRST LAST: addresses FIRST to LAST of the set, one a line, in
# $run/addrs; no two are adjacent, so nothing could merge them into a
# prefix.
addrs () {
    awk -v a="$1" -v b="$2" 'BEGIN {
        for (i = a; i <= b; i++) {
            printf "10.%d.%d.%d\n", 128 + int(i / 32768),
                   int(i / 128) % 256, (i % 128) * 2 + 1
        }
    }' > "$run/addrs"
}

# as_change WORKLOAD M TAG insert|delete FILE: the addresses in FILE
# inserted into (deleted from) as_big on the current side, at M addresses,
# in one Northbound transaction that also bumps nb_cfg, measured: the
# CPU of each daemon, and the time to the transaction's reply (the
# Northbound ovsdb-server), to sb_cfg (ovn-northd and the Southbound) and
# to hv_cfg (ovn-controller, the Southbound again and the switch), by
# tests/perf/nb-set-change.py; quantities ending in -TAG.
as_change () {
    w=$1 m=$2 tag=$3
    cpu_mark
    t0=$(now_ns)
    python3 "$srcdir/tests/perf/nb-set-change.py" "$run/ovnnb_db.sock" \
        Address_Set as_big addresses "$4" "$5" > "$run/change-time" \
        || die "$side: the change of as_big failed"
    t1=$(now_ns)
    cpu_since "$w" "$m" "-$tag"
    read -r commit sb hv < "$run/change-time"
    record "$w" "$m" "commit-$tag" "$commit"
    record "$w" "$m" "sb-$tag" "$sb"
    record "$w" "$m" "hv-$tag" "$hv"
    record "$w" "$m" "northd-$tag" \
        "$(awk -v a="$commit" -v b="$sb" 'BEGIN { printf "%.1f", b - a }')"
    record "$w" "$m" "controller-$tag" \
        "$(awk -v a="$sb" -v b="$hv" 'BEGIN { printf "%.1f", b - a }')"
    record "$w" "$m" "wall-$tag" "$(ms "$t0" "$t1")"
}

# rss: ovn-controller's VmRSS and VmHWM, in kB.
rss () {
    awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 }
         END { print r, h }' "/proc/$oc_pid/status"
}

# address_set_start M: the current side's chassis for c and d, with the M
# addresses installed (measured as workload c's install).
address_set_start () {
    m=$1
    # shellcheck disable=SC2016  # $as_big is OVN's, not the shell's
    nbctl ls-add ls0 -- pg-add pg_as \
        -- create Address_Set name=as_big \
        -- acl-add pg_as to-lport 1002 \
               'outport == @pg_as && ip4.src == $as_big' allow-related \
        > /dev/null
    for i in 0 1; do
        eval "nbctl $(port_args $i 0 | sed 's/pg_sg0/pg_as/;
                                          s/-- add Port_Group pg_drop.*//')" \
            > /dev/null
        eval "vsctl $(plug_args $i)"
    done
    hv_sync
    wait_until "2 ports to be up and ovn-installed" n_up 2
    flows0=$(flow_count)
    addrs 1 "$m"
    as_change c "$m" install insert "$run/addrs"
    read -r vmrss vmhwm <<EOF
$(rss)
EOF
    record c "$m" vmrss-kb "$vmrss"
    record c "$m" vmhwm-kb "$vmhwm"
    flows=$(flow_count)
    record c "$m" flows "$flows"
    echo "  $side: $m addresses: $flows flows ($flows0 before)," \
         "VmRSS $vmrss kB, VmHWM $vmhwm kB"
    if test "$side" = ours; then
        switch_alone "$m"
    fi
}

# switch_alone M: the flows (and groups) of ours' br-int, as the install
# of M addresses left them, added to the br-int of a switch of their own
# in one 'ovs-ofctl --bundle add-flows', as an ovn-controller with nothing
# to compute would send them: that switch's CPU (main thread) is what the
# install costs the switch whoever sends it.  Recorded as ours'
# "switch-alone" and "switch-alone-wall" (ovs-ofctl's whole run, its
# parsing included); nothing if the switch refuses the flows.
switch_alone () {
    alone=$dir/switch-alone
    ovs-ofctl -O OpenFlow15 --no-stats dump-flows br-int > "$alone.dump" \
        && ovs-ofctl -O OpenFlow15 dump-groups br-int > "$alone.dump-groups" \
        && ovs-ofctl -O OpenFlow15 dump-tlv-map br-int > "$alone.dump-tlv" \
        || die "ours: cannot dump br-int"
    sed 's/^ *//' "$alone.dump" > "$alone.flows"
    sed -n 's/^ *group_id=/group_id=/p' "$alone.dump-groups" \
        > "$alone.groups"
    awk '$4 ~ /^tun_metadata/ {
             printf "%s{class=%s,type=%s,len=%s}->%s",
                    n++ ? "," : "", $1, $2, $3, $4 }' "$alone.dump-tlv" \
        > "$alone.tlv"
    saved_run=$run
    use_run "$alone"
    mkdir "$run" || die "cannot create $run"
    sandbox_start_switch
    ok=true
    if test -s "$alone.tlv"; then
        ovs-ofctl -O OpenFlow15 add-tlv-map br-int "$(cat "$alone.tlv")" \
            || ok=false
    fi
    if $ok && test -s "$alone.groups"; then
        ovs-ofctl -O OpenFlow15 add-groups br-int "$alone.groups" || ok=false
    fi
    # Twice, the second timed: a new switch's first install also pays for
    # its start.
    vs_pid=$(cat "$run/ovs-vswitchd.pid")
    for try in 1 2; do
        $ok || break
        ovs-ofctl -O OpenFlow15 del-flows br-int || ok=false
        sleep 0.5
        read -r cpu0 _ <<EOF
$(task_cpu "$vs_pid")
EOF
        t0=$(now_ns)
        ovs-ofctl -O OpenFlow15 --bundle add-flows br-int "$alone.flows" \
            || ok=false
        t1=$(now_ns)
        read -r cpu1 _ <<EOF
$(task_cpu "$vs_pid")
EOF
    done
    if $ok && test "$(flow_count)" = "$(grep -c . "$alone.flows")"; then
        record c "$1" switch-alone \
            "$(awk -v a="$cpu0" -v b="$cpu1" \
                   'BEGIN { printf "%.3f", (b - a) / 1e6 }')"
        record c "$1" switch-alone-wall "$(ms "$t0" "$t1")"
    else
        echo "  the switch alone: its br-int refused ours' flows" >&2
    fi
    for label in ovs-vswitchd ovsdb-server; do
        stop_daemon "$label" "$label"
    done
    use_run "$saved_run"
}

# poll_flows FILE: br-int's flow count every 50 ms, "NS COUNT" a line,
# in the background ($poller) until killed.
poll_flows () {
    (
        while :; do
            echo "$(now_ns) $(flow_count)"
            sleep 0.05
        done
    ) > "$1" &
    poller=$!
}

# restart HOW M: workload d on the current side: ovn-controller stopped
# (HOW: 'exit' for 'exit --restart', 'kill' for 'kill -9'), a new one
# started; the flow count polled throughout.
restart () {
    how=$1 m=$2
    program=$(controller_of "$side")
    full=$(flow_count)
    poll_flows "$run/poll-$how"
    sleep 0.2
    old=$oc_pid
    if test "$how" = exit; then
        oc exit --restart || die "$side: exit --restart failed"
    else
        kill -9 "$old"
    fi
    wait_for_exit "$old" "$timeout" || die "$side: $old did not exit"
    t0=$(now_ns)
    controller_start
    hv_sync
    t1=$(now_ns)
    settle
    read -r main total <<EOF
$(task_cpu "$oc_pid")
EOF
    # The count must still be full a while after the answer.
    sleep 0.5
    kill "$poller" 2>/dev/null
    wait "$poller" 2>/dev/null
    poller=
    min=$(awk -v t="$t0" '$1 >= t && $2 != "" { print $2 }' \
              "$run/poll-$how" | sort -n | head -n 1)
    samples=$(awk -v t="$t0" '$1 >= t && $2 != ""' "$run/poll-$how" \
                  | grep -c .)
    low=$(awk -v t="$t0" -v full="$full" '
              $1 >= t && $2 != "" && $2 < full {
                  if (!first) { first = $1 } last = $1 }
              END { printf "%.1f\n", first ? (last - first) / 1e6 : 0 }' \
              "$run/poll-$how")
    record d "$m" "wall-hv-$how" "$(ms "$t0" "$t1")"
    record d "$m" "flows-full-$how" "$full"
    record d "$m" "flows-min-$how" "${min:--}"
    record d "$m" "flows-low-ms-$how" "$low"
    record d "$m" "cpu-ovn-controller-main-$how" \
        "$(awk -v n="$main" 'BEGIN { printf "%.3f", n / 1e6 }')"
    record d "$m" "cpu-ovn-controller-total-$how" \
        "$(awk -v n="$total" 'BEGIN { printf "%.3f", n / 1e6 }')"
    echo "  $side: $how: --wait=hv $(ms "$t0" "$t1") ms after the new" \
         "one started; flows $full before, minimum $min over $samples" \
         "samples, below $full for $low ms"
}

# address_group: workloads c and d, both sides.
address_group () {
    m_max=$(echo "$addresses" | tr ' ' '\n' | grep . | sort -n | tail -n 1)
    echo "== address set: $addresses"
    for s in $SIDES; do
        chassis_start "$s" as
        address_set_start "$m_max"
    done
    sizes_down=$(echo "$addresses" | tr ' ' '\n' | grep . | sort -rn)
    current=$m_max
    for m in $sizes_down; do
        if test "$m" != "$current"; then
            for s in $SIDES; do
                use "$s" as
                addrs $((m + 1)) "$current"
                as_change shrink "$m" shrink delete "$run/addrs"
            done
            current=$m
        fi
        if has c; then
            r=0
            while test $r -lt "$repeat"; do
                for s in $SIDES; do
                    use "$s" as
                    addrs $((m_max + 1 + r)) $((m_max + 1 + r))
                    as_change c "$m" add insert "$run/addrs"
                    as_change c "$m" remove delete "$run/addrs"
                done
                r=$((r + 1))
            done
        fi
        if has d && test "$m" = "$m_max"; then
            for how in exit kill; do
                for s in $SIDES; do
                    use "$s" as
                    restart "$how" "$m"
                done
            done
        fi
    done
    for s in $SIDES; do
        use "$s" as
        chassis_stop
    done
}

# ---------------------------------------------------------------------------
# The run.

t_start=$(now_ns)
load_start=$(cut -d' ' -f1 /proc/loadavg)
echo "lflow-bench: $(nproc) CPUs" \
     "($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo \
         | head -n 1)), load average $load_start"
echo "lflow-bench: reference $reference: $ref_version (Debian ovn-host" \
     "$ref_package_version); ours $ovn_controller"
echo "lflow-bench: workloads $bench; ports $ports; addresses $addresses;" \
     "$repeat rounds; work directory $dir"
echo "lflow-bench: the two chassis run side by side, and each round runs" \
     "Debian's then ours (alternately), CPU time from schedstat"
: > "$dir/results"

# wakeup_cost WHEN: the CPU time this machine charges a thread for a
# 100 ms sleep and the wake-up after it (the median of 11), recorded as
# "machine 0 - wakeup-us-WHEN", if there is a wakeup-cost program.
wakeup_cost () {
    test -n "$wakeup_program" || return 0
    us=$("$wakeup_program" 100 11) || die "$wakeup_program failed"
    echo "machine 0 - wakeup-us-$1 $us" >> "$dir/results"
}
wakeup_cost start

if has a || has b; then
    for n in $(echo "$ports" | tr ' ' '\n' | grep . | sort -n); do
        ports_group "$n"
    done
fi
if has c || has d; then
    address_group
fi
wakeup_cost end

# ---------------------------------------------------------------------------
# Summary.

# value WORKLOAD SIZE SIDE QUANTITY: the median of its samples, or '-'.
value () {
    awk -v w="$1" -v n="$2" -v s="$3" -v q="$4" '
        $1 == w && $2 == n && $3 == s && $4 == q && $5 != "-" { print $5 }' \
        "$dir/results" | sort -n | awk '
        { v[++n] = $1 }
        END {
            if (!n) { print "-" }
            else if (n % 2) { print v[(n + 1) / 2] }
            else { print (v[n / 2] + v[n / 2 + 1]) / 2 }
        }'
}

# ratio A B: A / B, 3 significant digits, or '-'.
ratio () {
    awk -v a="$1" -v b="$2" '
        BEGIN {
            if (a != "-" && b != "-" && b > 0) { printf "%.3g\n", a / b }
            else { print "-" }
        }'
}

# row LABEL WORKLOAD SIZE QUANTITY TARGET: a line of the table.
row () {
    ours=$(value "$2" "$3" ours "$4")
    debian=$(value "$2" "$3" debian "$4")
    printf '%-44s %12s %12s %8s  %s\n' "$1" "$ours" "$debian" \
           "$(ratio "$ours" "$debian")" "$5"
}

# others_row LABEL OTHERS DEBIAN: what the other daemons take, measured on
# ours' side (an ovn-controller that costs nothing would take as long),
# against Debian's whole time: about the best ratio any ovn-controller
# could reach.
others_row () {
    printf '%-44s %12s %12s %8s  %s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" \
           "(not ovn-controller's)"
}

header () {
    printf '\n== %s\n' "$1"
    printf '%-44s %12s %12s %8s  %s\n' "" ours debian ratio target
}

sorted_ports=$(echo "$ports" | tr ' ' '\n' | grep . | sort -n)
n_max=$(echo "$sorted_ports" | tail -n 1)
n_min=$(echo "$sorted_ports" | head -n 1)
m_max=$(echo "$addresses" | tr ' ' '\n' | grep . | sort -n | tail -n 1)

if has a; then
    header "a: creating ports (ms; medians of one sample per side)"
    for n in $sorted_ports; do
        target=
        test "$n" != "$n_max" || target="<= 0.1x"
        row "$n ports: CPU, main thread" a "$n" cpu-ovn-controller-main \
            "$target"
        row "$n ports: CPU, all threads" a "$n" cpu-ovn-controller-total ""
        row "$n ports: main thread's sleeps" a "$n" wakeups-main ""
        target=
        test "$n" != "$n_max" || target="<= 0.3x"
        row "$n ports: --wait=hv after the last commit" a "$n" \
            wall-hv-after-commit "$target"
        row "$n ports: ... the same with nothing pending" a "$n" \
            wall-hv-idle ""
        others_row "$n ports: ... ours' idle / Debian's" \
            "$(value a "$n" ours wall-hv-idle)" \
            "$(value a "$n" debian wall-hv-after-commit)"
        row "$n ports: all up after the last commit" a "$n" \
            wall-up-after-commit ""
        row "$n ports: flows" a "$n" flows ""
        row "$n ports: CPU, ovs-vswitchd" a "$n" \
            cpu-ovs-vswitchd-total ""
        row "$n ports: OpenFlow messages to the switch" a "$n" \
            switch-messages ""
        row "$n ports: the switch's flow table revisions" a "$n" \
            switch-revisions ""
    done
fi
if has b; then
    header "b: adding one port, then releasing it (ms, medians of $repeat)"
    for n in $sorted_ports; do
        target=
        test "$n" != "$n_max" || target="ours <= 5 ms"
        row "at $n ports: CPU, main thread" b "$n" cpu-ovn-controller-main \
            "$target"
        row "at $n ports: CPU, all threads" b "$n" cpu-ovn-controller-total \
            ""
        row "at $n ports: wall, to ovn-installed and hv" b "$n" wall ""
        row "at $n ports: main thread's sleeps" b "$n" wakeups-main ""
        row "at $n ports: released, CPU, main thread" b "$n" \
            cpu-ovn-controller-main-release ""
        row "at $n ports: released, wall, to hv" b "$n" wall-release ""
    done
    for side in ours debian; do
        echo "$side: CPU per add (main) at $n_max / at $n_min:" \
             "$(ratio "$(value b "$n_max" $side cpu-ovn-controller-main)" \
                      "$(value b "$n_min" $side \
                               cpu-ovn-controller-main)")x" \
             "(target for ours: <= 1.5x)"
    done
fi
if has c; then
    header "c: address set (ms, kB; changes: medians of $repeat)"
    row "install $m_max: to hv_cfg" c "$m_max" hv-install "<= 0.3x"
    row "install $m_max: ... ovn-controller's part" c "$m_max" \
        controller-install ""
    row "install $m_max: ... the switch alone, its CPU" c "$m_max" \
        switch-alone ""
    row "install $m_max: ... the same, ovs-ofctl's wall" c "$m_max" \
        switch-alone-wall ""
    others_row "install $m_max: ... sb_cfg + the switch alone" \
        "$(awk -v a="$(value c "$m_max" ours sb-install)" \
               -v b="$(value c "$m_max" ours switch-alone)" '
               BEGIN { if (a != "-" && b != "-") { print a + b }
                       else { print "-" } }')" \
        "$(value c "$m_max" debian hv-install)"
    row "install $m_max: CPU, main thread" c "$m_max" \
        cpu-ovn-controller-main-install ""
    row "install $m_max: CPU, all threads" c "$m_max" \
        cpu-ovn-controller-total-install ""
    row "install $m_max: VmRSS after" c "$m_max" vmrss-kb "<= 0.4x"
    row "install $m_max: VmHWM after" c "$m_max" vmhwm-kb ""
    row "install $m_max: flows" c "$m_max" flows ""
    for m in $(echo "$addresses" | tr ' ' '\n' | grep . | sort -n); do
        for op in add remove; do
            row "$op 1 at $m: CPU, main thread" c "$m" \
                "cpu-ovn-controller-main-$op" "ours <= 5 ms, flat"
            row "$op 1 at $m: CPU, all threads" c "$m" \
                "cpu-ovn-controller-total-$op" ""
            row "$op 1 at $m: end to end (hv_cfg)" c "$m" "hv-$op" ""
            row "$op 1 at $m: ... Northbound commit" c "$m" \
                "commit-$op" ""
            row "$op 1 at $m: ... then ovn-northd, Southbound" c "$m" \
                "northd-$op" ""
            row "$op 1 at $m: ... then ovn-controller, switch" c "$m" \
                "controller-$op" ""
            row "$op 1 at $m: CPU, ovn-northd" c "$m" \
                "cpu-ovn-northd-total-$op" ""
            row "$op 1 at $m: CPU, Northbound ovsdb-server" c "$m" \
                "cpu-ovsdb-nb-total-$op" ""
            row "$op 1 at $m: CPU, Southbound ovsdb-server" c "$m" \
                "cpu-ovsdb-sb-total-$op" ""
            row "$op 1 at $m: CPU, ovs-vswitchd" c "$m" \
                "cpu-ovs-vswitchd-total-$op" ""
        done
    done
fi
if $callgrind; then
    # scaled X DIVISOR: X / DIVISOR with 2 decimals, or '-'.
    scaled () {
        awk -v x="$1" -v d="$2" 'BEGIN {
            if (x != "-") { printf "%.2f\n", x / d } else { print "-" } }'
    }
    printf '\n== %s\n' \
           "Instructions (callgrind, ours), millions; medians of the rounds"
    if has a; then
        for n in $sorted_ports; do
            i=$(value a "$n" ours instructions)
            c=$(value a "$n" ours compiles)
            printf '%-44s %12s\n' "a: $n ports" "$(scaled "$i" 1e6)"
            printf '%-44s %12s\n' "a: ... Logical_Flows compiled" "$c"
            printf '%-44s %12s\n' "a: ... per Logical_Flow compiled" \
                   "$(awk -v i="$i" -v c="$c" 'BEGIN {
                        if (i != "-" && c != "-" && c > 0) {
                            printf "%.3f\n", i / c / 1e6 }
                        else { print "-" } }')"
        done
    fi
    if has b; then
        for n in $sorted_ports; do
            printf '%-44s %12s\n' "b: one port at $n" \
                   "$(scaled "$(value b "$n" ours instructions)" 1e6)"
            printf '%-44s %12s\n' "b: ... released" \
                   "$(scaled "$(value b "$n" ours instructions-release)" \
                             1e6)"
        done
        echo "b: instructions per add at $n_max / at $n_min:" \
             "$(ratio "$(value b "$n_max" ours instructions)" \
                      "$(value b "$n_min" ours instructions)")x"
    fi
    if has c; then
        printf '%-44s %12s\n' "c: install $m_max" \
               "$(scaled "$(value c "$m_max" ours instructions-install)" \
                         1e6)"
        for m in $(echo "$addresses" | tr ' ' '\n' | grep . | sort -n); do
            for op in add remove; do
                printf '%-44s %12s\n' "c: $op 1 at $m" \
                       "$(scaled "$(value c "$m" ours "instructions-$op")" \
                                 1e6)"
            done
        done
    fi
fi
drop=false
if has d; then
    header "d: restart with $m_max addresses installed (ms, flows)"
    for how in exit kill; do
        row "$how: flows before" d "$m_max" "flows-full-$how" ""
        row "$how: minimum flow count polled" d "$m_max" \
            "flows-min-$how" "never drops"
        row "$how: time below the full count" d "$m_max" \
            "flows-low-ms-$how" "0"
        row "$how: new one's answer to --wait=hv" d "$m_max" \
            "wall-hv-$how" "<= 0.5x"
        row "$how: new one's CPU, all threads" d "$m_max" \
            "cpu-ovn-controller-total-$how" ""
        if test "$(value d "$m_max" ours "flows-min-$how")" \
                != "$(value d "$m_max" ours "flows-full-$how")"; then
            drop=true
        fi
    done
fi

load_end=$(cut -d' ' -f1 /proc/loadavg)
echo
if test -n "$wakeup_program"; then
    echo "lflow-bench: a 100 ms sleep and its wake-up cost a thread" \
         "$(value machine 0 - wakeup-us-start) us of CPU here at the" \
         "start, $(value machine 0 - wakeup-us-end) us at the end" \
         "(tests/perf/wakeup-cost); the CPU times above include that for" \
         "each of the main threads' sleeps"
fi
printf 'lflow-bench: %s s, load average %s at the start, %s at the end\n' \
       "$(awk -v a="$t_start" -v b="$(now_ns)" \
              'BEGIN { printf "%.0f", (b - a) / 1e9 }')" \
       "$load_start" "$load_end"
if $drop; then
    echo "lflow-bench: our ovn-controller's restart dropped flows" >&2
    exit 1
fi
succeeded=true
exit 0
