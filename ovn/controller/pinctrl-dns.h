/* pinctrl-dns: the DNS answers of dns_lookup, as OVN 23.03 gives them,
 * from the Southbound's DNS rows of the packet's datapath.
 *
 * The query is answered if it has one question, of type A, AAAA, ANY or
 * PTR, for a name that a record holds (compared without case).  The
 * answer is the query with QR set, the question as asked, and one
 * resource record per address of the record's value (A: its IPv4
 * addresses, AAAA: its IPv6 ones, ANY: both) or, for PTR, one with the
 * value as a domain name; each with the question's name written in full
 * and a TTL of one hour.  Anything else is resumed unanswered, with the
 * result bit clear, and the logical flows forward it.
 *
 * DnsSnapshot is the Southbound's DNS table as pinctrl sees it: the
 * main thread builds one and hands it over under pinctrl's mutex, so the
 * pinctrl thread never reads the IDL.  Pure functions; called by the
 * pinctrl thread's dispatch (pinctrl.cpp) and the unit tests. */
#ifndef OVN_CONTROLLER_PINCTRL_DNS_H
#define OVN_CONTROLLER_PINCTRL_DNS_H 1

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ovn/controller/pinctrl-l7-packet.h"

namespace ovn {

/* One DNS row's "records": lower-case name to its value, addresses
 * separated by spaces, or a domain name for a reverse (PTR) name. */
using DnsRecords = std::map<std::string, std::string, std::less<>>;

/* The DNS rows that apply to each datapath, by the datapath's tunnel
 * key, in the Southbound's order. */
struct DnsSnapshot {
    std::map<uint64_t, std::vector<DnsRecords>> by_datapath;

    /* Adds the records of a DNS row for each of 'datapaths' (tunnel
     * keys); the names are lower-cased. */
    void add_row(const std::vector<uint64_t> &datapaths,
                 const std::map<std::string, std::string> &records);
};

/* The DNS query types 23.03 answers. */
enum DnsQueryType : uint16_t {
    DNS_QUERY_TYPE_A = 1,
    DNS_QUERY_TYPE_PTR = 12,
    DNS_QUERY_TYPE_AAAA = 28,
    DNS_QUERY_TYPE_ANY = 255,
};

/* The answer to the DNS query 'packet' (from its Ethernet header on,
 * UDP over IPv4 or IPv6) from 'records', the DNS rows of the packet's
 * datapath. */
L7Reply dns_reply(std::string_view packet,
                  const std::vector<DnsRecords> &records);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-dns.h */
