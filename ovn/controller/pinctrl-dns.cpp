/* pinctrl-dns: the DNS answers of dns_lookup. */
#include <config.h>

#include "ovn/controller/pinctrl-dns.h"

#include <arpa/inet.h>

#include <cctype>
#include <sstream>

namespace ovn {

namespace {

constexpr size_t DNS_HEADER_LEN = 12;
constexpr uint8_t DNS_QR = 0x80;            /* In the first flags byte. */
constexpr uint16_t DNS_CLASS_IN = 1;
constexpr uint32_t DNS_ANSWER_TTL = 3600;
constexpr size_t DNS_MAX_LABEL = 63;
constexpr size_t DNS_MAX_NAME = 255;

std::string
lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out) {
        c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

/* Reads the uncompressed name at the start of 'msg'[ofs...] into 'name'
 * (dotted), its encoded length into 'len'.  False if malformed. */
bool
parse_name(std::string_view msg, size_t ofs, std::string *name, size_t *len)
{
    size_t i = ofs;
    name->clear();
    for (;;) {
        if (i >= msg.size()) {
            return false;
        }
        size_t n = static_cast<uint8_t>(msg[i]);
        if (n == 0) {
            i++;
            break;
        }
        if (n > DNS_MAX_LABEL || i + 1 + n > msg.size()
            || name->size() + n + 1 > DNS_MAX_NAME) {
            return false;
        }
        if (!name->empty()) {
            *name += '.';
        }
        name->append(msg.substr(i + 1, n));
        i += 1 + n;
    }
    *len = i - ofs;
    return !name->empty();
}

/* 'name' (dotted) as DNS labels; false if a label is empty or too
 * long. */
bool
encode_name(std::string_view name, std::string *out)
{
    std::string s;
    while (!name.empty()) {
        size_t dot = name.find('.');
        std::string_view label = name.substr(0, dot);
        if (label.empty() || label.size() > DNS_MAX_LABEL) {
            return false;
        }
        s += static_cast<char>(label.size());
        s += label;
        name = dot == std::string_view::npos ? std::string_view()
                                             : name.substr(dot + 1);
    }
    *out += s + '\0';
    return true;
}

/* One resource record: 'qname' as encoded in the question, 'type', class
 * IN, the TTL and 'rdata'. */
void
put_answer(std::string &out, std::string_view qname, uint16_t type,
           std::string_view rdata)
{
    out += qname;
    append_be16(out, type);
    append_be16(out, DNS_CLASS_IN);
    append_be32(out, DNS_ANSWER_TTL);
    append_be16(out, static_cast<uint16_t>(rdata.size()));
    out += rdata;
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

void
DnsSnapshot::add_row(const std::vector<uint64_t> &datapaths,
                     const std::map<std::string, std::string> &records)
{
    DnsRecords lowered;
    for (const auto &[name, value] : records) {
        lowered.emplace(lower(name), value);
    }
    for (uint64_t dp : datapaths) {
        by_datapath[dp].push_back(lowered);
    }
}

L7Reply
dns_reply(std::string_view packet, const std::vector<DnsRecords> &records)
{
    UdpPacket udp;
    if (!parse_udp_packet(packet, &udp)) {
        return no_reply("DNS query not UDP over IP", true);
    }
    std::string_view msg = packet.substr(udp.payload,
                                         udp.end - udp.payload);
    if (msg.size() < DNS_HEADER_LEN) {
        return no_reply("DNS query truncated", true);
    }
    if (static_cast<uint8_t>(msg[2]) & DNS_QR) {
        return no_reply("DNS packet is a response", true);
    }
    if (get_be16(msg, 4) != 1) {
        return no_reply("DNS query without exactly one question", true);
    }
    std::string name;
    size_t name_len;
    if (!parse_name(msg, DNS_HEADER_LEN, &name, &name_len)
        || msg.size() < DNS_HEADER_LEN + name_len + 4) {
        return no_reply("DNS query with a malformed question", true);
    }
    std::string_view qname = msg.substr(DNS_HEADER_LEN, name_len);
    uint16_t qtype = get_be16(msg, DNS_HEADER_LEN + name_len);
    if (qtype != DNS_QUERY_TYPE_A && qtype != DNS_QUERY_TYPE_AAAA
        && qtype != DNS_QUERY_TYPE_ANY && qtype != DNS_QUERY_TYPE_PTR) {
        return no_reply("DNS query of an unsupported type", false);
    }

    std::string key = lower(name);
    const std::string *value = nullptr;
    for (const DnsRecords &r : records) {
        auto it = r.find(key);
        if (it != r.end()) {
            value = &it->second;
            break;
        }
    }
    if (!value) {
        return no_reply("DNS query for a name not in the DNS table", false);
    }

    std::string answers;
    uint16_t n_answers = 0;
    if (qtype == DNS_QUERY_TYPE_PTR) {
        std::string rdata;
        if (encode_name(*value, &rdata)) {
            put_answer(answers, qname, DNS_QUERY_TYPE_PTR, rdata);
            n_answers++;
        }
    } else {
        std::istringstream words(*value);
        std::string word;
        while (words >> word) {
            unsigned char buf[16];
            if ((qtype == DNS_QUERY_TYPE_A || qtype == DNS_QUERY_TYPE_ANY)
                && inet_pton(AF_INET, word.c_str(), buf) == 1) {
                put_answer(answers, qname, DNS_QUERY_TYPE_A,
                           std::string_view(reinterpret_cast<char *>(buf),
                                            4));
                n_answers++;
            } else if ((qtype == DNS_QUERY_TYPE_AAAA
                        || qtype == DNS_QUERY_TYPE_ANY)
                       && inet_pton(AF_INET6, word.c_str(), buf) == 1) {
                put_answer(answers, qname, DNS_QUERY_TYPE_AAAA,
                           std::string_view(reinterpret_cast<char *>(buf),
                                            16));
                n_answers++;
            }
        }
    }
    if (!n_answers) {
        return no_reply("DNS query with no record of its type", false);
    }

    std::string reply(msg.substr(0, DNS_HEADER_LEN + name_len + 4));
    reply[2] = static_cast<char>(static_cast<uint8_t>(reply[2]) | DNS_QR);
    put_be16(reply, 6, n_answers);
    put_be16(reply, 8, 0);
    put_be16(reply, 10, 0);
    reply += answers;

    L7Reply r;
    r.result = true;
    r.packet = replace_udp_payload(packet, udp, reply);
    return r;
}

}  // namespace ovn
