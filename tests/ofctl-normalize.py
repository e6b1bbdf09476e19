#! /usr/bin/env python3
# ofctl-normalize.py: prints br-int's flows, groups and meters in a
# canonical form, so that two ovn-controllers that programmed the same
# logical topology on two fresh sandboxes can be compared with diff.
#
#   ofctl-normalize.py FLOWS [--groups=FILE] [--meters=FILE]
#                      [--ct-zones=FILE] [--ports=FILE]
#   ofctl-normalize.py --traces=yes TRACES [--ct-zones=FILE] [--ports=FILE]
#
# FLOWS is 'ovs-ofctl -O OpenFlow15 dump-flows br-int' output ('-' for
# stdin), GROUPS 'dump-groups', METERS 'dump-meters'.  CT-ZONES has one
# "NAME ZONE" line per conntrack zone that br-int's external_ids record
# (ct-zone-NAME=ZONE; tests/ovn-macros.at's ct_zones prints them), PORTS
# one "OFPORT NAME" line per port of br-int.
#
# What is dropped or rewritten, and why each is not a real difference
# (docs/parity.rst has the evidence):
#
#   - cookies, durations, packet and byte counts, ages: ours and 23.03
#     derive cookies from different rows; the rest are statistics.
#   - conjunction IDs (conj_id=N, conjunction(N,K/M)): each controller
#     allocates them its own way.  Each becomes CONJ(H), H a hash of what
#     the ID stands for: the conj_id flows that match it (table, priority,
#     match, actions) and every clause (table, priority, match, K/M) that
#     feeds it.  Conjunction actions in one flow are sorted.
#   - group IDs (group_id=N, group:N) and meter IDs (meter=N, meter:N,
#     meter_id=N): allocated.  Each becomes GROUP(H) or METER(H), H a hash
#     of the group's type and buckets or the meter's flags and bands.
#   - conntrack zones (set_field:0xN->reg11/12/13, zone=N): allocated.
#     Each becomes ZONE(NAME), NAME the external_ids key that owns it.
#   - OpenFlow port numbers (in_port=N, output:N, a bundle's members:N,M):
#     become the port's name when PORTS gives it, so a tunnel that got
#     another number compares.
#   - the order of the per-port deliveries of a multicast group in table
#     40 (the Southbound's order, which nothing specifies): sorted.  A
#     conntrack zone load in such a flow that nothing reads (another zone
#     load follows it, or it is after the last delivery) is dropped: 23.03
#     loads the zone of each member that has one, also of a member it
#     then does not deliver to (an external port), which the order of the
#     members would otherwise carry into one delivery or another.
#   - the order of flows: sorted within each table, tables in order.
#
# With --traces=yes, TRACES has "NAME DATAPATH-ACTIONS" lines (the last
# line of 'ofproto/trace'); conntrack zones are renamed as above,
# recirculation IDs and the cookies in a controller action become ID and
# COOKIE, passes after a recirculation are separated by '|', the
# datapath's port numbers (PORTS: "ODP-PORT NAME" lines, from 'dpif/show')
# become names, and consecutive outputs to ports (a multicast group's, in
# the Southbound's order, as in table 40) are sorted.
#
# Nothing else is touched: a flow more or less, another match, priority or
# action, another bucket or band all show.

import hashlib
import re
import sys


def die(msg):
    sys.stderr.write("ofctl-normalize: %s\n" % msg)
    sys.exit(2)


def digest(text):
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def read_lines(name):
    if name is None:
        return []
    try:
        if name == "-":
            return sys.stdin.read().splitlines()
        with open(name) as f:
            return f.read().splitlines()
    except OSError as e:
        die("%s: %s" % (name, e.strerror))


def is_reply_header(line):
    return re.match(r"^(OFPST|NXST)_[A-Z_]* reply", line) is not None


# --------------------------------------------------------------------------
# Conntrack zones and ports: plain renamings.

