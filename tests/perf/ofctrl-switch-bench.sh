#! /bin/sh
# ofctrl-switch-bench.sh: how fast the real ofctrl (tests/test-ofctrl) fills
# a real ovs-vswitchd, compared with what the switch itself can take, and
# what happens to br-int's flows when either side restarts.
#
#   tests/perf/ofctrl-switch-bench.sh [OPTIONS]    ('make bench-switch')
#
# For each size N (OVN-like flows: tables 8 to 11, priority 100, metadata
# and reg14 matches, resubmit to the next table), on ovs-vswitchd with a
# dummy datapath and br-int in secure fail mode, OpenFlow 1.5:
#
#   1. Install, REPEAT times each on an emptied br-int, the median kept:
#      ofctrl       test-ofctrl is given the flows (not timed), then timed
#                   from 'ofctrl/put' until 'ofctrl/sync' returns, i.e.
#                   until the switch acknowledged the whole bundle.
#      pipelined    the switch's own limit: the same flow_mods, encoded
#                   beforehand, written back to back and followed by one
#                   barrier (a small Python sender; skipped without
#                   python3).  Timed until the barrier reply.
#      per-message  the same, but each message written with a send() of
#                   its own, as every rconn/vconn-based controller
#                   (ofctrl included) writes them.
#      bundle       the same in one atomic bundle (ADDs, the first one
#                   opening it, and COMMIT), as ofctrl sends them; timed
#                   until the COMMIT's reply.
#      ofctl-bundle 'ovs-ofctl --bundle add-flows' (includes parsing).
#   2. ovs-vswitchd restart: with the flows installed by test-ofctrl,
#      kill -9 and restart on the same database; timed until br-int holds
#      N flows again (polled every 20 ms).
#   3. test-ofctrl restart: kill -9, a new instance is given the flows and
#      synced while a loop runs 'ovs-ofctl dump-aggregate' back to back;
#      the lowest flow count seen must never be below N.  The same restart
#      is then timed again without the counter, which is expensive for the
#      switch (each dump-aggregate walks every flow).
#   4. 'ovs-ofctl add-flows' once: in Open vSwitch 3.1 it is not pipelined
#      but sends each flow_mod with a barrier and waits for the reply.
#      Its parsing alone is timed too (against an unreachable target).
#
# The target: ofctrl install <= 1.10 x the pipelined time.
#
# Options:
#   --test-ofctrl=FILE  the test-ofctrl binary (default: tests/test-ofctrl
#                       under the current directory, else under the
#                       checkout holding this script)
#   --sizes="N..."      flow counts (default: $BENCH_SIZES, else
#                       "100000 300000")
#   --repeat=R          installs per method and size (default:
#                       $BENCH_REPEAT, else 3)
#   --timeout=SECS      limit for each wait (default: $BENCH_TIMEOUT,
#                       else 180)
#   --dir=DIR           work directory (default: a new one under $TMPDIR);
#                       removed afterwards unless --keep-dir or a failure
#   --keep-dir          leave the work directory (logs, flows) behind
#   --strict            exit 2 when a target is missed (default: report)
#   -h, --help          this help
#
# Everything (databases, sockets, logs, pidfiles) lives in the work
# directory, and every daemon the script starts is stopped when it exits,
# however it exits.  The system's Open vSwitch is never touched.

set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
bench_name=ofctrl-switch-bench
wait_interval=0.02
# shellcheck source=tests/perf/bench-lib.sh
. "$srcdir/tests/perf/bench-lib.sh"
test_ofctrl=
sizes=${BENCH_SIZES:-100000 300000}
repeat=${BENCH_REPEAT:-3}
timeout=${BENCH_TIMEOUT:-180}
dir=
keep_dir=false
strict=false

for arg; do
    case $arg in
        --test-ofctrl=*) test_ofctrl=${arg#*=} ;;
        --sizes=*) sizes=${arg#*=} ;;
        --repeat=*) repeat=${arg#*=} ;;
        --timeout=*) timeout=${arg#*=} ;;
        --dir=*) dir=${arg#*=} ;;
        --keep-dir) keep_dir=true ;;
        --strict) strict=true ;;
        -h|--help) usage ;;
        *) die "unknown option '$arg' (use --help for help)" ;;
    esac
