#! /bin/sh
# ovn-sandbox.sh: the project's demo.  Runs a whole OVN chassis in a private
# directory: ovsdb-server and ovs-vswitchd (dummy datapath, br-int in secure
# fail mode, br-ex for the provider network), OVN central (Northbound and
# Southbound ovsdb-servers and ovn-northd), a logical topology (switches
# sw0 and sw1 behind router lr0, whose distributed gateway port on switch
# pub leads to physnet through a localnet port, with SNAT; three VMs on
# VIFs of this chassis and a port bound to a second chassis that exists
# only in the Southbound) and our ovn-controller.  Then it shows what
# ovn-controller did: the ports it claimed, the tunnel to the other
# chassis, the flows on br-int by table, the conntrack zones, the logical
# flows by stage with the Logical_Flow owning each, and packets, traced
# and sent for real with netdev-dummy/receive and seen in the VIFs' tx
# pcaps: vif1 reaching vif2, an ACL dropping telnet, a packet for hv2
# leaving through its tunnel; VM 1 getting its address by DHCP from
# pinctrl; a ping across lr0 (TTL decremented, MACs rewritten); a ping
# out through the gateway, the next hop's MAC learnt by pinctrl (ARP,
# MAC_Binding) and the packets SNATed.  An ovn-controller that does not
# translate logical flows yet (no engine node lflow_output) says so, and
# the packets stop at table 8, where the logical pipeline begins.
#
#   utilities/ovn-sandbox.sh [OPTIONS]       ('make sandbox' runs this)
#
# Options:
#   --sandbox-dir=DIR  where everything lives (default: $OVN_SANDBOX_DIR,
#                      else BUILDDIR/sandbox)
#   --builddir=DIR     the ovn-cxx build tree (default: the current
#                      directory if it has been built, else the checkout
#                      holding this script)
#   --keep             leave the daemons running and write DIR/env.sh;
#                      '. DIR/env.sh' points ovs-vsctl, ovs-ofctl,
#                      ovs-appctl, ovn-nbctl and ovn-sbctl at them
#   --stop             stop the daemons a '--keep' run left, and exit
#   -h, --help         this help
#
# Every daemon, database, socket and log stays in DIR: the script never
# touches the system's Open vSwitch or OVN.  Running it again first stops
# whatever an earlier run left in DIR.

set -e -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=
sandbox=${OVN_SANDBOX_DIR:-}
keep=false
stop_only=false

usage () {
    sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
    exit 0
}

die () {
    echo "ovn-sandbox: $*" >&2
    exit 1
}

for arg; do
    case $arg in
        --sandbox-dir=*) sandbox=${arg#*=} ;;
        --builddir=*) builddir=${arg#*=} ;;
        --keep) keep=true ;;
        --stop) stop_only=true ;;
        -h|--help) usage ;;
        *) die "unknown option '$arg' (use --help for help)" ;;
    esac
done

if test -z "$builddir"; then
    if test -x ovn/controller/ovn-controller; then
        builddir=$PWD
    else
        builddir=$srcdir
    fi
