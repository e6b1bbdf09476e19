# bench-lib.sh: what tests/perf's benchmark scripts share, sourced by
# them (lflow-bench.sh, ovn-controller-bench.sh, ofctrl-switch-bench.sh,
# port-types-bench.sh).
#
# The script sets, before sourcing it:
#   bench_name      its name, for messages and its work directory's
#   srcdir          the source tree's top directory
# and, before calling what needs them:
#   timeout         the limit of each wait, in seconds
#   wait_interval   wait_until's polling interval (default 0.05 s)
#   side            (optional) the chassis being worked on, for messages
#   run             the chassis's directory (sandbox_*)
#   ovs_schema, ovn_schemadir, OVN_NB_DB, OVN_SB_DB   (sandbox_*)
# The daemons are started and stopped by utilities/ovn-daemons.sh's
# start_daemon and stop_daemons, which bench_daemons sources.

# usage: the script's leading comment, from its second line to the first
# empty one.
usage () {
    sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
    exit 0
}

die () {
    echo "$bench_name: $*" >&2
    exit 1
}

# built_program FILE RELPATH: the program to run, as an absolute name:
# FILE if given, else RELPATH as built in the current directory (a VPATH
# build) or in $srcdir.  Dies unless it is executable.
built_program () {
    bp=$1
    if test -z "$bp"; then
        if test -x "$2"; then
            bp=$PWD/$2
        else
            bp=$srcdir/$2
        fi
    fi
    test -x "$bp" || die "no $bp (run 'make' first)"
    case $bp in
        /*) echo "$bp" ;;
        *) echo "$PWD/$bp" ;;
    esac
}

# make_work_dir DIR: DIR, created if need be and required empty, or else a
# new directory under $TMPDIR named after the script; as an absolute name.
make_work_dir () {
    if test -n "$1"; then
        mkdir -p "$1" || die "cannot create $1"
        wd=$(cd "$1" && pwd)
        test -z "$(ls -A "$wd")" || die "$wd is not empty"
        echo "$wd"
    else
        mktemp -d "${TMPDIR:-/tmp}/$bench_name.XXXXXX" \
            || die "cannot create a work directory"
    fi
}

# daemon_program FILE NAME: FILE as daemon NAME is to run it: FILE itself
# if that is its name, else a symlink $dir/bin/NAME to it ('ovs-appctl -t
# NAME' finds a daemon by its program's name, so that a build copied aside
# under another name, to compare it, would not be reached).
daemon_program () {
    if test "$(basename "$1")" = "$2"; then
        echo "$1"
    else
        mkdir -p "$dir/bin" && ln -sf "$1" "$dir/bin/$2" \
            || die "cannot link $dir/bin/$2 to $1"
        echo "$dir/bin/$2"
    fi
}

# bench_daemons WHAT: sources utilities/ovn-daemons.sh for daemons listed
# in $dir/daemons, and arranges that at exit bench_before_exit runs (if
# the script defines it: its own background jobs), every daemon stops,
# and $dir goes if the script set succeeded=true and --keep-dir ($keep_dir)
# was not given; else a message says that WHAT stay in $dir.
bench_daemons () {
    daemons_list=$dir/daemons
    daemons_dir=$dir
    daemons_name=$bench_name
    bench_kept=$1
    # shellcheck source=utilities/ovn-daemons.sh
    . "$srcdir/utilities/ovn-daemons.sh"
    succeeded=false
    trap bench_cleanup EXIT
    trap 'exit 1' HUP INT TERM
}

# shellcheck disable=SC2317  # called by the EXIT trap
bench_cleanup () {
    if command -v bench_before_exit >/dev/null 2>&1; then
        bench_before_exit
    fi
    stop_daemons
    if $succeeded && ! $keep_dir; then
        rm -rf "$dir"
    else
        echo "$bench_name: $bench_kept stay in $dir" >&2
    fi
}

now_ns () {
    date +%s%N
}

# ms START_NS END_NS: the interval in milliseconds, 1 decimal.
ms () {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'
}

# wait_until DESCRIPTION COMMAND...: polls COMMAND every $wait_interval
# seconds for up to $timeout seconds, and dies if it never succeeds.
wait_until () {
    what=$1
    shift
    deadline=$(($(date +%s) + timeout))
    until "$@" >/dev/null 2>&1; do
        test "$(date +%s)" -lt $deadline \
            || die "${side:+$side: }timed out after $timeout s waiting for" \
                   "$what"
        sleep "${wait_interval:-0.05}"
    done
}

# flow_count: br-int's flow count, or nothing if the switch does not
# answer.
flow_count () {
    ovs-ofctl -O OpenFlow15 dump-aggregate br-int 2>/dev/null \
        | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p'
}

# sandbox_start_switch: in $run (which must exist), an Open_vSwitch
# database and ovs-vswitchd with a dummy datapath, and br-int in secure
# fail mode configured as chassis hv1 of the Southbound $OVN_SB_DB
# (Geneve at 127.0.0.1).
sandbox_start_switch () {
    ovsdb-tool create "$run/conf.db" "$ovs_schema" \
        || die "ovsdb-tool create failed"
    start_daemon ovsdb-server ovsdb-server --remote=punix:"$run/db.sock" \
        "$run/conf.db"
    ovs-vsctl --no-wait init || die "ovs-vsctl init failed"
    start_daemon ovs-vswitchd ovs-vswitchd \
        --enable-dummy=override --disable-system --disable-system-route
    ovs-vsctl --timeout="$timeout" -- add-br br-int \
        -- set Bridge br-int datapath_type=dummy fail-mode=secure \
               protocols=OpenFlow13,OpenFlow14,OpenFlow15 \
        -- set Open_vSwitch . external_ids:system-id=hv1 \
               external_ids:ovn-remote="$OVN_SB_DB" \
               external_ids:ovn-encap-type=geneve \
               external_ids:ovn-encap-ip=127.0.0.1 \
        || die "${side:+$side: }cannot create br-int"
}

# sandbox_start_central: in $run, the distribution's OVN central: the
# Northbound and Southbound ovsdb-servers ($OVN_NB_DB, $OVN_SB_DB) and
# ovn-northd, once it says it is active.
sandbox_start_central () {
    for db in nb sb; do
        ovsdb-tool create "$run/ovn${db}_db.db" \
            "$ovn_schemadir/ovn-$db.ovsschema" \
            || die "ovsdb-tool create failed"
    done
    start_daemon ovsdb-nb ovsdb-server --remote=p"$OVN_NB_DB" \
        "$run/ovnnb_db.db"
    start_daemon ovsdb-sb ovsdb-server --remote=p"$OVN_SB_DB" \
        "$run/ovnsb_db.db"
    start_daemon ovn-northd ovn-northd \
        --ovnnb-db="$OVN_NB_DB" --ovnsb-db="$OVN_SB_DB"
    wait_until "ovn-northd to become active" \
        sh -c 'ovn-appctl -t ovn-northd status | grep -qx "Status: active"'
}

# use_run DIR: every Open vSwitch and OVN program, daemon or client, looks
# in DIR instead of /var/run, /var/log, /etc and /var/lib, and the OVN
# clients use DIR's Northbound and Southbound.
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

vsctl () {
    ovs-vsctl --timeout="$timeout" "$@" || die "ovs-vsctl $* failed"
}

nbctl () {
    ovn-nbctl --timeout="$timeout" "$@" || die "ovn-nbctl $* failed"
}

# ---------------------------------------------------------------------------
# CPU time of the ovn-controller whose pid is $oc_pid, from
# /proc/PID/schedstat (reading it costs the daemon nothing).  Also needs
# $settle, the idle time (seconds) that ends an operation.

# main_cpu: the CPU time its main thread has used (the main thread's task
# id is the process id), in nanoseconds.
main_cpu () {
    read -r ns _ < "/proc/$oc_pid/schedstat" \
        || die "cannot read /proc/$oc_pid/schedstat"
    echo "$ns"
}

# others_cpu: the CPU time its other threads have used (the stopwatch
# thread, OVS's helper threads), in nanoseconds.
others_cpu () {
    total=0
    for task in "/proc/$oc_pid/task"/*; do
        test "${task##*/}" != "$oc_pid" || continue
        read -r ns _ < "$task/schedstat" 2>/dev/null || continue
        total=$((total + ns))
    done
    echo "$total"
}

