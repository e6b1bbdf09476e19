/* pinctrl-dhcpv6: the DHCPv6 replies of put_dhcpv6_opts. */
#include <config.h>

#include "ovn/controller/pinctrl-dhcpv6.h"

namespace ovn {

namespace {

constexpr uint16_t DHCPV6_OPT_CLIENT_ID = 1;
constexpr uint16_t DHCPV6_OPT_SERVER_ID = 2;
constexpr uint16_t DHCPV6_OPT_IA_NA = 3;
constexpr uint16_t DHCPV6_OPT_IA_ADDR = 5;
constexpr uint16_t DHCPV6_OPT_DOMAIN_SEARCH = 24;
constexpr uint16_t DUID_LL = 3;
constexpr uint16_t HTYPE_ETHERNET = 1;
constexpr uint32_t INFINITE = 0xffffffff;
constexpr size_t DHCPV6_HEADER_LEN = 4;     /* Type and transaction ID. */
constexpr size_t MAC_LEN = 6;
constexpr size_t IPV6_LEN = 16;
constexpr size_t IAID_LEN = 4;

void
put_option(std::string &out, uint16_t code, std::string_view value)
{
    append_be16(out, code);
    append_be16(out, static_cast<uint16_t>(value.size()));
    out += value;
}

/* Calls 'f(code, value)' for each option of 'opts'; false if 'opts' is
 * not a sequence of whole options. */
template <typename F>
bool
for_each_option(std::string_view opts, F f)
{
    size_t i = 0;
    while (i < opts.size()) {
        if (i + 4 > opts.size()) {
            return false;
        }
        uint16_t code = get_be16(opts, i);
        size_t len = get_be16(opts, i + 2);
        if (i + 4 + len > opts.size()) {
            return false;
        }
        f(code, opts.substr(i + 4, len));
        i += 4 + len;
    }
    return true;
}

L7Reply
no_reply(const char *reason, bool bad_input)
{
    L7Reply r;
    r.reason = reason;
    r.bad_input = bad_input;
    return r;
}

}  // namespace

L7Reply
dhcpv6_reply(std::string_view packet, std::string_view opts)
{
    if (!for_each_option(opts, [](uint16_t, std::string_view) {})) {
        return no_reply("put_dhcpv6_opts userdata with truncated option",
                        true);
    }
    UdpPacket udp;
    if (!parse_udp_packet(packet, &udp) || !udp.ipv6) {
        return no_reply("DHCPv6 request not UDP over IPv6", true);
    }
    std::string_view msg = packet.substr(udp.payload,
                                         udp.end - udp.payload);
    if (msg.size() < DHCPV6_HEADER_LEN) {
        return no_reply("DHCPv6 request truncated", true);
    }

    uint8_t reply_type;
    switch (static_cast<uint8_t>(msg[0])) {
    case DHCPV6_MSG_SOLICIT:
        reply_type = DHCPV6_MSG_ADVERTISE;
        break;
    case DHCPV6_MSG_REQUEST:
    case DHCPV6_MSG_CONFIRM:
    case DHCPV6_MSG_DECLINE:
    case DHCPV6_MSG_INFO_REQUEST:
        reply_type = DHCPV6_MSG_REPLY;
        break;
    default:
        return no_reply("DHCPv6 request of an unsupported message type",
                        false);
    }

    std::string_view client_id, iaid;
    bool ok = for_each_option(msg.substr(DHCPV6_HEADER_LEN),
                              [&](uint16_t code, std::string_view value) {
        if (code == DHCPV6_OPT_CLIENT_ID && client_id.empty()) {
            client_id = value;
        } else if (code == DHCPV6_OPT_IA_NA && iaid.empty()
                   && value.size() >= IAID_LEN) {
            iaid = value.substr(0, IAID_LEN);
        }
    });
    if (!ok || client_id.empty()) {
        return no_reply("DHCPv6 request without Client Identifier", true);
    }

    std::string reply(msg.substr(0, DHCPV6_HEADER_LEN));
    reply[0] = static_cast<char>(reply_type);
    put_option(reply, DHCPV6_OPT_CLIENT_ID, client_id);
    for_each_option(opts, [&](uint16_t code, std::string_view value) {
        if (code == DHCPV6_OPT_IA_ADDR) {
            if (iaid.empty() || value.size() != IPV6_LEN) {
                return;
            }
            std::string addr(value);
            append_be32(addr, INFINITE);        /* Preferred lifetime. */
            append_be32(addr, INFINITE);        /* Valid lifetime. */
            std::string ia(iaid);
            append_be32(ia, INFINITE);          /* T1. */
            append_be32(ia, INFINITE);          /* T2. */
            put_option(ia, DHCPV6_OPT_IA_ADDR, addr);
            put_option(reply, DHCPV6_OPT_IA_NA, ia);
        } else if (code == DHCPV6_OPT_SERVER_ID) {
            if (value.size() != MAC_LEN) {
                return;
            }
            std::string duid;
            append_be16(duid, DUID_LL);
            append_be16(duid, HTYPE_ETHERNET);
            duid += value;
            put_option(reply, DHCPV6_OPT_SERVER_ID, duid);
        } else if (code == DHCPV6_OPT_DOMAIN_SEARCH) {
            /* The name as 23.03 sends it: one length byte, the string as
             * written (dots included), a zero byte. */
            if (value.size() > 255) {
                return;
            }
            std::string name(1, static_cast<char>(value.size()));
            name += value;
            name += '\0';
            put_option(reply, code, name);
        } else {
            put_option(reply, code, value);
        }
    });

    L7Reply r;
    r.result = true;
    r.packet = replace_udp_payload(packet, udp, reply);
    return r;
}

}  // namespace ovn