fi
builddir=$(cd "$builddir" && pwd)
sandbox=${sandbox:-$builddir/sandbox}
case $sandbox in
    /*) ;;
    *) sandbox=$PWD/$sandbox ;;
esac

# The marker that makes DIR ours to empty on the next run.
marker=.ovn-sandbox

# Everything Open vSwitch and OVN would look for in /var/run, /var/log,
# /etc and /var/lib is in the sandbox instead, for the daemons and for
# every client run below.
use_sandbox_env () {
    for var in OVS_RUNDIR OVS_LOGDIR OVS_DBDIR OVS_SYSCONFDIR \
               OVN_RUNDIR OVN_LOGDIR OVN_DBDIR OVN_SYSCONFDIR; do
        eval "$var=\$sandbox; export $var"
    done
    OVN_NB_DB=unix:$sandbox/ovnnb_db.sock; export OVN_NB_DB
    OVN_SB_DB=unix:$sandbox/ovnsb_db.sock; export OVN_SB_DB
}

section () {
    printf '\n== %s\n' "$*"
}

# Daemons: start_daemon, stop_daemon, stop_daemons, daemon_pid, ...
daemons_dir=$sandbox
daemons_list=$sandbox/daemons
daemons_name=ovn-sandbox
# shellcheck source=utilities/ovn-daemons.sh
. "$srcdir/utilities/ovn-daemons.sh"

# wait_until DESCRIPTION COMMAND...: polls COMMAND for up to 10 s.
wait_until () {
    what=$1
    shift
    tries=100
    until "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        test $tries -gt 0 || die "timed out waiting for $what"
        sleep 0.1
    done
}

# ---------------------------------------------------------------------------
# Start-up.

use_sandbox_env

if test -d "$sandbox"; then
    if test ! -e "$sandbox/$marker" \
            && test -n "$(ls -A "$sandbox" 2>/dev/null)"; then
        die "$sandbox exists and is not a sandbox; not touching it"
    fi
    # An earlier '--keep' run may have left daemons behind.
    stop_daemons
fi
if $stop_only; then
    rm -f "$sandbox/env.sh"
    echo "ovn-sandbox: nothing runs in $sandbox any more"
    exit 0
fi

test -x "$builddir/ovn/controller/ovn-controller" \
    || die "no $builddir/ovn/controller/ovn-controller (run 'make')"
for program in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl \
               ovs-appctl ovn-northd ovn-nbctl ovn-sbctl; do
    command -v $program >/dev/null \
        || die "$program not found (Debian: openvswitch-switch, ovn-central)"
done
# The schemas configure found (tests/atlocal), unless the environment says
# otherwise.
ovs_schema=${OVS_SCHEMA:-}
ovn_schemadir=${OVN_SCHEMADIR:-}
atlocal=$builddir/tests/atlocal
# shellcheck source=/dev/null
if test -f "$atlocal"; then
    ovs_schema=${ovs_schema:-$(. "$atlocal"; echo "$OVS_SCHEMA")}
    ovn_schemadir=${ovn_schemadir:-$(. "$atlocal"; echo "$OVN_SCHEMADIR")}
fi
ovs_schema=${ovs_schema:-/usr/share/openvswitch/vswitch.ovsschema}
ovn_schemadir=${ovn_schemadir:-/usr/share/ovn}
test -f "$ovs_schema" || die "no $ovs_schema (set OVS_SCHEMA)"
test -f "$ovn_schemadir/ovn-nb.ovsschema" \
    || die "no $ovn_schemadir/ovn-nb.ovsschema (set OVN_SCHEMADIR)"

rm -rf "$sandbox"
mkdir -p "$sandbox"
touch "$sandbox/$marker"

succeeded=false
on_exit () {
    if $keep && $succeeded; then
        return
    fi
    section "Stopping the daemons (logs stay in $sandbox)"
    stop_daemons
}
trap on_exit EXIT
trap 'exit 1' HUP INT TERM

echo "ovn-sandbox: sandbox in $sandbox"

section "Open vSwitch: ovsdb-server, ovs-vswitchd (dummy datapath), br-int"
ovsdb-tool create "$sandbox/conf.db" "$ovs_schema"
start_daemon ovsdb-server ovsdb-server \
    --remote=punix:"$sandbox/db.sock" "$sandbox/conf.db"
ovs-vsctl --no-wait init
start_daemon ovs-vswitchd ovs-vswitchd \
    --enable-dummy=override --disable-system --disable-system-route
# What an ovn-controller on this chassis reads from the Open_vSwitch table.
ovs-vsctl --timeout=10 \
    -- add-br br-int \
    -- set bridge br-int datapath_type=dummy fail-mode=secure \
           protocols=OpenFlow13,OpenFlow14,OpenFlow15 \
    -- set Open_vSwitch . external_ids:system-id=sandbox-hv1 \
           external_ids:ovn-remote="$OVN_SB_DB" \
           external_ids:ovn-encap-type=geneve \
           external_ids:ovn-encap-ip=127.0.0.1 \
           external_ids:ovn-bridge=br-int

section "OVN central: Northbound and Southbound ovsdb-servers, ovn-northd"
ovsdb-tool create "$sandbox/ovnnb_db.db" "$ovn_schemadir/ovn-nb.ovsschema"
ovsdb-tool create "$sandbox/ovnsb_db.db" "$ovn_schemadir/ovn-sb.ovsschema"
start_daemon ovsdb-nb ovsdb-server --remote=p"$OVN_NB_DB" \
    "$sandbox/ovnnb_db.db"
start_daemon ovsdb-sb ovsdb-server --remote=p"$OVN_SB_DB" \
    "$sandbox/ovnsb_db.db"
start_daemon ovn-northd ovn-northd \
    --ovnnb-db="$OVN_NB_DB" --ovnsb-db="$OVN_SB_DB"
wait_until "ovn-northd to become active" \
    sh -c 'ovn-appctl -t ovn-northd status | grep -qx "Status: active"'
ovn-appctl -t ovn-northd status

section "Logical topology: switches sw0 and sw1 behind router lr0, whose" \
        "gateway port leads to the provider network physnet"
# sw0: sw0-port1 (VM 1, on vif1, which gets its address by DHCP) and
# sw0-port2 (VM 2, on vif2) here, sw0-port3 on hv2; an ACL drops telnet to
# sw0-port2.
ovn-nbctl ls-add sw0 \
    -- lsp-add sw0 sw0-port1 \
    -- lsp-set-addresses sw0-port1 "50:54:00:00:00:01 10.0.0.11" \
    -- lsp-add sw0 sw0-port2 \
    -- lsp-set-addresses sw0-port2 "50:54:00:00:00:02 10.0.0.12" \
    -- lsp-add sw0 sw0-port3 \
    -- lsp-set-addresses sw0-port3 "50:54:00:00:00:03 10.0.0.13" \
    -- acl-add sw0 to-lport 1000 'outport == "sw0-port2" && tcp.dst == 23' \
           drop
dhcp=$(ovn-nbctl create DHCP_Options cidr=10.0.0.0/24)
ovn-nbctl dhcp-options-set-options "$dhcp" lease_time=3600 \
    router=10.0.0.1 server_id=10.0.0.1 server_mac=00:00:00:00:ff:01 \
    -- lsp-set-dhcpv4-options sw0-port1 "$dhcp"
# sw1: sw1-port1 (VM 3, on vif3).
ovn-nbctl ls-add sw1 \
    -- lsp-add sw1 sw1-port1 \
    -- lsp-set-addresses sw1-port1 "50:54:00:00:01:01 10.0.1.11"
# pub: the provider network, through a localnet port on physnet, which
# this chassis maps to bridge br-ex.
ovn-nbctl ls-add pub \
    -- lsp-add pub pub-ln -- lsp-set-type pub-ln localnet \
    -- lsp-set-addresses pub-ln unknown \
    -- lsp-set-options pub-ln network_name=physnet
# lr0 joins them; lr0-pub is a distributed gateway port whose gateway
# chassis is this one, SNATs sw0 and sw1 to 172.16.0.1 and sends the rest
# of the world to 172.16.0.254.
ovn-nbctl lr-add lr0 \
    -- lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.1/24 \
    -- lrp-add lr0 lr0-sw1 00:00:00:00:ff:02 10.0.1.1/24 \
    -- lrp-add lr0 lr0-pub 00:00:00:00:ff:03 172.16.0.1/24 \
    -- lrp-set-gateway-chassis lr0-pub sandbox-hv1 10 \
    -- lr-nat-add lr0 snat 172.16.0.1 10.0.0.0/16 \
    -- lr-route-add lr0 0.0.0.0/0 172.16.0.254
for sw in sw0 sw1 pub; do
    ovn-nbctl lsp-add $sw $sw-lr0 -- lsp-set-type $sw-lr0 router \
        -- lsp-set-addresses $sw-lr0 router \
        -- lsp-set-options $sw-lr0 router-port=lr0-$sw
done
# The VIFs of the three VMs on this chassis, bound by iface-id, each
# recording what br-int sends it; and the provider network: br-ex, with
# one port, ext0, standing for the rest of the world.
ovs-vsctl --timeout=10 \
    -- add-port br-int vif1 \
    -- set interface vif1 external_ids:iface-id=sw0-port1 \
           options:tx_pcap="$sandbox/vif1-tx.pcap" \
           options:rxq_pcap="$sandbox/vif1-rx.pcap" \
    -- add-port br-int vif2 \
    -- set interface vif2 external_ids:iface-id=sw0-port2 \
           options:tx_pcap="$sandbox/vif2-tx.pcap" \
           options:rxq_pcap="$sandbox/vif2-rx.pcap" \
    -- add-port br-int vif3 \
    -- set interface vif3 external_ids:iface-id=sw1-port1 \
           options:tx_pcap="$sandbox/vif3-tx.pcap" \
           options:rxq_pcap="$sandbox/vif3-rx.pcap" \
    -- add-br br-ex \
    -- set bridge br-ex datapath_type=dummy \
    -- add-port br-ex ext0 \
    -- set interface ext0 options:tx_pcap="$sandbox/ext0-tx.pcap" \
           options:rxq_pcap="$sandbox/ext0-rx.pcap" \
    -- set Open_vSwitch . external_ids:ovn-bridge-mappings=physnet:br-ex
# A second chassis that exists only in the Southbound (nothing runs for
# it): this chassis still builds a tunnel to it, and sends what is for
# sw0-port3 into that tunnel.  lsp-bind needs sw0-port3's Port_Binding,
# which ovn-northd creates.
ovn-nbctl --wait=sb --timeout=10 sync
ovn-sbctl chassis-add hv2 geneve 192.168.0.2 -- lsp-bind sw0-port3 hv2
ovn-nbctl show

# ---------------------------------------------------------------------------
# run_controller: starts ovn-controller for this chassis (system-id
# sandbox-hv1, from the Open_vSwitch row above) and waits until it has
# claimed its ports and the switch has acknowledged their flows.
# ---------------------------------------------------------------------------

oc () {
    ovs-appctl -t ovn-controller "$@"
}

# port_up LPORT: whether LPORT's Port_Binding says up=true, which
# ovn-controller sets once br-int has the port's flows.
port_up () {
    test "$(ovn-sbctl --bare --columns=up find Port_Binding \
              logical_port="$1")" = true
}

run_controller () {
    start_daemon ovn-controller "$builddir/ovn/controller/ovn-controller" \
        unix:"$sandbox/db.sock"
    wait_until "ovn-controller to claim sw0-port1 and set it up" \
        port_up sw0-port1
    wait_until "ovn-controller to claim sw0-port2 and set it up" \
        port_up sw0-port2
    wait_until "ovn-controller to claim sw1-port1 and set it up" \
        port_up sw1-port1
    wait_until "ovn-controller to claim the gateway port cr-lr0-pub" \
        sh -c 'test -n "$(ovn-sbctl --bare --columns=chassis find \
                             Port_Binding logical_port=cr-lr0-pub)"'
    # Returns once every ovn-controller (every Chassis_Private: hv2, added
    # by hand, has none) has reported the Northbound's current
    # configuration, which ours does once br-int has the flows for it.
    ovn-nbctl --wait=hv --timeout=10 sync
    echo "ovn-controller: $(oc connection-status) to the Southbound;" \
         "'ovn-nbctl --wait=hv sync' returned"
    ovn-sbctl --format=table --columns=name,nb_cfg list Chassis_Private
}

section "run_controller: ovn-controller programs br-int"
run_controller

# ---------------------------------------------------------------------------
# What it did.

# unquote: drops the double quotes OVSDB clients put around strings.
unquote () {
    sed 's/"//g'
}

section "Port bindings (ovn-sbctl --columns=logical_port,chassis,up list" \
        "Port_Binding), with their interfaces on br-int"
printf '%-12s %-12s %-6s %-10s %-7s %s\n' \
    logical_port chassis up interface ofport ovn-installed
ovn-sbctl --format=csv --data=bare --no-headings \
    --columns=logical_port,chassis,up list Port_Binding | sort \
    | while IFS=, read -r lport chassis up; do
    if test -n "$chassis"; then
        chassis=$(ovn-sbctl get Chassis "$chassis" name | unquote)
    fi
    iface=$(ovs-vsctl --bare --columns=name find Interface \
                external_ids:iface-id="$lport")
    ofport='' installed=''
    if test -n "$iface"; then
        ofport=$(ovs-vsctl get Interface "$iface" ofport)
        installed=$(ovs-vsctl --if-exists get Interface "$iface" \
                        external_ids:ovn-installed | unquote)
    fi
    printf '%-12s %-12s %-6s %-10s %-7s %s\n' "$lport" "${chassis:--}" \
        "${up:--}" "${iface:--}" "${ofport:--}" "${installed:--}"
done
echo "(sw0-port3's chassis and up=true were written by 'ovn-sbctl" \
     "lsp-bind': nothing runs for hv2.)"

section "Tunnels to the other chassis (ovs-vsctl)"
for port in $(ovs-vsctl list-ports br-int); do
    id=$(ovs-vsctl --if-exists get Port "$port" \
             external_ids:ovn-chassis-id | unquote)
    test -n "$id" || continue
    echo "$port: external_ids:ovn-chassis-id=$id" \
         "type=$(ovs-vsctl get Interface "$port" type)" \
         "ofport=$(ovs-vsctl get Interface "$port" ofport)"
    echo "    options=$(ovs-vsctl get Interface "$port" options)"
done

# table_role TABLE: what the physical flows in TABLE do (OVN 23.03's
# layout; see docs/ovn-controller.rst).
table_role () {
    case $1 in
        0) echo "classification: from a local VIF or a tunnel into the" \
                "logical pipeline" ;;
        37) echo "MTU check, detect: nothing to check yet, pass through" ;;
        38) echo "MTU check, process: pass through (to 40 if loopback is" \
                 "allowed, else 39)" ;;
        39) echo "remote output: to a port on another chassis, into its" \
                 "tunnel" ;;
        40) echo "local output: to a port on this chassis, with its" \
                 "conntrack zones" ;;
        41) echo "loopback check: never back out of the input port;" \
                 "clear registers, on to the egress pipeline" ;;
        64) echo "save in_port: lets a packet go back out of its input" \
                 "port when that is allowed" ;;
        65) echo "output to the VIF" ;;
        *) echo "logical flows" ;;
    esac
}

# cookie_of UUID: the cookie of the flows that the row UUID owns, as
# ovs-ofctl prints it (its first 32 bits, without leading zeros).
cookie_of () {
    printf '0x%x' "0x${1%%-*}"
}

section "br-int flows (ovs-ofctl -O OpenFlow15 dump-flows br-int)," \
        "by table"
# Each line prefixed with its table (ovs-ofctl leaves out "table=0", and
# "cookie=0x0").
flows=$sandbox/flows.txt
ovs-ofctl -O OpenFlow15 --no-stats dump-flows br-int \
    | sed -e '/^OFPST_FLOW reply/d' -e 's/^ *//' \
    | awk '{
          t = 0
          if (match($0, /(^|, )table=[0-9]+,/)) {
              t = substr($0, RSTART, RLENGTH)
              gsub(/[^0-9]/, "", t)
          }
          print t, $0
      }' > "$flows"