# settle: returns once the main thread has used no CPU for $settle
# seconds, with its CPU time in $cpu and its other threads' in
# $cpu_others.  An update that ovn-controller's own transaction caused may
# reach it after 'ovn-nbctl --wait=hv' returned: waiting for it to go
# idle, before and after an operation, makes the difference of the two
# readings everything the operation made it do.
settle () {
    deadline=$(($(date +%s) + timeout))
    cpu=$(main_cpu) || exit 1
    while :; do
        sleep "$settle"
        cpu_now=$(main_cpu) || exit 1
        test "$cpu_now" != "$cpu" || break
        cpu=$cpu_now
        test "$(date +%s)" -lt $deadline \
            || die "${side:+$side: }ovn-controller did not go idle" \
                   "within $timeout s"
    done
    cpu_others=$(others_cpu)
}

# ---------------------------------------------------------------------------
# Instructions: an ovn-controller under valgrind's callgrind (the scripts'
# --callgrind), its counters zeroed when an operation starts and dumped
# when it ends.  Needs $run, $daemons_list (bench_daemons) and $timeout.

# callgrind_check: valgrind and callgrind_control are there, or the script
# dies.
callgrind_check () {
    for program in valgrind callgrind_control; do
        command -v $program >/dev/null \
            || die "$program not found (Debian: valgrind)"
    done
}

