# shellcheck shell=sh disable=SC2154  # daemons_* are set by the sourcing script
# ovn-daemons.sh: starting and stopping Open vSwitch and OVN daemons in a
# private directory, for the scripts that run whole chassis outside the
# testsuite (utilities/ovn-sandbox.sh, tests/perf/*-bench.sh).  Sourced,
# not run.  (The testsuite has its own, in tests/ovs-macros.at, which also
# registers cleanups and checks logs.)
#
# The sourcing script sets:
#   daemons_dir   where pidfiles and logs go (may change between starts)
#   daemons_list  the file that lists the daemons started, "DIR LABEL
#                 PROGRAM" a line, oldest first
#   daemons_name  its own name, for messages
#
# A daemon is known by its LABEL (pidfile DIR/LABEL.pid, log
# DIR/LABEL.log), so that several ovsdb-servers can run side by side; its
# unixctl socket keeps Open vSwitch's default name, DIR/PROGRAM.PID.ctl, so
# that 'ovs-appctl -t PROGRAM' reaches it when OVS_RUNDIR is DIR.

# pid_alive PID: a process that has exited but is not reaped yet does not
# count, unless it still has threads: after 'kill -9', a multithreaded
# daemon's main thread turns zombie before its other threads have let go
# of its files (its pidfile lock among them), and a new instance started
# then would refuse to run.
pid_alive () {
    kill -0 "$1" 2>/dev/null || return 1
    # The process may go between the test and the reads: then the next
    # call's kill -0 says so.
    if test -r "/proc/$1/status"; then
        ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null \
            || ! grep -q '^Threads:[[:space:]]*1$' "/proc/$1/status" \
                    2>/dev/null
    fi
}

# wait_for_exit PID SECONDS: fails if PID is still alive after SECONDS.
wait_for_exit () {
    daemons_tries=$(($2 * 50))
    while pid_alive "$1"; do
        daemons_tries=$((daemons_tries - 1))
        test $daemons_tries -gt 0 || return 1
        sleep 0.02
    done
}

# daemon_pid LABEL PROGRAM [DIR]: the pid in LABEL's pidfile in DIR
# (default $daemons_dir), if that process is alive and is PROGRAM, so that
# a stale pidfile never gets a stranger killed.
daemon_pid () {
    daemons_pidfile=${3:-$daemons_dir}/$1.pid
    test -s "$daemons_pidfile" || return 1
    daemons_pid=$(cat "$daemons_pidfile")
    pid_alive "$daemons_pid" || return 1
    if test -r "/proc/$daemons_pid/comm"; then
        # The kernel keeps the first 15 bytes of the program's name.
        test "$(cat "/proc/$daemons_pid/comm")" \
             = "$(basename "$2" | cut -c1-15)" || return 1
    fi
    echo "$daemons_pid"
}

# start_daemon LABEL PROGRAM [ARG...]: PROGRAM, detached, in $daemons_dir;
# exits the script if it does not start.
start_daemon () {
    daemons_label=$1 daemons_program=$2
    shift 2
    daemons_entry="$daemons_dir $daemons_label $daemons_program"
    grep -qxF "$daemons_entry" "$daemons_list" 2>/dev/null \
        || echo "$daemons_entry" >> "$daemons_list"
    if ! "$daemons_program" --detach --no-chdir -vconsole:off \
            --pidfile="$daemons_dir/$daemons_label.pid" \
            --log-file="$daemons_dir/$daemons_label.log" \
            "$@" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-; then
        echo "$daemons_name: $daemons_program failed to start;" \
             "see $daemons_dir/$daemons_label.log" >&2
        exit 1
    fi
}

# stop_daemon LABEL PROGRAM [DIR]: asks the daemon to exit, then insists.
stop_daemon () {
    daemons_d=${3:-$daemons_dir}
    daemons_pid=$(daemon_pid "$1" "$2" "$daemons_d") || return 0
    ovs-appctl --timeout=10 \
        -t "$daemons_d/$(basename "$2").$daemons_pid.ctl" exit \
        >/dev/null 2>&1 || kill "$daemons_pid" 2>/dev/null || :
    if ! wait_for_exit "$daemons_pid" 10; then
        echo "$daemons_name: $1 (pid $daemons_pid) did not exit," \
             "killing it" >&2
        kill -9 "$daemons_pid" 2>/dev/null || :
    fi
}

# stop_daemons: every daemon in $daemons_list, newest first; then the
# list is gone.
stop_daemons () {
    test -f "$daemons_list" || return 0
    sed '1!G;h;$!d' "$daemons_list" \
        | while read -r daemons_d daemons_label daemons_program; do
              stop_daemon "$daemons_label" "$daemons_program" "$daemons_d"
          done
    rm -f "$daemons_list"
}