done

test_ofctrl=$(built_program "$test_ofctrl" tests/test-ofctrl) || exit 1
for n in $sizes; do
    case $n in
        *[!0-9]*) die "bad size '$n' in '$sizes'" ;;
    esac
    test "$n" -gt 0 || die "sizes must be positive"
done
test -n "$sizes" || die "no sizes"
for v in "$repeat" "$timeout"; do
    case $v in
        ''|*[!0-9]*) die "bad --repeat or --timeout '$v'" ;;
    esac
    test "$v" -gt 0 || die "--repeat and --timeout must be positive"
done
for program in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl \
               ovs-appctl; do
    command -v $program >/dev/null \
        || die "$program not found (Debian: openvswitch-switch)"
done
ovs_schema=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}
test -f "$ovs_schema" || die "no $ovs_schema (set OVS_SCHEMA)"
if command -v python3 >/dev/null; then
    python=python3
else
    python=
    echo "ofctrl-switch-bench: no python3: the pipelined and bundle" \
         "baselines are skipped" >&2
fi

dir=$(make_work_dir "$dir") || exit 1

# Every Open vSwitch program, daemon or client, looks here instead of
# /var/run, /var/log, /etc and /var/lib.
for var in OVS_RUNDIR OVS_LOGDIR OVS_DBDIR OVS_SYSCONFDIR; do
    eval "$var=\$dir; export $var"
done

# ---------------------------------------------------------------------------
# Processes.

# start_daemon, stop_daemon, stop_daemons, daemon_pid, wait_for_exit.
bench_daemons "logs and flow files"

# kill9_daemon LABEL PROGRAM: a crash; returns once the process is gone.
kill9_daemon () {
    pid=$(daemon_pid "$1" "$2") || die "$1 is not running"
    kill -9 "$pid"
    wait_for_exit "$pid" 10 || die "$1 (pid $pid) survived kill -9"
}

# The flow counter of phase 3, while it runs.
counter=

# shellcheck disable=SC2317  # called by bench_cleanup
bench_before_exit () {
    if test -n "$counter"; then
        kill "$counter" 2>/dev/null || :
        wait "$counter" 2>/dev/null || :
        counter=
    fi
}

# ---------------------------------------------------------------------------
# Measuring.

# secs START_NS END_NS: the interval in seconds, 3 decimals.
secs () {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'
}

# rate N SECS: flows per second.
rate () {
    awk -v n="$1" -v s="$2" \
        'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'
}