echo "$(grep -c . "$flows") flows; each one's cookie is the first 32 bits" \
     "of the Southbound row that owns it:"
{
    ovn-sbctl --format=csv --data=bare --no-headings \
        --columns=_uuid,logical_port list Port_Binding \
        | sed 's/^\([^,]*\),/\1,Port_Binding /'
    ovn-sbctl --format=csv --data=bare --no-headings \
        --columns=_uuid,name list Multicast_Group \
        | sed 's/^\([^,]*\),/\1,Multicast_Group /'
    ovn-sbctl --format=csv --data=bare --no-headings \
        --columns=_uuid,name list Chassis \
        | sed 's/^\([^,]*\),/\1,Chassis /'
    # Physical::DEFAULT_FLOWS_OWNER.
    echo "0f10e500-0000-defa-0000-0017000f1005,no row (the default flows)"
} | sort -t, -k2 | while IFS=, read -r uuid row; do
    cookie=$(cookie_of "$uuid")
    if grep -q "^[0-9]* cookie=$cookie," "$flows"; then
        printf '    %-11s %s\n' "$cookie" "$row"
    fi
done
# The logical tables (8-36, 42-63) and the tables beside them (66 on) are
# shown by stage below.
cut -d' ' -f1 "$flows" | sort -nu | grep -xE '0|3[7-9]|4[01]|6[45]' \
    | while read -r table; do
    n=$(grep -c "^$table " "$flows")
    case $n in
        1) n="1 flow" ;;
        *) n="$n flows" ;;
    esac
    printf '\ntable %s, %s: %s\n' "$table" "$n" "$(table_role "$table")"
    sed -n "s/^$table /    /p" "$flows"
