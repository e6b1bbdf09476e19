# Sourced by tests/parity-chassis.sh --then after l7-inject.sh: records
# the router advertisements that br-int sends out of vif1 on its own (to
# all nodes, 33:33:00:00:00:01) until it has sent three, or 15 seconds
# have passed: in periodic-ras, one per line in hex, and the time
# between two in periodic-gaps, in milliseconds, one per line.
rm -f vif1-tx.pcap
ovs-vsctl set interface vif1 options:tx_pcap="$PWD"/vif1-tx.pcap
for i in $(seq 150); do
    n=$(ovs-pcap vif1-tx.pcap 2>/dev/null | grep -c '^333300000001' || :)
    test "$n" -lt 3 || break
    sleep 0.1
done
ovs-vsctl remove interface vif1 options tx_pcap
python3 - vif1-tx.pcap <<'PCAP'
import struct
import sys

data = open(sys.argv[1], 'rb').read()
ofs, times, ras = 24, [], []
while ofs + 16 <= len(data):
    sec, usec, caplen, _ = struct.unpack('<IIII', data[ofs:ofs + 16])
    packet = data[ofs + 16:ofs + 16 + caplen].hex()
    ofs += 16 + caplen
    if packet.startswith('333300000001'):
        times.append(sec * 1000 + usec // 1000)
        ras.append(packet)
with open('periodic-ras', 'w') as f:
    f.writelines(p + '\n' for p in ras)
with open('periodic-gaps', 'w') as f:
    f.writelines('%d\n' % (b - a) for a, b in zip(times, times[1:]))
PCAP
