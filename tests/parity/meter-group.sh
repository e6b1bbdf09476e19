# Meters and groups for 'meter-table-list' and 'group-table-list': a
# logged ACL with a Northbound Meter, a QoS rate limit (set_meter) and
# switch load balancers (select groups).
. "$PARITY_DIR"/switch-common.sh
ovn-nbctl meter-add acl-meter drop 10 pktps
ovn-nbctl --log --meter=acl-meter --name=http --severity=info \
    acl-add sw0 to-lport 1004 'tcp.dst == 80' allow-related
ovn-nbctl qos-add sw0 from-lport 100 'inport == "sw0-p1"' rate=100 burst=10
ovn-nbctl lb-add lb0 10.0.0.100:80 10.0.0.2:8080,10.0.0.3:8080 tcp
ovn-nbctl lb-add lb1 10.0.0.101 10.0.0.2,10.0.0.3
ovn-nbctl ls-lb-add sw0 lb0 -- ls-lb-add sw0 lb1
