# Sourced by tests/parity-chassis.sh --then after l7-inject.sh: records
# in periodic-ra the first router advertisement that br-int sends out of
# vif1 on its own (to all nodes), waiting up to 10 seconds.
rm -f vif1-tx.pcap
ovs-vsctl set interface vif1 options:tx_pcap="$PWD"/vif1-tx.pcap
: > periodic-ra
for i in $(seq 100); do
    ovs-pcap vif1-tx.pcap 2>/dev/null | grep '^333300000001' | head -1 \
        > periodic-ra
    test ! -s periodic-ra || break
    sleep 0.1
done
ovs-vsctl remove interface vif1 options tx_pcap
