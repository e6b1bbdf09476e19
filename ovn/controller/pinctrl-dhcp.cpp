/* pinctrl-dhcp: the DHCPv4 replies of put_dhcp_opts. */
#include <config.h>

#include "ovn/controller/pinctrl-dhcp.h"

#include <cstdio>

#include "ovn/controller/pinctrl-l7-packet.h"

namespace ovn {

namespace {

/* The fixed part of a BOOTP/DHCP message (RFC 2131 figure 1), up to and
 * without the magic cookie. */
constexpr size_t DHCP_HEADER_LEN = 236;
constexpr size_t DHCP_CIADDR = 12;
constexpr size_t DHCP_YIADDR = 16;
constexpr size_t DHCP_CHADDR = 28;
constexpr uint32_t DHCP_MAGIC_COOKIE = 0x63825363;
constexpr uint8_t DHCP_OP_REQUEST = 1;
constexpr uint8_t DHCP_OP_REPLY = 2;

constexpr uint8_t DHCP_OPT_PAD = 0;
constexpr uint8_t DHCP_OPT_NETMASK = 1;
constexpr uint8_t DHCP_OPT_REQ_IP = 50;
constexpr uint8_t DHCP_OPT_LEASE_TIME = 51;
constexpr uint8_t DHCP_OPT_MSG_TYPE = 53;
constexpr uint8_t DHCP_OPT_T1 = 58;
constexpr uint8_t DHCP_OPT_T2 = 59;
constexpr uint8_t DHCP_OPT_END = 255;

/* What dhcp_reply() needs from the client's options. */
struct ClientOptions {
    int msg_type = -1;
    bool has_req_ip = false;
    uint32_t req_ip = 0;
};

/* Parses the options at the start of 'opts' into 'out'; false if they
 * overrun 'opts'. */
bool
parse_client_options(std::string_view opts, ClientOptions *out)
{
    size_t i = 0;
    while (i < opts.size()) {
        uint8_t code = static_cast<uint8_t>(opts[i]);
        if (code == DHCP_OPT_END) {
            return true;
        } else if (code == DHCP_OPT_PAD) {
            i++;
            continue;
        }
        if (i + 2 > opts.size()) {
            return false;
        }
        size_t len = static_cast<uint8_t>(opts[i + 1]);
        if (i + 2 + len > opts.size()) {
            return false;
        }
        std::string_view value = opts.substr(i + 2, len);
        if (code == DHCP_OPT_MSG_TYPE && len == 1) {
            out->msg_type = static_cast<uint8_t>(value[0]);
        } else if (code == DHCP_OPT_REQ_IP && len == 4) {
            out->has_req_ip = true;
            out->req_ip = get_be32(value, 0);
        }
        i += 2 + len;
    }
    return true;
}

/* Whether a DHCPACK to a DHCPINFORM leaves out option 'code': the client
 * has its address already, so nothing about a lease or the address. */
bool
inform_skips(uint8_t code)
{
    return code == DHCP_OPT_LEASE_TIME || code == DHCP_OPT_T1
           || code == DHCP_OPT_T2 || code == DHCP_OPT_NETMASK;
}

/* Copies the code-length-value options of 'opts' to 'out', without
 * those that 'skip' names; false if 'opts' is not a sequence of whole
 * options. */
bool
copy_options(std::string_view opts, bool (*skip)(uint8_t), std::string &out)
{
    size_t i = 0;
    while (i < opts.size()) {
        if (i + 2 > opts.size()) {
            return false;
        }
        uint8_t code = static_cast<uint8_t>(opts[i]);
        size_t len = 2 + static_cast<uint8_t>(opts[i + 1]);
        if (i + len > opts.size()) {
            return false;
        }
        if (!skip || !skip(code)) {
            out += opts.substr(i, len);
        }
        i += len;
    }
    return true;
}

std::string
ip_string(uint32_t ip)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff,
             (ip >> 8) & 0xff, ip & 0xff);
    return buf;
}

/* "MAC IP" for the log lines: the client's hardware address (chaddr) and
 * the offered address. */
std::string
client_string(std::string_view dhcp, uint32_t offer_ip)
{
    char buf[24];
    const auto *m = reinterpret_cast<const unsigned char *>(dhcp.data())
                    + DHCP_CHADDR;
    snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x ",
             m[0], m[1], m[2], m[3], m[4], m[5]);
    return buf + ip_string(offer_ip);
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

