# Sourced by tests/parity-chassis.sh --then in the sandbox's directory:
# for each NAME in $L7_PACKETS (VIF NAME ...), sends packet NAME
# (tests/pinctrl/l7-packet.py) into VIF and writes what br-int sends
# back out of VIF, one packet per line in hex, to reply-NAME (empty if
# nothing within 5 seconds).
set -- $L7_PACKETS
while test $# -ge 2; do
    vif=$1 name=$2
    shift 2
    rm -f "$vif"-tx.pcap
    ovs-vsctl set interface "$vif" options:tx_pcap="$PWD/$vif"-tx.pcap
    # The pcap file exists once the dummy netdev has reopened it.
    for i in $(seq 50); do test -s "$vif"-tx.pcap && break; sleep 0.1; done
    ovs-appctl netdev-dummy/receive "$vif" \
        $(python3 "$PARITY_DIR"/../pinctrl/l7-packet.py "$name")
    : > reply-"$name"
    for i in $(seq 50); do
        ovs-pcap "$vif"-tx.pcap > reply-"$name" 2>/dev/null
        test ! -s reply-"$name" || break
        sleep 0.1
    done
    sleep 0.3
    ovs-pcap "$vif"-tx.pcap > reply-"$name"
    ovs-vsctl remove interface "$vif" options tx_pcap
done