# callgrind_start PROGRAM ARG...: start_daemon's work for ovn-controller
# PROGRAM (ARGs after its own options) under callgrind, but in the
# background instead of --detach: callgrind_control does not find a
# process that valgrind forked.  Its pid in $oc_pid.  The process's name
# is then callgrind's (e.g. callgrind-amd64-linux), which is what the list
# of daemons must say for stop_daemon to recognise it.
callgrind_start () {
    cg_program=$1
    shift
    rm -f "$run/ovn-controller.pid"
    valgrind --tool=callgrind -q \
        --callgrind-out-file="$run/callgrind.out.%p" \
        "$cg_program" --no-chdir -vconsole:off \
        --pidfile="$run/ovn-controller.pid" \
        --log-file="$run/ovn-controller.log" "$@" \
        < /dev/null > "$run/callgrind.log" 2>&1 \
        3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
    wait_until "ovn-controller to start under callgrind" \
        test -s "$run/ovn-controller.pid"
    oc_pid=$(cat "$run/ovn-controller.pid") \
        && test -r "/proc/$oc_pid/comm" \
        || die "${side:+$side: }ovn-controller is not running"
    echo "$run ovn-controller $(cat "/proc/$oc_pid/comm")" >> "$daemons_list"
}

# callgrind_zero: $oc_pid's counters start again from nothing.
callgrind_zero () {
    # callgrind_control's status is 0 even when it finds no such process.
    callgrind_control --zero "$oc_pid" 2>&1 | grep -q 'OK\.$' \
        || die "callgrind_control --zero failed"
}

# callgrind_dump NAME: $oc_pid's counters dumped (trigger "dump NAME"),
# their total instructions in $callgrind_count.  Names may repeat: the
# newest dump of that name is the one.
callgrind_dump () {
    cg_before=$(callgrind_dumps)
    callgrind_control --dump="$1" "$oc_pid" 2>&1 | grep -q 'OK\.$' \
        || die "callgrind_control --dump failed"
    wait_until "callgrind's dump" callgrind_dumps_beyond "$cg_before"
    # Dumps are numbered in order: FILE.1, FILE.2...
    cg_dump=$(grep -lx "desc: Trigger: dump $1" \
                  "$run"/callgrind.out."$oc_pid".* \
                  | awk -F. '{ print $NF, $0 }' | sort -n | tail -n 1 \
                  | cut -d' ' -f2-)
    test -n "$cg_dump" || die "no callgrind dump named $1"
    callgrind_count=$(sed -n 's/^summary: \([0-9][0-9]*\)$/\1/p' \
                          "$cg_dump")
    test -n "$callgrind_count" || die "no count in $cg_dump"
}

# callgrind_dumps: how many dumps $oc_pid's callgrind has written.
callgrind_dumps () {
    ls "$run"/callgrind.out."$oc_pid".* 2>/dev/null | wc -l
}

# callgrind_dumps_beyond N: callgrind has written more than N dumps.
callgrind_dumps_beyond () {
    test "$(callgrind_dumps)" -gt "$1"
}

