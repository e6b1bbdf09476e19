# (a) Port security, a port group, an address set and stateful ACLs:
# allow-related, drop, reject, and one logged through a meter.
. "$PARITY_DIR"/switch-common.sh
ovn-nbctl lsp-set-port-security sw0-p1 "50:54:00:00:00:01 10.0.0.1"
ovn-nbctl pg-add pg1 sw0-p1 sw0-p2
ovn-nbctl create address_set name=as1 \
    addresses='"10.0.0.3","10.0.0.4","192.168.1.0/24"'
ovn-nbctl meter-add acl-meter drop 10 pktps
ovn-nbctl acl-add pg1 from-lport 1002 'inport == @pg1 && ip4' allow-related
ovn-nbctl acl-add pg1 to-lport 1002 \
    'outport == @pg1 && ip4.src == $as1 && tcp.dst == 22' allow-related
ovn-nbctl acl-add pg1 to-lport 1001 'outport == @pg1 && ip4' drop
ovn-nbctl acl-add pg1 from-lport 1003 \
    'inport == @pg1 && udp.dst == 53' reject
ovn-nbctl --log --meter=acl-meter --name=http --severity=info \
    acl-add pg1 to-lport 1004 'outport == @pg1 && tcp.dst == 80' \
    allow-related
