# (g) ACLs that log: a named allow in the ingress pipeline, an unnamed
# drop in the egress pipeline, for pinctrl's log() lines.
. "$PARITY_DIR"/switch-common.sh
ovn-nbctl --log --name=web --severity=info \
    acl-add sw0 from-lport 1002 'inport == "sw0-p1" && tcp.dst == 80' \
    allow
ovn-nbctl --log --severity=warning \
    acl-add sw0 to-lport 1002 'outport == "sw0-p2" && udp.dst == 9' drop