def zone_map(lines):
    zones = {}
    for line in lines:
        fields = line.split()
        if len(fields) != 2 or not fields[1].isdigit():
            die("bad ct-zones line: %r" % line)
        zones[int(fields[1])] = fields[0]
    return zones


def name_zones(text, zones):
    def reg(m):
        n = int(m.group(1), 16)
        if n in zones:
            return "set_field:ZONE(%s)->reg1%s" % (zones[n], m.group(2))
        return m.group(0)

    def lit(m):
        n = int(m.group(2), 0)
        if n in zones:
            return "%sZONE(%s)" % (m.group(1), zones[n])
        return m.group(0)

    text = re.sub(r"set_field:(0x[0-9a-f]+)->reg1([123])\b", reg, text)
    return re.sub(r"(\bzone=)(0x[0-9a-f]+|[0-9]+)\b", lit, text)


def port_map(lines):
    ports = {}
    for line in lines:
        fields = line.split()
        if len(fields) != 2 or not fields[0].isdigit():
            die("bad ports line: %r" % line)
        ports[fields[0]] = fields[1]
    return ports


def name_ports(text, ports):
    def sub(m):
        return m.group(1) + ports.get(m.group(2), m.group(2))

    def bundle(m):
        return m.group(1) + ",".join(ports.get(p, p)
                                     for p in m.group(2).split(","))
    text = re.sub(r"(\bin_port=|\boutput:)([0-9]+)\b", sub, text)
    return re.sub(r"(\bmembers:)([0-9]+(?:,[0-9]+)*)", bundle, text)


# --------------------------------------------------------------------------
# Flows.

STATS = re.compile(r"\b(cookie|duration|n_packets|n_bytes|idle_age|"
                   r"hard_age)=[^ ,]*, ?")


def parse_flow(line):
    """Returns (table, 'priority=... actions=...') for a dump-flows line."""
    line = STATS.sub("", line.strip())
    table = 0
    m = re.match(r"table=([0-9]+), ?", line)
    if m:
        table = int(m.group(1))
        line = line[m.end():]
    return table, line


def split_actions(flow):
    i = flow.find(" actions=")
    if i < 0:
        die("no actions in flow: %r" % flow)
    return flow[:i], flow[i + len(" actions="):]


def split_top(text):
    """Splits on the commas that are not inside parentheses."""
    parts, depth, cur = [], 0, ""
    for c in text:
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        cur += c
    parts.append(cur)
    return parts


CONJ_ACT = re.compile(r"conjunction\(([0-9]+),([0-9]+/[0-9]+)\)")
CONJ_ID = re.compile(r"\bconj_id=([0-9]+)")


def name_conjunctions(flows):
    """flows: list of (table, flow).  Renames conjunction IDs by content."""
    content = {}
    for table, flow in flows:
        match, actions = split_actions(flow)
        m = CONJ_ID.search(match)
        if m:
            key = "%d %s actions=%s" % (table, CONJ_ID.sub("conj_id", match),
                                        actions)
            content.setdefault(m.group(1), []).append("result " + key)
        for a in CONJ_ACT.finditer(actions):
            content.setdefault(a.group(1), []).append(
                "clause %d %s %s" % (table, match, a.group(2)))
    names, used = {}, {}
    # Two IDs with the same content are interchangeable: they get the same
    # hash and a suffix in the order of their content's first flow, which
    # is the same whoever allocated them.
    for conj_id in sorted(content, key=lambda c: sorted(content[c])):
        h = digest("\n".join(sorted(content[conj_id])))
        used[h] = used.get(h, 0) + 1
        names[conj_id] = h if used[h] == 1 else "%s.%d" % (h, used[h])

    out = []
    for table, flow in flows:
        match, actions = split_actions(flow)
        match = CONJ_ID.sub(lambda m: "conj_id=CONJ(%s)" % names[m.group(1)],
                            match)
        parts = split_top(actions)
        conj = sorted("conjunction(CONJ(%s),%s)"
                      % (names[CONJ_ACT.match(p).group(1)],
                         CONJ_ACT.match(p).group(2))
                      for p in parts if CONJ_ACT.match(p))
        if conj:
            others = [p for p in parts if not CONJ_ACT.match(p)]
            actions = ",".join(conj + others)
        out.append((table, "%s actions=%s" % (match, actions)))
    return out


