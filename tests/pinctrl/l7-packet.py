#! /usr/bin/env python3
"""l7-packet.py NAME: the request packet NAME, as hex for
'ovs-appctl netdev-dummy/receive'.  The requests of the pinctrl L7 tests
(tests/pinctrl-l7.at), built field by field so that a reader can check
each against its RFC; every checksum is computed."""

import struct
import sys

MAC1 = bytes.fromhex("505400000001")
BCAST = b"\xff" * 6


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip4(src, dst, proto, payload, ttl=64):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0,
                      ttl, proto, 0, bytes(src), bytes(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def udp4(src, dst, sport, dport, payload):
    length = 8 + len(payload)
    pseudo = bytes(src) + bytes(dst) + struct.pack("!BBH", 0, 17, length)
    u = struct.pack("!HHHH", sport, dport, length, 0) + payload
    c = csum(pseudo + u) or 0xffff
    return ip4(src, dst, 17, u[:6] + struct.pack("!H", c) + u[8:])


def udp6(src, dst, sport, dport, payload, hlim=1):
    length = 8 + len(payload)
    pseudo = src + dst + struct.pack("!IxxxB", length, 17)
    u = struct.pack("!HHHH", sport, dport, length, 0) + payload
    c = csum(pseudo + u) or 0xffff
    u = u[:6] + struct.pack("!H", c) + u[8:]
    return struct.pack("!IHBB", 0x60000000, length, 17, hlim) + src + dst + u


def eth(dst, src, ethertype, payload):
    return dst + src + struct.pack("!H", ethertype) + payload


def ip(s):
    return bytes(int(x) for x in s.split("."))


def ip6(s):
    import ipaddress
    return ipaddress.IPv6Address(s).packed


def dhcp4(msg_type, options=b"", ciaddr="0.0.0.0", xid=0x12345678):
    bootp = struct.pack("!BBBBIHH4s4s4s4s", 1, 1, 6, 0, xid, 0, 0,
                        ip(ciaddr), ip("0.0.0.0"), ip("0.0.0.0"),
                        ip("0.0.0.0"))
    bootp += MAC1 + b"\0" * 10 + b"\0" * 64 + b"\0" * 128
    opts = bytes([53, 1, msg_type]) + options + b"\xff"
    return bootp + b"\x63\x82\x53\x63" + opts


def dhcp4_packet(msg_type, options=b"", src="0.0.0.0",
                 dst="255.255.255.255", ciaddr="0.0.0.0", dl_dst=BCAST):
    return eth(dl_dst, MAC1, 0x0800,
               udp4(ip(src), ip(dst), 68, 67,
                    dhcp4(msg_type, options, ciaddr)))


def dhcp6_packet(msg_type, with_ia=True):
    duid = struct.pack("!HH", 3, 1) + MAC1
    opts = struct.pack("!HH", 1, len(duid)) + duid
    if with_ia:
        opts += struct.pack("!HHIII", 3, 12, 0x01020304, 0, 0)
    opts += struct.pack("!HHH", 8, 2, 0)
    payload = struct.pack("!I", (msg_type << 24) | 0xabcdef) + opts
    return eth(bytes.fromhex("333300010002"), MAC1, 0x86dd,
               udp6(ip6("fe80::5254:ff:fe00:1"), ip6("ff02::1:2"), 546,
                    547, payload))


def dns_query(name, qtype):
    q = struct.pack("!HHHHHH", 0x4242, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\0" + struct.pack("!HH", qtype, 1)
    return q


def dns_packet(name, qtype):
    return eth(bytes.fromhex("505400000002"), MAC1, 0x0800,
               udp4(ip("10.0.0.1"), ip("10.0.0.2"), 5353, 53,
                    dns_query(name, qtype)))


def tcp4_packet(dport):
    src, dst = ip("10.0.0.1"), ip("10.0.0.2")
    t = struct.pack("!HHIIBBHHH", 40000, dport, 1, 0, 5 << 4, 0x02,
                    8192, 0, 0)
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(t))
    t = t[:16] + struct.pack("!H", csum(pseudo + t)) + t[18:]
    return eth(bytes.fromhex("505400000002"), MAC1, 0x0800,
               ip4(src, dst, 6, t))


def udp4_packet(dport):
    return eth(bytes.fromhex("505400000002"), MAC1, 0x0800,
               udp4(ip("10.0.0.1"), ip("10.0.0.2"), 40000, dport, b"hi"))


def icmp6_packet(src, dst, dl_dst, icmp, hlim=255):
    src, dst = ip6(src), ip6(dst)
    pseudo = src + dst + struct.pack("!IxxxB", len(icmp), 58)
    icmp = icmp[:2] + struct.pack("!H", csum(pseudo + icmp)) + icmp[4:]
    return eth(dl_dst, MAC1, 0x86dd,
               struct.pack("!IHBB", 0x60000000, len(icmp), 58, hlim)
               + src + dst + icmp)


def router_solicit():
    # Type 133, code 0, checksum, reserved; source link-layer address.
    rs = struct.pack("!BBHI", 133, 0, 0, 0) + bytes([1, 1]) + MAC1
    return icmp6_packet("fe80::5254:ff:fe00:1", "ff02::2",
                        bytes.fromhex("333300000002"), rs)


PACKETS = {
    "nd-rs": router_solicit,
    "tcp-80": lambda: tcp4_packet(80),
    "udp-9": lambda: udp4_packet(9),
    "dhcp-discover": lambda: dhcp4_packet(1),
    "dhcp-request": lambda: dhcp4_packet(
        3, bytes([50, 4]) + ip("10.0.0.1") + bytes([54, 4])
        + ip("10.0.0.254")),
    "dhcp-request-wrong-ip": lambda: dhcp4_packet(
        3, bytes([50, 4]) + ip("10.0.0.9") + bytes([54, 4])
        + ip("10.0.0.254")),
    "dhcp-inform": lambda: dhcp4_packet(
        8, src="10.0.0.1", dst="10.0.0.254", ciaddr="10.0.0.1",
        dl_dst=bytes.fromhex("c0ffee000001")),
    "dhcp-release": lambda: dhcp4_packet(
        7, bytes([54, 4]) + ip("10.0.0.254"), src="10.0.0.1",
        dst="10.0.0.254", ciaddr="10.0.0.1",
        dl_dst=bytes.fromhex("c0ffee000001")),
    "dhcpv6-solicit": lambda: dhcp6_packet(1),
    "dhcpv6-request": lambda: dhcp6_packet(3),
    "dhcpv6-renew": lambda: dhcp6_packet(5),
    "dhcpv6-rebind": lambda: dhcp6_packet(6),
    "dhcpv6-release": lambda: dhcp6_packet(8),
    "dhcpv6-confirm": lambda: dhcp6_packet(4),
    "dhcpv6-info-request": lambda: dhcp6_packet(11, with_ia=False),
    "dns-a": lambda: dns_packet("vm1.ovn.test", 1),
    "dns-aaaa": lambda: dns_packet("vm1.ovn.test", 28),
    "dns-ptr": lambda: dns_packet("1.0.0.10.in-addr.arpa", 12),
    "dns-a-two": lambda: dns_packet("vm2.ovn.test", 1),
    "dns-a-upper": lambda: dns_packet("VM1.Ovn.Test", 1),
    "dns-mx": lambda: dns_packet("vm1.ovn.test", 15),
    "dns-any": lambda: dns_packet("vm1.ovn.test", 255),
    "dns-unknown": lambda: dns_packet("nobody.ovn.test", 1),
}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in PACKETS:
        sys.stderr.write("usage: %s %s\n"
                         % (sys.argv[0], "|".join(sorted(PACKETS))))
        sys.exit(2)
    print(PACKETS[sys.argv[1]]().hex())