# ratio A B: A / B, 2 decimals.
ratio () {
    awk -v a="$1" -v b="$2" \
        'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# median FILE: the median of the numbers in FILE, one a line.
median () {
    sort -n "$1" | awk '
        { v[NR] = $1 }
        END {
            if (NR % 2) {
                printf "%.3f\n", v[(NR + 1) / 2]
            } else if (NR) {
                printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
            }
        }'
}

ofc () {
    ovs-appctl --timeout="$timeout" -t test-ofctrl "$@"
}

ofctrl_ready () {
    ofc ofctrl/status | grep -qx state=S_UPDATE_FLOWS
}

start_test_ofctrl () {
    start_daemon test-ofctrl "$test_ofctrl" br-int
    wait_until "test-ofctrl to connect to br-int" ofctrl_ready
}

start_vswitchd () {
    start_daemon ovs-vswitchd ovs-vswitchd \
        --enable-dummy=override --disable-system --disable-system-route
}

# check_count N WHAT: br-int holds N flows.
check_count () {
    got=$(flow_count)
    test "$got" = "$1" \
        || die "$2: br-int holds ${got:-?} flows, expected $1"
}

# counted_more FILE N: FILE has more than N + 3 lines.
counted_more () {
    test "$(wc -l < "$1")" -gt $(($2 + 3))
}

# empty_bridge: deletes every flow on br-int (not timed), then gives
# ovs-vswitchd's RCU thread a moment to free them, so that this does not
# compete with the next measurement.
empty_bridge () {
    ovs-ofctl -O OpenFlow15 del-flows br-int \
        || die "ovs-ofctl del-flows failed"
    check_count 0 "after del-flows"
    sleep 1
}

# add_flows FILE N: test-ofctrl's desired flows become FILE's N flows.
add_flows () {
    reply=$(ofc ofctrl/add-flows "$1" \
                11111111-1111-1111-1111-111111111111) \
        || die "ofctrl/add-flows failed: $reply"
    test "$reply" = "$2 flows added" \
        || die "ofctrl/add-flows: '$reply', expected '$2 flows added'"
}

# timed_put: prints how long 'ofctrl/put' until 'ofctrl/sync' returns
# takes, in seconds.
timed_put () {
    t0=$(now_ns)
    ofc ofctrl/put >/dev/null || die "ofctrl/put failed"
    ofc ofctrl/sync >/dev/null || die "ofctrl/sync failed"
    t1=$(now_ns)
    secs "$t0" "$t1"
}

# log_time LOG PATTERN: when the last line of LOG that matches PATTERN was
# written, in ns since the epoch.
log_time () {
    stamp=$(grep -E "$2" "$1" | tail -n 1 | cut -d'|' -f1)
    test -n "$stamp" && date -d "$stamp" +%s%N
}

# ofctl LOGNAME ARG...: ovs-ofctl, its messages (poll-loop and timeval
# chatter when it runs long) in a log of its own.
ofctl () {
    log=$dir/ovs-ofctl-$1.log
    shift
    ovs-ofctl "$@" 2>> "$log" \
        || die "ovs-ofctl $* failed; see $log"
}

# The baselines' sender: the benchmark's flows as OpenFlow 1.5 flow_mods
# (with test-ofctrl's cookie), encoded before the clock starts, then
# written back to back, alone and followed by one barrier, or in one
# atomic bundle (opened by its first add) and its COMMIT.  Prints the
# seconds from the first flow_mod to the barrier's or the COMMIT's reply.
write_sender () {
    cat > "$dir/ofp-send.py" <<'EOF'
import re, select, socket, struct, sys, time

OFP15 = 6
COOKIE = 0x11111111
BUNDLE_FLAGS = 3                # OFPBF_ATOMIC | OFPBF_ORDERED


def header(type_, length, xid):
    return struct.pack('!BBHI', OFP15, type_, length, xid)


def flow_mod(xid, table, priority, metadata, reg14, next_table):
    oxm = struct.pack('!IQ', 0x80000000 | (2 << 9) | 8, metadata)
    oxm += struct.pack('!II', 0x00010000 | (14 << 9) | 4, reg14)
    match = struct.pack('!HH', 1, 4 + len(oxm)) + oxm
    match += b'\0' * (-len(match) % 8)
    resubmit = struct.pack('!HHIHHB3x', 0xffff, 16, 0x2320, 14, 0xfff8,
                           next_table)
    apply_actions = struct.pack('!HH4x', 4, 8 + len(resubmit)) + resubmit
    body = struct.pack('!QQBBHHHIIIHH', COOKIE, 0, table, 0, 0, 0,
                       priority, 0xffffffff, 0xffffffff, 0xffffffff, 0, 0)
    body += match + apply_actions
    return header(14, 8 + len(body), xid) + body


def bundle_ctrl(xid, type_):
    return header(33, 16, xid) + struct.pack('!IHH', 1, type_,
                                             BUNDLE_FLAGS)


def bundle_add(xid, msg):
    length = 16 + len(msg)
    return (header(34, length, xid) + struct.pack('!IHH', 1, 0,
                                                  BUNDLE_FLAGS)
            + msg + b'\0' * (-length % 8))


mode, path, flows = sys.argv[1:4]
line_re = re.compile(r'table=(\d+),priority=(\d+),metadata=0x([0-9a-f]+),'
                     r'reg14=0x([0-9a-f]+),actions=resubmit\(,(\d+)\)$')
# 'pipelined-msg' writes each message with a send() of its own, as every
# controller built on OVS's rconn/vconn does (ofctrl included); the other
# modes write the whole stream in 256 KiB pieces.
per_message = mode == 'pipelined-msg'
msgs = []
out = bytearray()
xid = 1
for line in open(flows):
    m = line_re.match(line.strip())
    if not m:
        sys.exit('%s: cannot encode %r' % (flows, line))
    msg = flow_mod(xid, int(m[1]), int(m[2]), int(m[3], 16),
                   int(m[4], 16), int(m[5]))
    msg = bundle_add(xid, msg) if mode == 'bundle' else msg
    if per_message:
        msgs.append(msg)
    else:
        out += msg
    xid += 1
# The last message's reply ends the clock: the COMMIT's (type 33), else
# the barrier's (type 21).
last_xid = xid
if mode == 'bundle':
    last_type = 33
    out += bundle_ctrl(last_xid, 4)
else:
    last_type = 21
    if per_message:
        msgs.append(header(20, 8, last_xid))
    else:
        out += header(20, 8, last_xid)

sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.connect(path)
sock.sendall(header(0, 8, 0))
start = time.monotonic()
for msg in msgs:
    # The switch answers nothing but errors and the barrier, so blocking
    # writes cannot deadlock.
    sock.sendall(msg)
sock.setblocking(False)
view = memoryview(out)
sent = 0
rx = bytearray()
errors = 0
while True:
    want_write = [sock] if sent < len(out) else []
    readable, writable, _ = select.select([sock], want_write, [], 600)
    if not readable and not writable:
        sys.exit('timed out')
    if writable:
        try:
            sent += sock.send(view[sent:sent + 262144])
        except BlockingIOError:
            pass
    if not readable:
        continue
    data = sock.recv(1 << 20)
    if not data:
        sys.exit('connection closed by the switch')
    rx += data
    done = False
    while len(rx) >= 8:
        version, type_, length, rxid = struct.unpack_from('!BBHI', rx)
        if len(rx) < length:
            break
        if type_ == 0 and version < OFP15:
            sys.exit('the switch does not speak OpenFlow 1.5')
        elif type_ == 1:
            errors += 1
        elif type_ == 2:
            echo = bytearray(rx[:length])
            echo[1] = 3
            sock.setblocking(True)
            sock.sendall(echo)
            sock.setblocking(False)
        elif type_ == last_type and rxid == last_xid:
            done = True
        del rx[:length]
    if done:
        break
print('%.3f' % (time.monotonic() - start))
if errors:
    sys.exit('%d OpenFlow errors' % errors)
EOF
}

# raw_send MODE FLOWS: runs the sender, prints its time.
raw_send () {
    t=$($python "$dir/ofp-send.py" "$1" "$dir/br-int.mgmt" "$2") \
        || die "the $1 sender failed"
    echo "$t"
}

# The results of each size, one line each, for the summary.
: > "$dir/results"

# last METHOD: METHOD's latest time for the current size, or '-'.
last () {
    t=$(tail -n 1 "$dir/times-$n-$1")
    echo "${t:--}"
}

# ---------------------------------------------------------------------------
# bench N: phases 1 to 4 for N flows.
bench () {
    n=$1
    flows=$dir/flows-$n.txt
    awk -v n="$n" 'BEGIN {
        for (i = 0; i < n; i++) {
            printf "table=%d,priority=100,metadata=0x%x,reg14=0x%x," \
                   "actions=resubmit(,%d)\n",
                   8 + i % 4, 1 + int(i / 1000), i % 1000, 9 + i % 4
        }
    }' > "$flows"

    printf '\n== %d flows\n' "$n"
    load_before=$(cut -d' ' -f1 /proc/loadavg)

    # 1. Installs, the methods taking turns so that a slow moment of the
    # machine does not fall on one of them only.  ofctrl goes last, so
    # that after the last round its flows are on br-int for phases 2
    # and 3.
    for m in pipelined pipelined-msg bundle ofctl-bundle ofctrl; do
        : > "$dir/times-$n-$m"
    done
    r=1
    while test $r -le "$repeat"; do
        if test -n "$python"; then
            empty_bridge
            raw_send pipelined "$flows" >> "$dir/times-$n-pipelined"
            check_count "$n" "after the pipelined sender"
            empty_bridge
            raw_send pipelined-msg "$flows" \
                >> "$dir/times-$n-pipelined-msg"
            check_count "$n" "after the per-message pipelined sender"
            empty_bridge
            raw_send bundle "$flows" >> "$dir/times-$n-bundle"
            check_count "$n" "after the bundle sender"
        fi
        empty_bridge
        t0=$(now_ns)
        ofctl bundle -O OpenFlow15 --bundle add-flows br-int "$flows"
        t1=$(now_ns)
        check_count "$n" "after ovs-ofctl --bundle add-flows"
        secs "$t0" "$t1" >> "$dir/times-$n-ofctl-bundle"

        stop_daemon test-ofctrl "$test_ofctrl"
        empty_bridge
        start_test_ofctrl
        add_flows "$flows" "$n"
        timed_put >> "$dir/times-$n-ofctrl"
        check_count "$n" "after ofctrl/sync"
        echo "round $r: ofctrl $(last ofctrl) s," \
             "pipelined $(last pipelined) s," \
             "per-message $(last pipelined-msg) s, bundle $(last bundle) s," \
             "ovs-ofctl --bundle $(last ofctl-bundle) s"
        r=$((r + 1))
    done
    t_ofctrl=$(median "$dir/times-$n-ofctrl")
    t_pipe=$(median "$dir/times-$n-pipelined")
    t_pmsg=$(median "$dir/times-$n-pipelined-msg")
    t_bundle=$(median "$dir/times-$n-bundle")
    t_ofctl_bundle=$(median "$dir/times-$n-ofctl-bundle")
    t_pipe=${t_pipe:-0} t_pmsg=${t_pmsg:-0} t_bundle=${t_bundle:-0}
    echo "medians: ofctrl $t_ofctrl s ($(rate "$n" "$t_ofctrl") flows/s)," \
         "pipelined $t_pipe s ($(rate "$n" "$t_pipe") flows/s)," \
         "per-message $t_pmsg s ($(rate "$n" "$t_pmsg") flows/s)," \
         "bundle $t_bundle s ($(rate "$n" "$t_bundle") flows/s)," \
         "ovs-ofctl --bundle $t_ofctl_bundle s" \
         "($(rate "$n" "$t_ofctl_bundle") flows/s)"

    # 2. ovs-vswitchd killed and restarted under test-ofctrl.
    kill9_daemon ovs-vswitchd ovs-vswitchd
    t0=$(now_ns)
    start_vswitchd
    t_up=
    deadline=$(($(date +%s) + timeout))
    while :; do
        got=$(flow_count)
        if test -n "$got" && test -z "$t_up"; then
            t_up=$(now_ns)
        fi
        test "$got" != "$n" || break
        test "$(date +%s)" -lt $deadline \
            || die "br-int still holds ${got:-?} of $n flows" \
                   "$timeout s after ovs-vswitchd restarted"
        sleep 0.02
    done
    t1=$(now_ns)
    t_vsw=$(secs "$t0" "$t1")
    t_vsw_up=$(secs "$t0" "$t_up")
    t_conn=$(log_time "$dir/test-ofctrl.log" 'rconn.*: connected$')
    t_vsw_conn=$(secs "$t0" "${t_conn:-$t0}")
    echo "ovs-vswitchd restart: $n flows back after $t_vsw s" \
         "(switch answering after $t_vsw_up s," \
         "test-ofctrl reconnected after $t_vsw_conn s)"
    ofc ofctrl/sync >/dev/null || die "ofctrl/sync after restart failed"

    # 3. test-ofctrl killed and restarted, br-int's flows counted all the
    # while.  The counter stops by itself at the deadline, or when told.
    rm -f "$dir/counter.stop"
    deadline=$(($(date +%s) + 2 * timeout))
    (
        while test ! -e "$dir/counter.stop" \
                && test "$(date +%s)" -lt $deadline; do
            got=$(flow_count)
            echo "${got:-none}"
        done > "$dir/counts-$n"
    ) &
    counter=$!
    wait_until "the flow counter to start" test -s "$dir/counts-$n"
    kill9_daemon test-ofctrl "$test_ofctrl"
    t0=$(now_ns)
    start_test_ofctrl
    add_flows "$flows" "$n"
    t_put=$(now_ns)
    ofc ofctrl/put >/dev/null || die "ofctrl/put failed"
    ofc ofctrl/sync >/dev/null || die "ofctrl/sync failed"
    t1=$(now_ns)
    # A few more samples after the new instance's bundle.
    samples=$(wc -l < "$dir/counts-$n")
    wait_until "more flow counts" counted_more "$dir/counts-$n" "$samples"
    touch "$dir/counter.stop"
    wait "$counter"
    counter=
    n_samples=$(wc -l < "$dir/counts-$n")
    n_none=$(grep -c '^none$' "$dir/counts-$n")
    min=$(grep -v '^none$' "$dir/counts-$n" | sort -n | head -n 1)
    t_restart=$(secs "$t0" "$t1")
    t_restart_put=$(secs "$t_put" "$t1")
    check_count "$n" "after test-ofctrl restarted"
    echo "test-ofctrl restart, counter running: sync returned" \
         "$t_restart s after the restart ($t_restart_put s from put);" \
         "flow count min ${min:-?} over $n_samples samples" \
         "($n_none without an answer)"

    kill9_daemon test-ofctrl "$test_ofctrl"
    t0=$(now_ns)
    start_test_ofctrl
    add_flows "$flows" "$n"
    t_quiet_put=$(timed_put)
    t1=$(now_ns)
    t_quiet=$(secs "$t0" "$t1")
    check_count "$n" "after test-ofctrl restarted"
    echo "test-ofctrl restart, no counter: sync returned $t_quiet s" \
         "after the restart ($t_quiet_put s from put)"
    stop_daemon test-ofctrl "$test_ofctrl"

    # 4. ovs-ofctl add-flows, and its parsing alone: it parses the whole
    # file before it connects, so an unreachable target times just that.
    t0=$(now_ns)
    ovs-ofctl -O OpenFlow15 --no-names add-flows "unix:$dir/nowhere" \
        "$flows" 2>/dev/null
    t1=$(now_ns)
    t_parse=$(secs "$t0" "$t1")
    empty_bridge
    t0=$(now_ns)
    ofctl lockstep -O OpenFlow15 add-flows br-int "$flows"
    t1=$(now_ns)
    check_count "$n" "after ovs-ofctl add-flows"
    t_lockstep=$(secs "$t0" "$t1")
    echo "ovs-ofctl add-flows (a barrier after each flow_mod):" \
         "$t_lockstep s ($(rate "$n" "$t_lockstep") flows/s);" \
         "its parsing alone: $t_parse s"
    empty_bridge

    load_after=$(cut -d' ' -f1 /proc/loadavg)
    echo "load average: $load_before before, $load_after after"
    echo "$n $t_ofctrl $t_pipe $t_bundle $t_ofctl_bundle $t_lockstep" \
         "$t_parse $t_vsw $t_vsw_up $t_vsw_conn $t_restart" \
         "$t_restart_put ${min:-0} $n_samples $t_quiet $t_quiet_put" \
         "$t_pmsg" >> "$dir/results"
}