FLOOD = re.compile(r"\breg15=0x[89a-f][0-9a-f]{3}(,|$)")


def split_top_level(actions):
    """Splits 'actions' at the commas outside parentheses."""
    out, depth, cur = [], 0, ""
    for c in actions:
        if c == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += (c == "(") - (c == ")")
        cur += c
    out.append(cur)
    return out


def drop_dead_zone_loads(actions):
    """Drops each load of reg13 (the conntrack zone) that nothing reads:
    only set_field actions follow it up to the next load of reg13 or the
    end of the actions."""
    acts = split_top_level(actions)
    keep = []
    for i, a in enumerate(acts):
        if a.startswith("set_field:") and a.endswith("->reg13"):
            dead = True
            for b in acts[i + 1:]:
                if b.startswith("set_field:") and b.endswith("->reg13"):
                    break
                if not b.startswith("set_field:"):
                    dead = False
                    break
            if dead:
                continue
        keep.append(a)
    return ",".join(keep)


def sort_flood_ports(table, flow):
    """Table 40's multicast flows deliver to each local port in turn,
    each delivery ending in resubmit(,41); sorts the deliveries."""
    if table != 40:
        return flow
    match, actions = split_actions(flow)
    if not FLOOD.search(match):
        return flow
    actions = drop_dead_zone_loads(actions)
    flow = "%s actions=%s" % (match, actions)
    parts = actions.split("resubmit(,41),")
    if len(parts) < 3:
        return flow
    deliveries = sorted(p + "resubmit(,41)," for p in parts[:-1])
    return "%s actions=%s%s" % (match, "".join(deliveries), parts[-1])


# --------------------------------------------------------------------------
# Groups and meters.

def name_groups(lines, zones, ports):
    """Returns ({id: name}, [canonical group lines])."""
    names, groups, used = {}, [], {}
    for line in lines:
        line = line.strip()
        if not line or is_reply_header(line):
            continue
        m = re.match(r"group_id=([0-9]+),(.*)$", line)
        if not m:
            die("bad group: %r" % line)
        body = name_ports(name_zones(m.group(2), zones), ports)
        h = digest(body)
        used[h] = used.get(h, 0) + 1
        name = h if used[h] == 1 else "%s.%d" % (h, used[h])
        names[m.group(1)] = name
        groups.append("group_id=GROUP(%s),%s" % (name, body))
    return names, sorted(groups)


def name_meters(lines):
    """dump-meters prints 'meter=N FLAGS bands=' and then one band a line.
    Returns ({id: name}, [canonical meter lines])."""
    meters, cur = [], None
    for line in lines:
        line = line.strip()
        if not line or is_reply_header(line):
            continue
        m = re.match(r"meter=([0-9]+) (.*)$", line)
        if m:
            cur = [m.group(1), [m.group(2)]]
            meters.append(cur)
        elif cur is not None:
            cur[1].append(line)
        else:
            die("bad meter line: %r" % line)
    names, out, used = {}, [], {}
    for meter_id, body in meters:
        text = " ".join(body)
        h = digest(text)
        used[h] = used.get(h, 0) + 1
        name = h if used[h] == 1 else "%s.%d" % (h, used[h])
        names[meter_id] = name
        out.append("meter=METER(%s) %s" % (name, text))
    return names, sorted(out)


def rename(text, pattern, fmt, names):
    def sub(m):
        if m.group(2) not in names:
            # A reference to a group or meter that the switch does not
            # have: keep the number, so that it shows.
            return m.group(0)
        return "%s%s" % (m.group(1), fmt % names[m.group(2)])
    return re.sub(pattern, sub, text)


