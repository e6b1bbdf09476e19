# (a) Port security, a port group, address sets and stateful ACLs:
# allow-related, drop, reject, and one logged through a meter.  as2 is
# large enough (lflow.cpp's AS_BULK_MIN) for its Logical_Flows to be
# compiled with two of its addresses, the others given their flows.
. "$PARITY_DIR"/switch-common.sh
ovn-nbctl lsp-set-port-security sw0-p1 "50:54:00:00:00:01 10.0.0.1"
ovn-nbctl pg-add pg1 sw0-p1 sw0-p2
ovn-nbctl create address_set name=as1 \
    addresses='"10.0.0.3","10.0.0.4","192.168.1.0/24"'
ovn-nbctl create address_set name=as2 addresses="$(
    i=1; sep=
    while test $i -le 40; do
        printf '%s"10.0.2.%d"' "$sep" $i; sep=,; i=$((i + 1))
    done)"
ovn-nbctl meter-add acl-meter drop 10 pktps
ovn-nbctl acl-add pg1 from-lport 1002 'inport == @pg1 && ip4' allow-related
ovn-nbctl acl-add pg1 to-lport 1002 \
    'outport == @pg1 && ip4.src == $as1 && tcp.dst == 22' allow-related
ovn-nbctl acl-add pg1 to-lport 1001 'outport == @pg1 && ip4' drop
ovn-nbctl acl-add pg1 to-lport 1006 \
    'outport == @pg1 && ip4.src == $as2 && udp.dst == 123' allow-related
ovn-nbctl acl-add pg1 from-lport 1005 \
    'inport == "sw0-p2" && ip4.dst == $as2' drop
ovn-nbctl acl-add pg1 from-lport 1003 \
    'inport == @pg1 && udp.dst == 53' reject
ovn-nbctl --log --meter=acl-meter --name=http --severity=info \
    acl-add pg1 to-lport 1004 'outport == @pg1 && tcp.dst == 80' \
    allow-related