# ---------------------------------------------------------------------------
# Start-up: ovsdb-server, ovs-vswitchd (dummy datapath), br-int as the
# testsuite's OVS_SANDBOX_START makes it.

echo "ofctrl-switch-bench: $(nproc) CPUs" \
     "($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo \
         | head -n 1)), $(ovs-vswitchd --version | head -n 1)"
echo "ofctrl-switch-bench: sizes $sizes, $repeat rounds;" \
     "work directory $dir"
test -z "$python" || write_sender
ovsdb-tool create "$dir/conf.db" "$ovs_schema" \
    || die "ovsdb-tool create failed"
start_daemon ovsdb-server ovsdb-server --remote=punix:"$dir/db.sock" \
    "$dir/conf.db"
ovs-vsctl --no-wait init || die "ovs-vsctl init failed"
start_vswitchd
ovs-vsctl --timeout=10 -- add-br br-int \
    -- set bridge br-int datapath_type=dummy fail-mode=secure \
           protocols=OpenFlow13,OpenFlow14,OpenFlow15 \
    || die "cannot create br-int"

for n in $sizes; do
    bench "$n"
done

# ---------------------------------------------------------------------------
# Summary.

# each_result FUNCTION: runs FUNCTION once for each size, with that size's
# results in the variables below (as 'bench' wrote them).
each_result () {
    while read -r n t_of t_pi t_bu t_ob t_ls t_pa t_vsw t_up t_conn t_rs \
                  t_rsp min samples t_q t_qp t_pm; do
        "$1"
    done < "$dir/results"
}