def normalize_traces(lines, zones, odp_ports):
    """Each line is "NAME DATAPATH-ACTIONS" ('ofproto/trace''s last line):
    renames conntrack zones, recirculation IDs (allocated) and the
    datapath's port numbers (after the order ports were added in)."""
    out = []
    for line in lines:
        name, _, actions = line.partition(" ")
        actions = name_zones(actions, zones)
        actions = re.sub(r"\brecirc\(0x[0-9a-f]+\)", "recirc(ID)", actions)
        actions = re.sub(r"\brecirc_id\(0x[0-9a-f]+\)", "recirc_id(ID)",
                         actions)
        # A packet sent to the controller: its continuation's recirculation
        # and the cookie of the flow that sent it.
        actions = re.sub(r"\brecirc_id=[0-9]+", "recirc_id=ID", actions)
        actions = re.sub(r"\brule_cookie=0x[0-9a-f]+", "rule_cookie=COOKIE",
                         actions)
        passes = []
        names = set(odp_ports.values())
        for p in actions.split("|"):
            # Consecutive outputs to ports are a multicast group's
            # deliveries, in the Southbound's order: sorted, as in table 40.
            acts, run = [], []
            for a in split_top(p) + [None]:
                a = odp_ports.get(a, a)
                if a in names:
                    run.append(a)
                    continue
                acts += sorted(run)
                run = []
                if a is not None:
                    acts.append(a)
            passes.append(",".join(acts))
        out.append("%s %s" % (name, "|".join(passes)))
    return out


def usage():
    with open(__file__) as f:
        for line in f.read().splitlines()[1:]:
            if not line.startswith("#"):
                break
            sys.stdout.write(line[2:] + "\n")


def main(argv):
    opts = {"groups": None, "meters": None, "ct-zones": None,
            "ports": None, "traces": None}
    flows_file = None
    for arg in argv:
        if arg.startswith("--") and "=" in arg:
            key, value = arg[2:].split("=", 1)
            if key not in opts:
                die("unknown option %s" % arg)
            opts[key] = value
        elif arg in ("-h", "--help"):
            usage()
            return 0
        elif flows_file is None:
            flows_file = arg
        else:
            die("usage: ofctl-normalize.py FLOWS [--groups=FILE] "
                "[--meters=FILE] [--ct-zones=FILE] [--ports=FILE]")
    if flows_file is None:
        die("no FLOWS given (use - for stdin)")

    zones = zone_map(read_lines(opts["ct-zones"]))
    ports = port_map(read_lines(opts["ports"]))
    if opts["traces"] is not None:
        # FLOWS is trace lines, PORTS the datapath's ports.
        for line in normalize_traces(read_lines(flows_file), zones, ports):
            sys.stdout.write(line + "\n")
        return 0
    group_names, groups = name_groups(read_lines(opts["groups"]), zones,
                                      ports)
    meter_names, meters = name_meters(read_lines(opts["meters"]))

    flows = []
    for line in read_lines(flows_file):
        if not line.strip() or is_reply_header(line):
            continue
        table, flow = parse_flow(line)
        flow = name_ports(name_zones(flow, zones), ports)
        flow = rename(flow, r"(\bgroup:)([0-9]+)", "GROUP(%s)", group_names)
        flow = rename(flow, r"(\bmeter:|\bmeter_id=)([0-9]+)", "METER(%s)",
                      meter_names)
        flows.append((table, sort_flood_ports(table, flow)))
    flows = name_conjunctions(flows)

    for table, flow in sorted(flows):
        sys.stdout.write("table=%d, %s\n" % (table, flow))
    for group in groups:
        sys.stdout.write("group %s\n" % group)
    for meter in meters:
        sys.stdout.write("meter %s\n" % meter)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
