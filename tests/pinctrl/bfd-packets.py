#! /usr/bin/env python3
# bfd-packets.py PCAP SRC_PORT DISC [PEER_DISC]
#
# Prints, one a line in hex, the BFD control packets (IPv4, UDP to 3784)
# of PCAP, after checking what tests/pinctrl-bfd.at normalises: the IPv4
# header checksum, the UDP checksum (if not zero), the UDP source port
# (SRC_PORT, the BFD row's src_port) and My Discriminator (DISC, its
# disc), and Your Discriminator (PEER_DISC, or 0).  Those fields print as
# "SPORT", "CSUM" (a zero checksum stays), "MYDISC____", "YOURDISC__"
# (zero stays) so that two sessions with different rows compare equal; a
# field that does not hold what it should adds "BAD..." to the line, so
# the comparison fails.
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def main():
    path, sport, disc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    peer_disc = int(sys.argv[4], 0) if len(sys.argv) > 4 else 0
    data = open(path, 'rb').read()
    off = 24
    while off + 16 <= len(data):
        n = struct.unpack('<I', data[off + 8:off + 12])[0]
        p = data[off + 16:off + 16 + n]
        off += 16 + n
        if (len(p) < 66 or p[12:14] != b'\x08\x00' or p[23] != 17
                or struct.unpack('!H', p[36:38])[0] != 3784):
            continue
        ip, udp, bfd = p[14:34], p[34:42], p[42:]
        h = p.hex()
        fields = [(0, 'BADIPCSUM', csum(ip) == 0xffff)]
        ucs = struct.unpack('!H', udp[6:8])[0]
        pseudo = ip[12:20] + struct.pack('!BBH', 0, 17, len(udp) + len(bfd))
        fields.append((0, 'BADUDPCSUM',
                       ucs == 0 or csum(pseudo + udp + bfd) == 0xffff))
        fields.append((0, 'BADSPORT',
                       struct.unpack('!H', udp[0:2])[0] == sport))
        fields.append((0, 'BADMYDISC',
                       struct.unpack('!I', bfd[4:8])[0] == disc))
        your = struct.unpack('!I', bfd[8:12])[0]
        fields.append((0, 'BADYOURDISC', your in (0, peer_disc)))
        bad = [name for _, name, ok in fields if not ok]
        h = (h[:68] + 'SPORT' + h[72:80] + ('CSUM' if ucs else '0000')
             + h[84:92]
             + 'MYDISC____' + ('YOURDISC__' if your else h[100:108])
             + h[108:])
        print(' '.join([h] + bad))


main()