done

section "Conntrack zones (br-int external_ids:ct-zone-*)"
# Each datapath's DNAT and SNAT zones are named after its UUID: say whose.
ovn-sbctl --format=csv --data=bare --no-headings \
    --columns=_uuid,external_ids list Datapath_Binding \
    | while IFS=, read -r uuid ids; do
          name=$(echo "$ids" | tr ' ' '\n' | sed -n 's/^name=//p')
          echo "s/^ct-zone-${uuid}_dnat=.*/&  ($name's DNAT zone)/"
          echo "s/^ct-zone-${uuid}_snat=.*/&  ($name's SNAT zone)/"
      done > "$sandbox/zones.sed"
ovs-vsctl get Bridge br-int external_ids | tr -d '{}' | tr ',' '\n' \
    | sed -e 's/^ *//' | unquote | grep '^ct-zone-' | sort -t= -k2 -n \
    | sed -f "$sandbox/zones.sed"

# Whether this ovn-controller translates logical flows: an engine node
# lflow_output (logical_flow_output in OVN 23.03) says it does.
if oc inc-engine/show-stats \
        | grep -qxE 'Node: (lflow|logical_flow)_output'; then
    lflow=true
else
    lflow=false
fi
n_lflows=$(ovn-sbctl --bare --columns=_uuid list Logical_Flow | grep -c .)

