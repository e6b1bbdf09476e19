#! /usr/bin/env python3
"""hv-timeline.py: the propagation of workload a's last switch, as a table.

    tests/perf/hv-timeline.py [--early=MS] [--late=MS] RUNDIR [SWITCH]

RUNDIR is one side's directory of a run of tests/perf/lflow-bench.sh with
--timeline (DIR/portsN-SIDE, kept with --keep-dir).  There the script has
left 'timeline-marks' ("t1 HH:MM:SS.mmm": the last ovs-vsctl returned;
"t2 ...": 'ovn-nbctl --wait=hv sync' returned) and the output of
'ovsdb-client monitor --timestamp' on the Northbound (mon-nb-*), the
Southbound (mon-sb-*) and the chassis's database (mon-ovs-*).  Prints one
line per event, in ms from t1, from the Northbound commit of SWITCH (by
default the last one, lsN) to t2: the databases' updates as their monitor
received them (rows per update), and the lines of the side's
ovn-controller.log that say when it claimed the switch's first port and
set its last one up.  Both sides' ovn-controllers log those lines, so the
same table comes out for Debian's and ours.

A monitor is a client like any other: on a loaded machine its copy of an
update can arrive after t2 although the update came before it (hv_cfg
follows sb_cfg).  --late=MS also prints the databases' updates received
up to MS after t2, each marked "(received after t2)".  In the same way the
Northbound monitor's copy of the commit can arrive after the first
updates it caused: --early=MS also prints the databases' updates received
up to MS before it, each marked "(received before the commit)".
"""

import glob
import os
import re
import sys

STAMP = re.compile(r"^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d\.\d{3})")


def msec(hms):
    """HH:MM:SS.mmm as ms since midnight."""
    h, m, s = hms.split(":")
    return (int(h) * 3600 + int(m) * 60 + float(s)) * 1000


def monitor_updates(path):
    """The updates in an 'ovsdb-client monitor --timestamp' output:
    (time, [row lines]) for each."""
    updates = []
    rows = None
    with open(path) as f:
        for line in f:
            m = STAMP.match(line)
            if m:
                rows = []
                updates.append((m.group(2), rows))
            elif rows is not None and re.search(r"\b(initial|insert|new|"
                                                r"delete)\b", line):
                rows.append(line.split())
    return updates


def events(rundir, switch):
    """RUNDIR's marks ({name: time}), the time of SWITCH's commit (or
    None), every database update as (time, text), and ovn-controller's
    claim and 'up' lines as (time, text)."""
    marks = {}
    with open(os.path.join(rundir, "timeline-marks")) as f:
        for line in f:
            key, value = line.split()
            marks[key] = value
    out = [(marks["t1"], "t1: the last ovs-vsctl returned"),
           (marks["t2"], "t2: 'ovn-nbctl --wait=hv sync' returned")]
    start = None
    for path in sorted(glob.glob(os.path.join(rundir, "mon-*"))):
        what = os.path.basename(path)[4:]
        for when, rows in monitor_updates(path):
            if not rows or rows[0][1] == "initial":
                continue
            if what == "nb-Logical_Switch":
                if any(r[-1] == switch and "insert" in r for r in rows):
                    out.append((when, "Northbound: %s committed" % switch))
                    start = when
                continue
            if what.endswith("_Global") or what == "sb-Chassis_Private":
                # The new values: the last row line, after the action.
                new = [r for r in rows if "new" in r or "insert" in r]
                if new:
                    action = "new" if "new" in new[-1] else "insert"
                    values = new[-1][new[-1].index(action) + 1:]
                    out.append((when, "%s %s" % (what, " ".join(values))))
                    continue
            out.append((when, "%s: %d row(s)" % (what, len(rows))))
    claims, ups = [], []
    with open(os.path.join(rundir, "ovn-controller.log")) as f:
        for line in f:
            m = STAMP.match(line)
            if not m:
                continue
            what = "ovn-controller: " + line.rstrip().split("|")[-1]
            if "Claiming lport" in line and "for this chassis" in line:
                claims.append((m.group(2), what))
            elif re.search(r"Setting lport \S+ up in Southbound", line):
                ups.append((m.group(2), what))
    return marks, start, out, claims, ups


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    late = early = 0
    args = []
    for arg in argv[1:]:
        if arg.startswith("--late="):
            late = int(arg[len("--late="):])
        elif arg.startswith("--early="):
            early = int(arg[len("--early="):])
        else:
            args.append(arg)
    rundir = args[0]
    switch = args[1] if len(args) > 1 else None
    if switch is None:
        names = []
        for path in glob.glob(os.path.join(rundir, "mon-nb-Logical_Switch")):
            for _, rows in monitor_updates(path):
                names += [r[-1] for r in rows if "insert" in r]
        switch = max(names, key=lambda n: int(n[2:]), default="ls0")
    marks, start, out, claims, ups = events(rundir, switch)
    t1 = msec(marks["t1"])
    low = msec(start) if start else t1 - 1000
    high = msec(marks["t2"])
    # The first claim and the last 'up' of the switch's ports.
    claims = [c for c in claims if low <= msec(c[0]) <= high]
    ups = [u for u in ups if low <= msec(u[0]) <= high]
    out += claims[:1] + ups[-1:]
    for when, what in sorted(out):
        t = msec(when)
        if low <= t <= high:
            mark = ""
        elif what.startswith(("t1:", "ovn-controller:")):
            continue
        elif high < t <= high + late:
            mark = " (received after t2)"
        elif low - early <= t < low:
            mark = " (received before the commit)"
        else:
            continue
        print("%8.1f  %s  %s%s" % (t - t1, when, what, mark))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
