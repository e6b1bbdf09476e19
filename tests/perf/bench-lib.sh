# bench-lib.sh: what tests/perf's benchmark scripts share, sourced by
# them (lflow-bench.sh, ovn-controller-bench.sh, ofctrl-switch-bench.sh).
#
# The script sets, before sourcing it:
#   bench_name      its name, for messages
# and, before calling what needs them:
#   timeout         the limit of each wait, in seconds
#   wait_interval   wait_until's polling interval (default 0.05 s)
#   side            (optional) the chassis being worked on, for messages
#   run             the chassis's directory (sandbox_*)
#   ovs_schema, ovn_schemadir, OVN_NB_DB, OVN_SB_DB   (sandbox_*)
# The daemons are started and stopped by utilities/ovn-daemons.sh's
# start_daemon and stop_daemons, which the script sources itself.

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
