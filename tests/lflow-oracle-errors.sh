#! /bin/sh
# lflow-oracle-errors.sh DIR MATCHES
#
# Asks Debian's ovn-trace 23.03 (the same expression code as its
# ovn-controller, which logs parse errors only once a second) which of
# the matches in MATCHES (one a line) it rejects and why.  In DIR
# (created, must not exist) it serves a Southbound database with datapath
# sw0 (key 1), ports lsp1-lsp3 and eth0, eth1, address set set1 and port
# group 1_pg1, writes one Logical_Flow per match and runs ovn-trace once.
# Prints "MATCH" and "    ERROR" lines for each rejected match, sorted by
# match; its ovsdb-server is stopped on exit.
set -e
dir=$1
matches=$2
if test $# != 2 || test -e "$dir"; then
    echo "usage: $0 NEW-DIR MATCHES" >&2
    exit 2
fi
trace=/usr/bin/ovn-trace
case $($trace --version | head -1) in
    "ovn-trace 23.03."*) ;;
    *) echo "$trace is not OVN 23.03" >&2; exit 1 ;;
esac
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
trap 'kill "$(cat "$dir"/sb.pid)" 2>/dev/null || true' EXIT
trap 'exit 1' HUP INT TERM
ovsdb-tool create "$dir"/sb.db \
    "${OVN_SCHEMADIR:-/usr/share/ovn}"/ovn-sb.ovsschema
ovsdb-server --detach --no-chdir --pidfile="$dir"/sb.pid \
    --log-file="$dir"/sb.log --unixctl="$dir"/sb.ctl \
    --remote=punix:"$dir"/sb.sock "$dir"/sb.db
OVN_SB_DB=unix:$dir/sb.sock; export OVN_SB_DB
sb () { ovn-sbctl --timeout=10 "$@"; }
dp=$(sb create datapath_binding tunnel_key=1 external_ids:name=sw0)
for p in lsp1:17 lsp2:18 lsp3:19 eth0:5 eth1:6; do
    sb create port_binding datapath="$dp" logical_port="${p%:*}" \
        tunnel_key="${p#*:}" > /dev/null
done
sb create address_set name=set1 \
    addresses='"10.0.0.1","10.0.0.2","10.0.0.3"' > /dev/null
sb create port_group name=1_pg1 ports=lsp1,lsp2,lsp3 > /dev/null
while IFS= read -r m; do
    test -n "$m" || continue
    mm=$(printf '%s' "$m" | sed 's/\\/\\\\/g; s/"/\\"/g')
    sb create logical_flow logical_datapath="$dp" pipeline=ingress \
        table_id=0 priority=100 match="\"$mm\"" actions='"next;"' \
        > /dev/null
done < "$matches"
$trace --db="$OVN_SB_DB" sw0 'inport == "lsp1"' 2>&1 >/dev/null \
    | sed -n 's/^[^|]*|[^|]*|ovntrace|WARN|//
               s/^\(.*\): parsing expression failed (\(.*\))$/\1\t    \2/p' \
    | LC_ALL=C sort | tr '\t' '\n'