section "Logical flows on br-int, by stage: each flow's cookie is its" \
        "Logical_Flow's first 32 bits"
# "COOKIE UUID OFTABLE STAGE" for every Logical_Flow: ingress table N is
# OpenFlow table 8 + N, egress table N is 42 + N.
lflows=$sandbox/lflows.txt
ovn-sbctl --format=csv --data=bare --no-headings \
    --columns=_uuid,pipeline,table_id,external_ids list Logical_Flow \
    | while IFS=, read -r uuid pipeline table ids; do
          stage=$(echo "$ids" | tr ' ' '\n' | sed -n 's/^stage-name=//p')
          case $pipeline in
              ingress) oftable=$((8 + table)) ;;
              *) oftable=$((42 + table)) ;;
          esac
          echo "$(cookie_of "$uuid") $uuid $oftable ${stage:-?}"
      done > "$lflows"
if $lflow; then
    echo "logical flows: translated ($n_lflows Logical_Flows in the" \
         "Southbound)"
    # Per OpenFlow table of the pipelines: its stage, how many flows and
    # from how many Logical_Flows, and one of them with its owner.
    grep -E '^([89]|[12][0-9]|3[0-6]|4[2-9]|5[0-9]|6[0-3]) ' "$flows" \
        | cut -d' ' -f1 | sort -nu | while read -r table; do
        # Switches and routers share the tables: every stage of TABLE.
        stage=$(awk -v t="$table" '$3 == t { print $4 }' "$lflows" \
                    | sort -u | paste -s -d/)
        n=$(grep -c "^$table " "$flows")
        owners=$(sed -n "s/^$table cookie=\(0x[0-9a-f]*\),.*/\1/p" "$flows" \
                     | sort -u | wc -l)
        printf 'table %s, %s: %s flows from %s Logical_Flows\n' \
            "$table" "${stage:-?}" "$n" "$owners"
        flow=$(sed -n "s/^$table //p" "$flows" \
                   | grep -v 'priority=0 ' | head -1)
        test -n "$flow" || flow=$(sed -n "s/^$table //p" "$flows" | head -1)
        cookie=$(echo "$flow" | sed -n 's/^cookie=\(0x[0-9a-f]*\),.*/\1/p')
        owner=$(awk -v c="$cookie" '$1 == c { print $2; exit }' "$lflows")
        echo "    $flow"
        if test -n "$owner"; then
            echo "      <- Logical_Flow $owner:" \
                 "$(ovn-sbctl get Logical_Flow "$owner" match | unquote)"
        fi
    done
    side=$(grep -cE '^(6[6-9]|7[0-9]) ' "$flows" || true)
    echo "tables 66-75 (MAC bindings, load balancer hairpin, FDB, port" \
         "security): $side flows"