install_row () {
    line=$(printf '%7d' "$n")
    for t in "$t_of" "$t_pi" "$t_pm" "$t_bu" "$t_ob" "$t_ls"; do
        if test "$t" = 0; then
            line="$line $(printf '%18s' -)"
        else
            line="$line $(printf '%8s (%7s)' "$t" "$(rate "$n" "$t")")"
        fi
    done
    echo "$line"
}

ratio_row () {
    printf '%7d %9sx %11sx %9sx %18sx %9sx\n' "$n" \
           "$(ratio "$t_of" "$t_pi")" "$(ratio "$t_of" "$t_pm")" \
           "$(ratio "$t_of" "$t_bu")" "$(ratio "$t_of" "$t_ob")" \
           "$(ratio "$t_of" "$t_ls")"
}

restart_row () {
    printf '%7d %14s %14s %14s %14s %12s\n' "$n" "$t_vsw" "$t_rs" \
           "$t_q" "$min" "$samples"
}

missed=false
check_targets () {
    if test "$t_pi" = 0; then
        echo "$n flows: no pipelined baseline (no python3), ratio not" \
             "checked"
    elif awk -v a="$t_of" -v b="$t_pi" 'BEGIN { exit !(a <= 1.10 * b) }'
    then
        echo "$n flows: met: ofctrl within 1.10x pipelined" \
             "($(ratio "$t_of" "$t_pi")x)"
    else
        echo "$n flows: MISSED: ofctrl takes $(ratio "$t_of" "$t_pi")x" \
             "the pipelined time (target 1.10x)"
        missed=true
    fi
    if test "$t_pm" != 0; then
        # Not a target of its own: what any rconn-based controller can
        # reach, since rconn writes one message per send().
        echo "$n flows: ofctrl takes $(ratio "$t_of" "$t_pm")x the time" \
             "of a pipelined sender writing one message per send()"
    fi
    if test "$min" -ge "$n"; then
        echo "$n flows: met: flow count never below $n across the" \
             "test-ofctrl restart"
    else
        echo "$n flows: MISSED: flow count dropped to $min across the" \
             "test-ofctrl restart"
        missed=true
    fi
}

printf '\n== Installs: median seconds (flows/s)\n'
printf '%7s %18s %18s %18s %18s %18s %18s\n' flows ofctrl pipelined \
       'per-message' bundle 'ovs-ofctl --bundle' 'ovs-ofctl'
each_result install_row

printf '\n== ofctrl time / baseline time\n'
printf '%7s %10s %12s %10s %19s %10s\n' flows pipelined per-message \
       bundle 'ovs-ofctl --bundle' ovs-ofctl
each_result ratio_row

printf '\n== Restarts: seconds\n'
printf '%7s %14s %14s %14s %14s %12s\n' flows 'vswitchd' \
       'ofctrl+counter' 'ofctrl alone' 'min count' samples
each_result restart_row

echo
each_result check_targets

succeeded=true
if $strict && $missed; then
    exit 2
fi
exit 0
