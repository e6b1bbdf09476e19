/* pinctrl-igmp: IGMP and MLD snooping on the logical switches with
 * mcast_snoop (ovn/controller/pinctrl-igmp.cpp), and the IGMP general
 * queries of a switch whose IP_Multicast row makes this chassis a
 * querier.
 *
 * The main thread reads the IP_Multicast rows of the local datapaths and
 * publishes their configurations (IgmpSnapshot); the pinctrl thread
 * applies each new snapshot on its next wakeup (publishing wakes it), so
 * that a new querier sends its first query at once and the next ones
 * every query_interval seconds after.  This header is what the unit
 * tests need of it: the snapshot and the query's bytes. */
#ifndef OVN_CONTROLLER_PINCTRL_IGMP_H
#define OVN_CONTROLLER_PINCTRL_IGMP_H 1

#include <cstdint>
#include <map>
#include <optional>

#include "openvswitch/types.h"
#include "ovn/controller/pinctrl-packet.h"

namespace ovn {

/* A snooping datapath's IP_Multicast configuration (defaults: 23.03's
 * when the column is empty). */
struct IgmpSnoopConfig {
    bool querier = false;
    std::optional<eth_addr> eth_src;    /* Unset: none, or invalid. */
    ovs_be32 ip4_src = 0;               /* 0: none, or invalid. */
    int64_t table_size = 2048;
    int64_t idle_timeout = 300;         /* Seconds. */
    int64_t query_interval = 150;       /* Seconds. */
    int64_t query_max_resp = 1;         /* Seconds. */
    int64_t seq_no = 0;

    /* True if this chassis sends IGMP queries for the datapath. */
    bool sends_queries() const { return querier && ip4_src && eth_src; }

    bool operator==(const IgmpSnoopConfig &) const;
    bool operator!=(const IgmpSnoopConfig &o) const { return !(*this == o); }
};

/* What the main thread publishes: the configuration of each datapath
 * with snooping on, by datapath tunnel key.  A datapath that is not
 * there does no snooping (its groups are forgotten). */
struct IgmpSnapshot {
    std::map<uint32_t, IgmpSnoopConfig> configs;
};

/* The IGMPv3 general query that 'cfg' (which sends_queries()) sends, as
 * 23.03 builds it. */
PacketBytes igmp_query_packet(const IgmpSnoopConfig &cfg);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-igmp.h */