else
    echo "logical flows: not translated: this ovn-controller has no engine" \
         "node lflow_output ('inc-engine/show-stats'), so the" \
         "$n_lflows Logical_Flows in the Southbound (ovn-sbctl lflow-list)" \
         "give no flow in tables 8-36 and 42-63, and the packets below stop" \
         "at table 8, where the logical pipeline begins."
fi

# odp_port NAME: the datapath port number of br-int's port NAME.
odp_port () {
    ovs-appctl dpif/show | sed -n "s/^ *$1 [0-9]*\/\([0-9]*\):.*/\1/p"
}
# trace FLOW: traces FLOW through br-int and prints the OpenFlow tables it
# went through and its (last pass's) datapath actions, which it leaves in
# 'tables' and 'actions'.
trace () {
    ovs-appctl ofproto/trace br-int "$1" > "$sandbox/trace.txt"
    tables=$(sed -n 's/^ *\([0-9][0-9]*\)\. .*/\1/p' "$sandbox/trace.txt" \
                 | tr '\n' ' ')
    actions=$(sed -n 's/^Datapath actions: //p' "$sandbox/trace.txt" | tail -1)
    echo "    OpenFlow tables: ${tables:-(none)}"
    echo "    datapath actions: $actions"
}
vif1=$(ovs-vsctl get Interface vif1 ofport)
mac1=50:54:00:00:00:01
# from_vif1 PROTO N [FIELD...]: a PROTO packet from sw0-port1 (on vif1)
# to sw0-portN, as ofproto/trace and netdev-dummy/receive take it.
from_vif1 () {
    proto=$1 n=$2
    shift 2
    echo "in_port=$vif1,$proto,dl_src=$mac1,dl_dst=50:54:00:00:00:0$n" \
         "nw_src=10.0.0.11,nw_dst=10.0.0.1$n,nw_ttl=64 $*" \
        | sed 's/ /,/g; s/,$//'
}

section "Packets through the logical pipeline (ovs-appctl ofproto/trace," \
        "netdev-dummy/receive)"
echo "vif1 -> vif2, ICMP echo (ofproto/trace):"
trace "$(from_vif1 icmp 2)"
if ! $lflow; then
    echo "  => stops at table 8: logical flows are not translated"
elif test "$actions" = "$(odp_port vif2)"; then
    echo "  => reaches vif2 (datapath port $actions)"
else
    echo "  => does not reach vif2"
fi

pcap_count () {
    if test -f "$1"; then
        ovs-pcap "$1" 2>/dev/null | grep -c . || true
    else
        echo 0
    fi
}
echo "vif1 -> vif2, the same packet received on vif1" \
     "(netdev-dummy/receive), seen in vif2's tx pcap:"
before=$(pcap_count "$sandbox/vif2-tx.pcap")
# netdev-dummy/receive takes the packet in the datapath's flow syntax.
ovs-appctl netdev-dummy/receive vif1 \
    "eth(src=$mac1,dst=50:54:00:00:00:02),eth_type(0x0800),$(:
    )ipv4(src=10.0.0.11,dst=10.0.0.12,proto=1,tos=0,ttl=64,frag=no),$(:
    )icmp(type=8,code=0)"
tries=20
while test "$(pcap_count "$sandbox/vif2-tx.pcap")" = "$before" \
      && test $tries -gt 0; do
    tries=$((tries - 1))
    sleep 0.1
done
after=$(pcap_count "$sandbox/vif2-tx.pcap")
echo "  => vif2 sent $((after - before)) packet(s)"
$lflow || echo "     (none while logical flows are not translated)"
if test "$after" != "$before"; then
    ovs-pcap "$sandbox/vif2-tx.pcap" | tail -1 | sed 's/^/    /'
