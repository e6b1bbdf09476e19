#! /usr/bin/env python3
"""ovn-sandbox-packets.py: the packets of the demo (utilities/ovn-sandbox.sh).

  ovn-sandbox-packets.py dhcp TYPE MAC [IP SERVER]
      A DHCPv4 request from MAC, as hex for 'ovs-appctl
      netdev-dummy/receive': TYPE 'discover', or 'request' for IP from
      SERVER (a broadcast from 0.0.0.0, as a client without an address
      sends it).
  ovn-sandbox-packets.py show PCAP [OFFSET [REGEX [SECONDS]]]
      One line per packet in the pcap file PCAP written by a dummy
      interface's options:tx_pcap, from byte OFFSET on (the file's size
      before the packets of interest; the whole file if OFFSET is 0):
      Ethernet addresses, then what it is (ARP, a DHCP reply and its
      options, ICMP, other IPv4) with the IPv4 TTL.  With REGEX, only the
      lines that match it, waiting up to SECONDS (default 5) for one to
      come; exits with status 1 if none did.

Every field is built or read here, so that the demo needs nothing but
python3."""

import re
import struct
import sys
import time

DHCP_TYPES = {1: "DHCPDISCOVER", 2: "DHCPOFFER", 3: "DHCPREQUEST",
              4: "DHCPDECLINE", 5: "DHCPACK", 6: "DHCPNAK",
              7: "DHCPRELEASE", 8: "DHCPINFORM"}
XID = 0x0d0e4d00


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def mac_bytes(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ip_bytes(s):
    return bytes(int(x) for x in s.split("."))


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def ip_str(b):
    return ".".join(str(x) for x in b)


def dhcp_request(kind, mac, ip=None, server=None):
    mac = mac_bytes(mac)
    if kind == "discover":
        options = bytes([53, 1, 1])
    elif kind == "request" and ip and server:
        options = (bytes([53, 1, 3, 50, 4]) + ip_bytes(ip)
                   + bytes([54, 4]) + ip_bytes(server))
    else:
        raise SystemExit("usage: dhcp discover MAC | dhcp request MAC IP "
                         "SERVER")
    # op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr,
    # giaddr, chaddr (16), sname (64), file (128), the magic cookie.
    bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128sI", 1, 1, 6, 0, XID, 0,
                        0, bytes(4), bytes(4), bytes(4), bytes(4), mac,
                        b"", b"", 0x63825363)
    payload = bootp + options + bytes([55, 3, 1, 3, 51, 255])
    src, dst = bytes(4), b"\xff" * 4
    length = 8 + len(payload)
    pseudo = src + dst + struct.pack("!BBH", 0, 17, length)
    udp = struct.pack("!HHHH", 68, 67, length, 0) + payload
    udp = udp[:6] + struct.pack("!H", csum(pseudo + udp) or 0xffff) + udp[8:]
    ip_hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64,
                         17, 0, src, dst)
    ip_hdr = ip_hdr[:10] + struct.pack("!H", csum(ip_hdr)) + ip_hdr[12:]
    frame = b"\xff" * 6 + mac + struct.pack("!H", 0x0800) + ip_hdr + udp
    return frame.hex()


def read_pcap(path, offset=0):
    """The packets of the pcap file 'path' from byte 'offset' on (a
    record's start, or 0 for the first), [] if it is not there yet."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return []
    if len(data) < 24:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
    packets, off = [], max(offset, 24)
    while off + 16 <= len(data):
        incl = struct.unpack(endian + "IIII", data[off:off + 16])[2]
        off += 16
        if off + incl > len(data):
            break
        packets.append(data[off:off + incl])
        off += incl
    return packets


def describe_dhcp(udp_payload):
    if len(udp_payload) < 240:
        return "DHCP (truncated)"
    yiaddr = udp_payload[16:20]
    chaddr = udp_payload[28:34]
    options, i, text = {}, 240, []
    while i < len(udp_payload) and udp_payload[i] != 255:
        code = udp_payload[i]
        if code == 0:
            i += 1
            continue
        length = udp_payload[i + 1]
        options[code] = udp_payload[i + 2:i + 2 + length]
        i += 2 + length
    kind = DHCP_TYPES.get(options.get(53, b"\0")[0], "DHCP")
    text.append("%s %s for %s" % (kind, ip_str(yiaddr), mac_str(chaddr)))
    if 54 in options:
        text.append("server %s" % ip_str(options[54]))
    if 1 in options:
        text.append("mask %s" % ip_str(options[1]))
    if 3 in options:
        text.append("router %s" % ip_str(options[3][:4]))
    if 51 in options:
        text.append("lease %d s" % struct.unpack("!I", options[51])[0])
    return ", ".join(text)


def describe(frame):
    if len(frame) < 14:
        return "runt frame"
    dst, src = mac_str(frame[0:6]), mac_str(frame[6:12])
    ethertype = struct.unpack("!H", frame[12:14])[0]
    head = "%s > %s" % (src, dst)
    body = frame[14:]
    if ethertype == 0x0806 and len(body) >= 28:
        op = struct.unpack("!H", body[6:8])[0]
        sha, spa, tpa = body[8:14], body[14:18], body[24:28]
        if op == 1:
            return "%s, ARP who-has %s tell %s" % (head, ip_str(tpa),
                                                   ip_str(spa))
        return "%s, ARP %s is-at %s" % (head, ip_str(spa), mac_str(sha))
    if ethertype != 0x0800 or len(body) < 20:
        return "%s, ethertype 0x%04x" % (head, ethertype)
    ihl = (body[0] & 0x0f) * 4
    ttl, proto = body[8], body[9]
    src_ip, dst_ip = ip_str(body[12:16]), ip_str(body[16:20])
    l4 = body[ihl:]
    ip_text = "%s > %s ttl %d" % (src_ip, dst_ip, ttl)
    if proto == 1 and len(l4) >= 4:
        kinds = {0: "echo reply", 8: "echo request", 3: "unreachable",
                 11: "time exceeded"}
        what = "ICMP %s" % kinds.get(l4[0], "type %d" % l4[0])
    elif proto == 17 and len(l4) >= 8:
        sport, dport = struct.unpack("!HH", l4[:4])
        if (sport, dport) in ((67, 68), (68, 67)):
            return "%s, %s, %s" % (head, ip_text, describe_dhcp(l4[8:]))
        what = "UDP %d > %d" % (sport, dport)
    else:
        what = "IP protocol %d" % proto
    return "%s, %s, %s" % (head, ip_text, what)


def show(path, offset, regex, seconds):
    deadline = time.monotonic() + seconds
    while True:
        lines = [describe(frame) for frame in read_pcap(path, offset)]
        if regex is not None:
            lines = [line for line in lines if re.search(regex, line)]
        if lines or regex is None or time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    for line in lines:
        print(line)
    return 0 if lines or regex is None else 1


def main(argv):
    if len(argv) >= 3 and argv[0] == "dhcp":
        print(dhcp_request(argv[1], *argv[2:]))
    elif 2 <= len(argv) <= 5 and argv[0] == "show":
        offset = int(argv[2]) if len(argv) > 2 else 0
        regex = argv[3] if len(argv) > 3 else None
        seconds = float(argv[4]) if len(argv) > 4 else 5.0
        return show(argv[1], offset, regex, seconds)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