# ---------------------------------------------------------------------------
# One logical port of each Port_Binding type, added and removed
# (port-types-bench.sh, and ovn-controller-bench.sh's type phases).  The
# base they need, types_base: the chassis is hv1 with provider bridge
# br-phys mapped as physnet1; switch ls0 (with VIFs p0 and p1 bound here)
# gets localnet port ls0-ln; switch lsx, with no port bound; router lr0
# joined to both by patch port pairs; HA chassis group grp1 whose only
# chassis is hv1 ($grp1 its Northbound UUID).
PORT_TYPES="vif localport localnet l2gateway l3gateway patch \
chassisredirect virtual external container"

types_base () {
    vsctl --may-exist add-br br-phys \
        -- set Bridge br-phys datapath_type=dummy \
        -- set Open_vSwitch . \
               external_ids:ovn-bridge-mappings=physnet1:br-phys
    nbctl lsp-add ls0 ls0-ln -- lsp-set-type ls0-ln localnet \
        -- lsp-set-addresses ls0-ln unknown \
        -- lsp-set-options ls0-ln network_name=physnet1 \
        -- ls-add lsx -- lr-add lr0 \
        -- lrp-add lr0 lr0-ls0 00:00:00:00:ff:01 10.0.0.254/16 \
        -- lsp-add ls0 ls0-lr0 -- lsp-set-type ls0-lr0 router \
        -- lsp-set-addresses ls0-lr0 router \
        -- lsp-set-options ls0-lr0 router-port=lr0-ls0 \
        -- lrp-add lr0 lr0-lsx 00:00:00:00:ff:02 172.16.0.1/24 \
        -- lsp-add lsx lsx-lr0 -- lsp-set-type lsx-lr0 router \
        -- lsp-set-addresses lsx-lr0 router \
        -- lsp-set-options lsx-lr0 router-port=lr0-lsx \
        -- ha-chassis-group-add grp1 \
        -- ha-chassis-group-add-chassis grp1 hv1 10
    grp1=$(ovn-nbctl --bare --columns=_uuid find HA_Chassis_Group \
               name=grp1)
}

# lport_up LPORT: LPORT's Port_Binding is up.
# shellcheck disable=SC2317  # called through wait_until
lport_up () {
    test "$(ovn-sbctl --bare --columns=up find Port_Binding \
              logical_port="$1")" = true
}

# add_TYPE, del_TYPE: one ovn-nbctl (or ovs-vsctl) transaction each, and
# for the types whose claim ends in Port_Binding.up, a wait for it.
#   vif              ls0 port + its interface
#   localport        ls0 localport + its interface
#   localnet         lsx's localnet port (patch ports to br-phys)
#   l2gateway        lsx l2gateway port on physnet1, l2gateway-chassis=hv1
#   l3gateway        gateway router x-gw (options:chassis=hv1) on ls0
#   patch            router x-r2 on ls0 (a patch port pair)
#   chassisredirect  lr0's port to lsx made a distributed gateway port
#                    with this chassis as gateway (cr-lr0-lsx)
#   virtual          ls0 virtual port whose parents are p0 and p1
#   external         ls0 external port in grp1 (claimed here)
#   container        ls0 port nested in p0's VIF, VLAN 100
add_vif () {
    nbctl lsp-add ls0 x-vif -- lsp-set-addresses x-vif \
        "0a:00:00:ff:00:01 10.0.255.1"
    vsctl add-port br-int x-vif -- set Interface x-vif \
        external_ids:iface-id=x-vif
    wait_until "x-vif up" lport_up x-vif
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
    nbctl lsp-add lsx x-ln -- lsp-set-type x-ln localnet \
        -- lsp-set-addresses x-ln unknown \
        -- lsp-set-options x-ln network_name=physnet1
}
del_localnet () {
    nbctl lsp-del x-ln
}
add_l2gateway () {
    nbctl lsp-add lsx x-l2 -- lsp-set-type x-l2 l2gateway \
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
    nbctl lrp-set-gateway-chassis lr0-lsx hv1 10
    wait_until "cr-lr0-lsx up" lport_up cr-lr0-lsx
}
del_chassisredirect () {
    nbctl lrp-del-gateway-chassis lr0-lsx hv1
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
    wait_until "x-ext up" lport_up x-ext
}
del_external () {
    nbctl lsp-del x-ext
}
add_container () {
    nbctl lsp-add ls0 x-ct p0 100 \
        -- lsp-set-addresses x-ct "0a:00:00:ff:00:05 10.0.255.5"
    wait_until "x-ct up" lport_up x-ct
}
del_container () {
    nbctl lsp-del x-ct
}