fi

echo "vif1 -> vif2, telnet (TCP port 23), which sw0's ACL drops:"
trace "$(from_vif1 tcp 2 tp_dst=23)"
if ! $lflow; then
    echo "  => stops at table 8: logical flows are not translated"
elif test "$actions" = drop; then
    last=$(echo "$tables" | awk '{ print $NF }')
    # sw0's stage, not a router's in the same table.
    stage=$(awk -v t="$last" '$3 == t && $4 ~ /^ls_/ { print $4; exit }' \
                "$lflows")
    echo "  => dropped in table $last (${stage:-no logical stage})"
else
    echo "  => not dropped"
fi

echo "vif1 -> sw0-port3 on hv2, ICMP echo:"
trace "$(from_vif1 icmp 3)"
tunnel=$(odp_port ovn-hv2-0)
if ! $lflow; then
    echo "  => stops at table 8: logical flows are not translated"
else
    case ",$actions," in
        *",$tunnel,"*)
            echo "  => leaves through ovn-hv2-0 (datapath port $tunnel), the" \
                 "Geneve tunnel to hv2" ;;
        *) echo "  => does not leave through the tunnel to hv2" ;;
    esac
fi

if ! $lflow; then
    echo "A broadcast from vif1 stops at table 8, as every packet does until" \
         "logical flows are translated:"
    packet="in_port=$vif1,dl_src=$mac1,dl_dst=ff:ff:ff:ff:ff:ff"
    ovs-appctl ofproto/trace br-int "$packet" \
        | sed -n '/^bridge("br-int")/,/^Datapath actions/p' | sed '/^$/d'
fi

# packets ARG...: utilities/ovn-sandbox-packets.py (builds DHCP requests,
# shows what a pcap holds).
packets () {
    python3 "$srcdir/utilities/ovn-sandbox-packets.py" "$@"
}
# receive VIF PACKET: PACKET (hex, or the datapath's flow syntax) comes in
# from VIF.  It records how much every VIF had sent until then, for
# 'sent' below.
receive () {
    for port in vif1 vif2 vif3 ext0; do
        size=0
        if test -f "$sandbox/$port-tx.pcap"; then
            size=$(wc -c < "$sandbox/$port-tx.pcap")
        fi
        eval "sent_$port=$size"
    done
    ovs-appctl netdev-dummy/receive "$1" "$2"
}
# sent VIF REGEX: prints what VIF sent since the last 'receive' that
# matches the extended regular expression REGEX, after waiting up to 5 s
# for one; returns false if none came.
sent () {
    eval "sent_offset=\$sent_$1"
    if packets show "$sandbox/$1-tx.pcap" "$sent_offset" "$2" \
            > "$sandbox/sent.txt"; then
        sed "s/^/  => $1 sent: /" "$sandbox/sent.txt"
    else
        echo "  => $1 sent nothing that matches '$2'"
        return 1
    fi
}
# icmp SRC_MAC DST_MAC SRC_IP DST_IP TYPE: an ICMP echo request (TYPE 8) or
# reply (0), in the datapath's flow syntax.
icmp () {
    echo "eth(src=$1,dst=$2),eth_type(0x0800),$(:
        )ipv4(src=$3,dst=$4,proto=1,tos=0,ttl=64,frag=no),$(:
        )icmp(type=$5,code=0)"
}
rtr_sw0=00:00:00:00:ff:01
rtr_sw1=00:00:00:00:ff:02
rtr_pub=00:00:00:00:ff:03
mac3=50:54:00:00:01:01
nexthop_mac=00:00:00:00:aa:fe

section "VM 1 gets its address by DHCP: ovn-controller's pinctrl answers" \
        "the packet-in"
echo "vif1 broadcasts a DHCPDISCOVER (netdev-dummy/receive):"
receive vif1 "$(packets dhcp discover $mac1)"
sent vif1 DHCPOFFER || :
echo "vif1 asks for that address with a DHCPREQUEST:"
receive vif1 "$(packets dhcp request $mac1 10.0.0.11 10.0.0.1)"
sent vif1 DHCPACK || :
echo "ovn-controller's log:"
sed -n 's/.*|INFO|\(DHCP[A-Z]* \)/    \1/p' "$sandbox/ovn-controller.log"

section "Across router lr0: VM 1 (sw0, 10.0.0.11) pings VM 3 (sw1," \
        "10.0.1.11)"
vif3=$(odp_port vif3)
echo "vif1 -> vif3, ICMP echo to lr0's MAC on sw0 (ofproto/trace):"
trace "in_port=$vif1,icmp,dl_src=$mac1,dl_dst=$rtr_sw0,nw_src=10.0.0.11,$(:
      )nw_dst=10.0.1.11,nw_ttl=64,icmp_type=8"