const char *
dhcp_msg_type_name(uint8_t type)
{
    switch (type) {
    case DHCP_MSG_DISCOVER: return "DHCPDISCOVER";
    case DHCP_MSG_OFFER: return "DHCPOFFER";
    case DHCP_MSG_REQUEST: return "DHCPREQUEST";
    case DHCP_MSG_DECLINE: return "DHCPDECLINE";
    case DHCP_MSG_ACK: return "DHCPACK";
    case DHCP_MSG_NAK: return "DHCPNAK";
    case DHCP_MSG_RELEASE: return "DHCPRELEASE";
    case DHCP_MSG_INFORM: return "DHCPINFORM";
    default: return "";
    }
}

L7Reply
dhcp_reply(std::string_view packet, std::string_view opts)
{
    if (opts.size() < 4) {
        return no_reply("put_dhcp_opts userdata without offer IP", true);
    }
    uint32_t offer_ip = get_be32(opts, 0);
    std::string_view reply_opts = opts.substr(4);
    std::string check;
    if (!copy_options(reply_opts, nullptr, check)) {
        return no_reply("put_dhcp_opts userdata with truncated option",
                        true);
    }

    UdpPacket udp;
    if (!parse_udp_packet(packet, &udp) || udp.ipv6) {
        return no_reply("DHCP request not UDP over IPv4", true);
    }
    std::string_view dhcp = packet.substr(udp.payload,
                                          udp.end - udp.payload);
    if (dhcp.size() < DHCP_HEADER_LEN + 4
        || get_be32(dhcp, DHCP_HEADER_LEN) != DHCP_MAGIC_COOKIE) {
        return no_reply("DHCP request truncated or without magic cookie",
                        true);
    }
    if (static_cast<uint8_t>(dhcp[0]) != DHCP_OP_REQUEST) {
        return no_reply("DHCP packet with op other than BOOTREQUEST", true);
    }
    ClientOptions client;
    if (!parse_client_options(dhcp.substr(DHCP_HEADER_LEN + 4), &client)
        || client.msg_type < 0) {
        return no_reply("DHCP request without message type", true);
    }

    L7Reply r;
    std::string who = client_string(dhcp, offer_ip);
    uint8_t reply_type;
    bool give_address = true;
    bool (*skip)(uint8_t) = nullptr;
    switch (client.msg_type) {
    case DHCP_MSG_DISCOVER:
        reply_type = DHCP_MSG_OFFER;
        break;
    case DHCP_MSG_REQUEST: {
        uint32_t req_ip = client.has_req_ip ? client.req_ip
                                            : get_be32(dhcp, DHCP_CIADDR);
        if (req_ip == offer_ip) {
            reply_type = DHCP_MSG_ACK;
        } else {
            reply_type = DHCP_MSG_NAK;
            give_address = false;
            r.warning = "DHCPREQUEST requested IP " + ip_string(req_ip)
                        + " does not match offer " + ip_string(offer_ip);
        }
        break;
    }
    case DHCP_MSG_INFORM:
        reply_type = DHCP_MSG_ACK;
        give_address = false;
        skip = inform_skips;
        r.info.push_back("DHCPINFORM from " + who);
        break;
    case DHCP_MSG_RELEASE:
        r = no_reply("DHCPRELEASE", false);
        r.info.push_back("DHCPRELEASE " + who);
        return r;
    default:
        return no_reply("DHCP request of an unsupported message type",
                        true);
    }

    std::string reply(dhcp.substr(0, DHCP_HEADER_LEN));
    reply[0] = static_cast<char>(DHCP_OP_REPLY);
    put_be32(reply, DHCP_YIADDR, give_address ? offer_ip : 0);
    append_be32(reply, DHCP_MAGIC_COOKIE);
    reply += static_cast<char>(DHCP_OPT_MSG_TYPE);
    reply += '\1';
    reply += static_cast<char>(reply_type);
    if (reply_type != DHCP_MSG_NAK) {
        copy_options(reply_opts, skip, reply);
    }
    reply.append(4, '\0');
    reply += static_cast<char>(DHCP_OPT_END);
    reply.append(4, '\0');

    r.info.push_back(std::string(dhcp_msg_type_name(reply_type)) + " "
                     + who);
    /* The logical flows address the reply from the server but leave its
     * destination to pinctrl: the offered address, as 23.03 sends it
     * (also in a DHCPNAK and in the DHCPACK to a DHCPINFORM). */
    std::string request(packet);
    put_be32(request, udp.l3 + 16, offer_ip);
    r.result = true;
    r.packet = replace_udp_payload(request, udp, reply);
    return r;
}

}  // namespace ovn