case $actions in
    *"set(eth(src=$rtr_sw1,dst=$mac3)),set(ipv4(ttl=63)),$vif3")
        echo "  => reaches vif3 (datapath port $vif3): TTL 64 -> 63," \
             "Ethernet source lr0's MAC on sw1, destination VM 3's" ;;
    *) echo "  => does not reach vif3 as lr0 forwards it" ;;
esac
echo "The same packet received on vif1 (netdev-dummy/receive):"
receive vif1 "$(icmp $mac1 $rtr_sw0 10.0.0.11 10.0.1.11 8)"
sent vif3 'ICMP echo request' || :
echo "VM 3 answers:"
receive vif3 "$(icmp $mac3 $rtr_sw1 10.0.1.11 10.0.0.11 0)"
sent vif1 'ICMP echo reply' || :

section "Out through the gateway port lr0-pub: the next hop's MAC" \
        "learnt by pinctrl, the packets SNATed"
echo "MAC_Binding rows: $(ovn-sbctl --bare --columns=ip list MAC_Binding \
                          | grep -c . || :)"
echo "vif1 pings 8.8.8.8; lr0 routes it to 172.16.0.254, whose MAC it does" \
     "not know: pinctrl sends an ARP request out of physnet (ext0):"
receive vif1 "$(icmp $mac1 $rtr_sw0 10.0.0.11 8.8.8.8 8)"
sent ext0 'ARP who-has 172.16.0.254' || :
echo "The next hop answers it on ext0; pinctrl writes a MAC_Binding row:"
receive ext0 "eth(src=$nexthop_mac,dst=$rtr_pub),eth_type(0x0806),$(:
    )arp(sip=172.16.0.254,tip=172.16.0.1,op=2,sha=$nexthop_mac,$(:
    )tha=$rtr_pub)"
mac_binding () {
    ovn-sbctl --bare --columns=mac find MAC_Binding ip=172.16.0.254 \
        | grep -q .
}
if (wait_until "a MAC_Binding row for 172.16.0.254" mac_binding); then
    ovn-sbctl --format=table --columns=logical_port,ip,mac list MAC_Binding \
        | sed 's/^/    /'
else
    echo "  => no MAC_Binding row for 172.16.0.254"
fi
echo "vif1 pings 8.8.8.8 again: it leaves through ext0, SNATed to lr0-pub's" \
     "172.16.0.1:"
ovn-nbctl --wait=hv --timeout=10 sync
receive vif1 "$(icmp $mac1 $rtr_sw0 10.0.0.11 8.8.8.8 8)"
sent ext0 '172\.16\.0\.1 > 8\.8\.8\.8 ttl 63, ICMP echo request' || :
echo "8.8.8.8 answers 172.16.0.1 on ext0; lr0 un-SNATs it for VM 1:"
receive ext0 "$(icmp $nexthop_mac $rtr_pub 8.8.8.8 172.16.0.1 0)"
sent vif1 'ICMP echo reply' || :

section "Southbound (ovn-sbctl show)"
ovn-sbctl show

section "Logs"
for log in "$sandbox"/*.log; do
    echo "$log ($(grep -cE '\|(WARN|ERR|EMER)\|' "$log") warnings and errors)"
done

succeeded=true
if $keep; then
    cat > "$sandbox/env.sh" <<EOF
# Generated by ovn-sandbox.sh: '. $sandbox/env.sh' makes ovs-vsctl,
# ovs-ofctl, ovs-appctl, ovn-nbctl and ovn-sbctl talk to the sandbox.
# Stop it with: $srcdir/utilities/ovn-sandbox.sh --stop --sandbox-dir=$sandbox
OVN_SANDBOX='$sandbox'
OVS_RUNDIR='$sandbox'
OVS_LOGDIR='$sandbox'
OVS_DBDIR='$sandbox'
OVS_SYSCONFDIR='$sandbox'
OVN_RUNDIR='$sandbox'
OVN_LOGDIR='$sandbox'
OVN_DBDIR='$sandbox'
OVN_SYSCONFDIR='$sandbox'
OVN_NB_DB='unix:$sandbox/ovnnb_db.sock'
OVN_SB_DB='unix:$sandbox/ovnsb_db.sock'
PATH='$builddir/ovn/controller':\$PATH
export OVN_SANDBOX OVS_RUNDIR OVS_LOGDIR OVS_DBDIR OVS_SYSCONFDIR
export OVN_RUNDIR OVN_LOGDIR OVN_DBDIR OVN_SYSCONFDIR
export OVN_NB_DB OVN_SB_DB PATH
EOF
    section "Left running"
    echo "  . $sandbox/env.sh; ovs-vsctl show"
    echo "  ovs-appctl -t ovn-controller ofctrl/dump-installed"
    echo "  $srcdir/utilities/ovn-sandbox.sh --stop --sandbox-dir=$sandbox"
fi
