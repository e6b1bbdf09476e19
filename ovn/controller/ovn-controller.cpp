/* ovn-controller: the OVN agent on each hypervisor.
 *
 *   ovn-controller [OPTIONS] [OVS-DATABASE]
 *
 * Reads its local configuration from the Open_vSwitch row's external_ids
 * in OVS-DATABASE (default: unix:$OVS_RUNDIR/db.sock), creates the
 * integration bridge if it is missing, registers this chassis in the OVN
 * Southbound database named by external_ids:ovn-remote, and keeps the
 * bridge's flow tables (through ofctrl) in step with what it computes.
 *
 * The main loop has upstream's shape: run the Open_vSwitch IDL and the
 * Southbound IDL, update the configuration rows, the bindings and the
 * monitor conditions, ofctrl_run(), run the incremental engine
 * (ControllerEngine below; docs/ovn-controller-engine.rst), ofctrl_put(),
 * then wait on everything and poll_block().  Nothing here
 * throws: bad or missing configuration is logged (once per change, rate
 * limited) and waited out. */
#include <config.h>

#include <getopt.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "dirs.h"
#include "lib/c-ptr.h"
#include "lib/idl-rows.h"
#include "lib/ovs-internal.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "lib/smap-owner.h"
#include "lib/unixctl-server.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/bfd.h"
#include "ovn/controller/binding.h"
#include "ovn/controller/chassis.h"
#include "ovn/controller/chassis-hostname.h"
#include "ovn/controller/bridge-key-store.h"
#include "ovn/controller/ct-zones.h"
#include "ovn/controller/encaps.h"
#include "ovn/controller/if-status.h"
#include "ovn/controller/inc-proc-eng.h"
#include "ovn/controller/lflow.h"
#include "ovn/controller/lflow-fdb.h"
#include "ovn/controller/lflow-lb-hairpin.h"
#include "ovn/controller/lflow-neighbor.h"
#include "ovn/controller/lflow-port-sec.h"
#include "ovn/controller/lflow-side.h"
#include "ovn/controller/memory-trim.h"
#include "ovn/controller/nb-cfg-keys.h"
#include "ovn/controller/ofctrl.h"
#include "ovn/controller/gateway.h"
#include "ovn/controller/ha-chassis.h"
#include "ovn/controller/local-datapaths.h"
#include "ovn/controller/patch.h"
#include "ovn/controller/physical.h"
#include "ovn/controller/pinctrl.h"
#include "ovn/controller/pinctrl-garp.h"
#include "ovn/controller/pinctrl-ra-timer.h"
#include "ovn/controller/pinctrl-inject.h"
#include "ovn/controller/sb-monitor.h"
#include "ovn/controller/virtual-ports.h"
#include "ovn/lib/ovn-dirs.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(main);
/* The local configuration read again from the Open_vSwitch row: only
 * after the row changed (local_config()). */
COVERAGE_DEFINE(local_config_read);
/* Main-loop iterations: one per wake-up of the main thread. */
COVERAGE_DEFINE(main_loop_iteration);
/* Wake-ups that changed neither IDL nor opened a Southbound transaction:
 * the bindings and their followers had nothing to do (run_bindings()). */
COVERAGE_DEFINE(binding_run_skipped);

namespace {

using Bridges = ovs::IdlRows<ovsrec_bridge, ovs_shim_bridge_first,
                             ovs_shim_bridge_next>;

constexpr const char *DEFAULT_BRIDGE = "br-int";
/* The Southbound's inactivity probe where ovn-remote-probe-interval does
 * not say otherwise (OVS's jsonrpc default). */
constexpr int DEFAULT_SB_PROBE_INTERVAL_MSEC = 5000;

/* Stopwatches (ovn-appctl stopwatch/show), in microseconds: how long
 * finding the local bindings takes, a full and an incremental computation
 * of the physical flows, and ofctrl_put() queueing the difference. */
constexpr const char *SW_BINDING_RUN = "binding-run";
constexpr const char *SW_PHYSICAL_FULL = "physical-full";
constexpr const char *SW_PHYSICAL_INCREMENTAL = "physical-incremental";
constexpr const char *SW_LFLOW_FULL = "lflow-full";
constexpr const char *SW_LFLOW_SIDE_FULL = "lflow-side-full";
constexpr const char *SW_FLOW_INSTALLATION = "flow-installation";

/* The encapsulations a chassis may offer, as the Southbound's Encap.type
 * column allows them. */
constexpr const char *ENCAP_TYPES[] = {"geneve", "vxlan", "stt"};

/* This chassis's configuration, from the Open_vSwitch row's external_ids.
 * Read afresh on every main-loop iteration, so that changes take effect
 * without a restart. */
struct LocalConfig {
    std::string system_id;
    std::string ovn_remote;           /* Empty if not configured. */
    std::vector<std::string> encap_types;
    std::string encap_ip;
    std::string bridge = DEFAULT_BRIDGE;
    std::string datapath_type;        /* Empty: leave the bridge's alone. */
    std::string hostname;
    /* Inactivity probes: the Southbound's in milliseconds, br-int's
     * OpenFlow connection's in seconds (0 disables either). */
    int sb_probe_interval = 0;
    int openflow_probe_interval = 0;
    long long trim_timeout_ms = ovn::MemoryTrimmer::DEFAULT_TIMEOUT_MSEC;
    const smap *external_ids = nullptr;
};

/* What the bindings are computed from: the rows of br-int's tables and of
 * the Southbound tables they come from, this chassis and the bridge.
 * While it stays the same, they need no computing again, however much else
 * changes in the databases (logical flows, nb_cfg, ...). */
struct InputVersion {
    unsigned int bridge_tables;
    unsigned int sb_tables;
    ovn::sb::Chassis chassis;
    const ovsrec_bridge *br_int;

    bool
    operator==(const InputVersion &o) const
    {
        return bridge_tables == o.bridge_tables && sb_tables == o.sb_tables
               && chassis == o.chassis && br_int == o.br_int;
    }
    bool operator!=(const InputVersion &o) const { return !(*this == o); }
};

/* What the Southbound monitor conditions are built from: the local
 * datapaths (by their generation), the unbound iface-ids and, while there
 * are some, the Port_Bindings that may name them, this chassis and its
 * name, and ovn-monitor-all.  Most wake-ups change none of them, and
 * building the scope walks every local datapath. */
struct MonitorInputs {
    uint64_t datapaths;
    std::set<std::string> unbound;
    unsigned int port_bindings;
    ovs::Uuid chassis;
    std::string chassis_name;
    bool monitor_all;

    bool
    operator==(const MonitorInputs &o) const
    {
        return datapaths == o.datapaths && port_bindings == o.port_bindings
               && chassis == o.chassis && monitor_all == o.monitor_all
               && chassis_name == o.chassis_name && unbound == o.unbound;
    }
};

/* What the chassis registration (run_chassis()) reads: the Open_vSwitch
 * row's external_ids and interface types, br-int and its datapath type,
 * the host name, the Chassis and Encap tables' sequence number, and our
 * Chassis_Private row with the Chassis it points to. */
struct ChassisReads {
    std::map<std::string, std::string> external_ids;
    std::string iface_types;
    const ovsrec_bridge *br_int = nullptr;
    std::string datapath_type;
    std::string hostname;
    unsigned int sb_seqno = 0;
    const void *chassis_private = nullptr;
    const void *chassis_private_chassis = nullptr;

    bool
    operator==(const ChassisReads &o) const
    {
        return std::tie(external_ids, iface_types, br_int, datapath_type,
                        hostname, sb_seqno, chassis_private,
                        chassis_private_chassis)
               == std::tie(o.external_ids, o.iface_types, o.br_int,
                           o.datapath_type, o.hostname, o.sb_seqno,
                           o.chassis_private, o.chassis_private_chassis);
    }
    bool operator!=(const ChassisReads &o) const { return !(*this == o); }
};

/* What the engine's nodes read in one main-loop iteration, set before
 * each run.  The row pointers are valid for that iteration only. */
struct EngineContext {
    ovsdb_idl *sb = nullptr;
    ovsdb_idl_txn *ovs_txn = nullptr;
    const ovsrec_bridge *br_int = nullptr;
    /* br-int's keys of ours, as the key store has them. */
    const ovn::RecordedZones *zone_keys = nullptr;
    ovn::sb::Chassis chassis;
    std::string chassis_name;
    unsigned int bridge_seqno = 0;
    mf_field_id geneve_field = static_cast<mf_field_id>(0);
    uint64_t seqno = 0;               /* The put the flows computed go to. */
};

struct ControllerEngine;

/* State the unixctl commands share with the main loop. */
struct Controller {
    ovs::IdlLoopPtr ovs_loop;
    /* br-int's keys of ours (the conntrack zones, nb-cfg-keys.h), through
     * a connection of their own to the same database. */
    std::unique_ptr<ovn::BridgeKeyStore> bridge_keys;
    ovs::IdlLoopPtr sb_loop;          /* Null until ovn-remote is known. */
    ovn::sb::IndexesPtr sb_indexes;   /* Of 'sb_loop''s IDL. */
    std::string sb_remote;
    int sb_probe_interval = -1;       /* As last given to the IDL. */

    uint64_t seqno = 0;               /* Bumped by every computation. */
    bool recompute_requested = false;

    /* The modules, and the engine that decides how much of their work
     * to redo (see ControllerEngine). */
    ovn::Bindings bindings;
    ovn::GatewayPorts gateways;
    ovn::VirtualPorts virtual_ports;
    /* The chassisredirect and external ports of the HA chassis groups
     * this chassis is in. */
    ovn::HaPorts ha_ports;
    /* br-int's tunnel ports, for BFD and the active tunnels. */
    ovn::BfdTunnelPorts bfd_tunnels;
    /* The other bridges' ports, to tell ports moved between bridges. */
    ovn::OtherBridgePorts other_bridge_ports;
    ovn::LocalDatapaths local_datapaths;
    ovn::PatchPorts patch_ports;
    /* The bridge mappings the patch ports were last brought in line
     * with, whether the tracked changes since then may concern them
     * (PatchPorts::note_tracked_changes()), and a number bumped
     * whenever the localnet ports' OpenFlow ports change. */
    std::optional<std::string> patch_mappings;
    bool patch_ports_changed = true;
    /* Whether the next patch port run looks at every port of every bridge
     * (see PatchPorts::run()): at the start, after the Open_vSwitch IDL
     * reconnected, and after a full binding run. */
    bool patch_rescan = true;
    uint64_t patch_seqno = 0;
    ovn::IfStatus if_status;
    ovn::CtZones zones;
    ovn::Tunnels tunnels;
    ovn::Physical physical;
    ovn::Lflows lflows;
    /* The flows beside the logical flows (tables 66 to 75). */
    ovn::NeighborFlows neighbor_flows;
    ovn::LbHairpinFlows lb_hairpin_flows;
    ovn::FdbFlows fdb_flows;
    ovn::PortSecFlows port_sec_flows;
    ovn::SbMonitor monitor;
    bool sb_was_ready = false;
    /* While the Southbound connection is down, or up again but before the
     * server's reply to the new monitor request, the IDL still holds the
     * rows of the old connection: its seqno then, to tell when the new
     * contents are in (a monitor reply always bumps it). */
    std::optional<unsigned int> sb_stale_seqno;
    /* Whether the engine has once computed every node: until then the
     * desired tables are not the whole picture, and the first put, which
     * replaces all the switch holds, would take flows away. */
    bool computed = false;
    /* The chassis and bridge of the last full run of the bindings, after
     * which they follow the IDLs' tracked changes; none when the next run
     * must be full (first run, reconnection, failed transaction). */
    std::optional<std::pair<ovn::sb::Chassis, const ovsrec_bridge *>>
        bindings_base;
    /* What the bindings' last run saw: both IDLs' sequence numbers and
     * whether a Southbound transaction was open.  A wake-up that changes
     * none of them (the reply to one of our writes, the switch's) has
     * nothing for the bindings, nor for what follows them. */
    std::optional<std::tuple<unsigned int, unsigned int, bool>>
        bindings_inputs;
    /* The bridge key store's read after which this run's start was last
     * recorded (BridgeKeyStore::reads()), and the installed nb_cfg. */
    std::optional<uint64_t> startup_recorded;
    std::optional<std::pair<int64_t, uint64_t>> installed_recorded;
    /* What the chassis registration (run_chassis()) last ran on: the
     * sequence numbers of the tables it reads, br-int and the host name.
     * It runs again only when one of them moved, or a Southbound
     * transaction failed (none then). */
    std::optional<std::tuple<unsigned int, unsigned int,
                             const ovsrec_bridge *, std::string>>
        chassis_inputs;
    /* What it read when it last ran: a move of the sequence numbers that
     * leaves that alone (a port added to br-int, our own nb_cfg coming
     * back in Chassis_Private) runs no registration. */
    std::optional<ChassisReads> chassis_reads;
    /* The local configuration (local_config()) and what it was read
     * from: the Open_vSwitch row and its table's sequence number. */
    std::optional<LocalConfig> local_config;
    ovn::SystemHostname system_hostname;
    std::optional<std::pair<const ovsrec_open_vswitch *, unsigned int>>
        local_config_version;
    EngineContext eng_ctx;
    std::unique_ptr<ControllerEngine> engine;
    /* Whether br-int's tracked changes since the last engine run may
     * concern the tunnel ports (Tunnels::tracked_changes_matter()). */
    bool tunnel_ports_changed = true;
    /* Whether the gateway ports hosted here changed since the engine's
     * last run. */
    bool gateways_changed = true;
    /* The Interface that is br-int's own (named as the bridge), once
     * found: whether the bridge is up is a lookup, not a walk. */
    std::optional<ovs::Uuid> bridge_iface;
    /* As of the local datapaths' last run: the bindings' datapaths
     * (Bindings::datapaths_generation()), and whether gateway or HA
     * ports added roots (has_other_roots()). */
    uint64_t roots_generation = 0;
    bool roots_had_others = true;
    /* What the monitor conditions were last built from (see
     * update_monitor()). */
    std::optional<MonitorInputs> monitor_inputs;

    /* The Northbound configuration SB_Global last carried, and the put
     * whose acknowledgement reports it installed (0: none pending). */
    int64_t nb_cfg = -1;
    uint64_t nb_cfg_seqno = 0;
    /* The last one reported installed, and when this run started, for
     * br-int's keys (wall clock, msec). */
    int64_t installed_nb_cfg = 0;
    long long int startup_msec = 0;

    ovn::MemoryTrimmer trimmer;
    uint64_t trimmed_seqno = 0;       /* ctl.seqno as the trimmer saw it. */

    bool exiting = false;
    bool restart = false;             /* exit --restart: leave it all. */
    unixctl_conn *exit_conn = nullptr;

    /* The last configuration problem logged, so that each is logged once
     * until it changes. */
    std::string reported_problem;
};

std::string
smap_get_string(const smap *map, const char *key, const char *def = "")
{
    const char *value = map ? smap_get(map, key) : nullptr;
    return value ? value : def;
}

/* Splits a comma- or space-separated list, dropping empty items and
 * duplicates. */
std::vector<std::string>
split_list(const std::string &s)
{
    std::vector<std::string> items;
    size_t pos = 0;
    while (pos < s.size()) {
        size_t end = s.find_first_of(", \t", pos);
        if (end == std::string::npos) {
            end = s.size();
        }
        std::string item = s.substr(pos, end - pos);
        if (!item.empty()
            && std::find(items.begin(), items.end(), item) == items.end()) {
            items.push_back(std::move(item));
        }
        pos = end + 1;
    }
    return items;
}

bool
is_encap_type(const std::string &type)
{
    for (const char *t : ENCAP_TYPES) {
        if (type == t) {
            return true;
        }
    }
    return false;
}

/* Logs 'problem' (or, if empty, that the last one is over) when it differs
 * from the last one logged. */
void
report_problem(Controller &ctl, const std::string &problem)
{
    if (problem == ctl.reported_problem) {
        return;
    }
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    if (!problem.empty()) {
        VLOG_WARN_RL(&rl, "%s", problem.c_str());
    } else {
        VLOG_INFO_RL(&rl, "local configuration is complete");
    }
    ctl.reported_problem = problem;
}

std::string
local_hostname(Controller &ctl, const smap *external_ids)
{
    std::string name = smap_get_string(external_ids, "hostname");
    if (!name.empty()) {
        return name;
    }
    return ctl.system_hostname.get(time_msec());
}

/* Reads the configuration from 'ovs', the Open_vSwitch row.  Returns
 * nothing while system-id is missing, since the chassis has no name. */
std::optional<LocalConfig>
read_local_config(Controller &ctl, const ovsrec_open_vswitch *ovs)
{
    COVERAGE_INC(local_config_read);
    if (!ovs) {
        report_problem(ctl, "Open_vSwitch database has no Open_vSwitch row"
                            " (not initialized?), waiting");
        return std::nullopt;
    }
    const smap *ids = ovs_shim_open_vswitch_external_ids(ovs);
    LocalConfig cfg;
    cfg.external_ids = ids;
    cfg.system_id = smap_get_string(ids, "system-id");
    if (cfg.system_id.empty()) {
        report_problem(ctl, "'system-id' in Open_vSwitch database is "
                            "missing, waiting");
        return std::nullopt;
    }
    cfg.ovn_remote = smap_get_string(ids, "ovn-remote");
    cfg.encap_ip = smap_get_string(ids, "ovn-encap-ip");
    cfg.bridge = smap_get_string(ids, "ovn-bridge", DEFAULT_BRIDGE);
    cfg.datapath_type = smap_get_string(ids, "ovn-bridge-datapath-type");
    ctl.system_hostname.invalidate();
    cfg.hostname = local_hostname(ctl, ids);
    /* As 23.03: the Southbound is probed by default only over sockets
     * that need it (not unix:), br-int's connection not at all. */
    const int default_sb_probe
        = (cfg.ovn_remote.empty()
           || stream_or_pstream_needs_probes(cfg.ovn_remote.c_str()))
          ? DEFAULT_SB_PROBE_INTERVAL_MSEC : 0;
    cfg.sb_probe_interval = smap_get_int(ids, "ovn-remote-probe-interval",
                                         default_sb_probe);
    cfg.openflow_probe_interval = smap_get_int(
        ids, "ovn-openflow-probe-interval", 0);
    cfg.trim_timeout_ms = smap_get_ullong(
        ids, "ovn-trim-timeout-ms", ovn::MemoryTrimmer::DEFAULT_TIMEOUT_MSEC);

    std::string problem;
    for (std::string &type : split_list(smap_get_string(ids,
                                                        "ovn-encap-type"))) {
        if (is_encap_type(type)) {
            cfg.encap_types.push_back(std::move(type));
        } else if (problem.empty()) {
            problem = "ignoring unknown encapsulation type '" + type + "'";
        }
    }
    if (cfg.ovn_remote.empty()) {
        problem = "'ovn-remote' in Open_vSwitch database is missing, "
                  "waiting";
    } else if (cfg.encap_types.empty() || cfg.encap_ip.empty()) {
        problem = "need 'ovn-encap-type' and 'ovn-encap-ip' in "
                  "Open_vSwitch database to register the chassis, waiting";
    }
    report_problem(ctl, problem);
    return cfg;
}

/* The configuration from 'ovs', the Open_vSwitch row of 'ovs_idl', or
 * null while it is incomplete (see read_local_config()).  Every main-loop
 * iteration asks for it, but it is read again only when the Open_vSwitch
 * table changed: most iterations are for other databases.  The host name,
 * unless external_ids sets it, is the system's, whose changes no database
 * reports: SystemHostname asks the system again once its answer is a
 * second old. */
const LocalConfig *
local_config(Controller &ctl, const ovsdb_idl *ovs_idl,
             const ovsrec_open_vswitch *ovs)
{
    const std::pair<const ovsrec_open_vswitch *, unsigned int> version(
        ovs, ovs_shim_open_vswitch_seqno(ovs_idl));
    if (ctl.local_config_version != version) {
        ctl.local_config = read_local_config(ctl, ovs);
        ctl.local_config_version = version;
    } else if (ctl.local_config) {
        ctl.local_config->hostname
            = local_hostname(ctl, ctl.local_config->external_ids);
    }
    return ctl.local_config ? &*ctl.local_config : nullptr;
}

bool
monitor_all(const LocalConfig &cfg)
{
    return smap_get_bool(cfg.external_ids, "ovn-monitor-all", false);
}

/* The iface-ids whose Port_Binding the monitor conditions must name,
 * given the local datapaths they name (SbMonitor::monitored_iface_ids()). */
std::set<std::string>
monitored_iface_ids(const Controller &ctl,
                    const std::set<ovs::Uuid> &datapaths)
{
    return ovn::SbMonitor::monitored_iface_ids(
        ctl.bindings.unbound_iface_ids(),
        [&ctl](const std::string &id) -> std::optional<ovs::Uuid> {
            const ovn::sb::PortBinding pb
                = ovn::sb::PortBinding::find_by_name(ctl.sb_indexes.get(),
                                                     id.c_str());
            if (!pb || !pb.datapath()) {
                return std::nullopt;
            }
            return pb.datapath().uuid();
        },
        datapaths);
}

/* Keeps the Southbound monitor conditions in step with this chassis's
 * interfaces and local datapaths (see sb-monitor.h). */
void
update_monitor(Controller &ctl, ovsdb_idl *sb, const LocalConfig &cfg,
               ovn::sb::Chassis chassis)
{
    const std::set<std::string> &unbound = ctl.bindings.unbound_iface_ids();
    const bool all = monitor_all(cfg);
    MonitorInputs inputs{
        ctl.local_datapaths.generation(), unbound,
        unbound.empty() || all ? 0 : ovn::sb::PortBinding::table_seqno(sb),
        chassis ? chassis.uuid() : ovs::Uuid(), cfg.system_id, all};
    if (ctl.monitor_inputs == inputs) {
        return;
    }
    ctl.monitor_inputs = std::move(inputs);

    ovn::SbMonitor::Scope scope;
    scope.monitor_all = all;
    scope.chassis_name = cfg.system_id;
    if (chassis) {
        scope.chassis = chassis.uuid();
    }
    for (const auto &[uuid, dp] : ctl.local_datapaths.datapaths()) {
        scope.datapaths.insert(scope.datapaths.end(), uuid);
    }
    scope.iface_ids = monitored_iface_ids(ctl, scope.datapaths);
    ctl.monitor.update(sb, scope);
}

/* Creates the Southbound IDL once ovn-remote is known, and follows changes
 * to it and to its probe interval. */
void
update_sb_remote(Controller &ctl, const LocalConfig *cfg)
{
    if (!cfg || cfg->ovn_remote.empty()) {
        return;
    }
    if (ctl.sb_loop && cfg->sb_probe_interval != ctl.sb_probe_interval) {
        ovs_shim_idl_set_probe_interval(
            ovs_shim_idl_loop_idl(ctl.sb_loop.get()), cfg->sb_probe_interval);
        ctl.sb_probe_interval = cfg->sb_probe_interval;
    }
    if (cfg->ovn_remote == ctl.sb_remote) {
        return;
    }
    if (!ctl.sb_loop) {
        ovn::sb::Indexes *ix;
        ctl.sb_loop.reset(ovs_shim_idl_loop_create(
                              sb_gen_idl_create(cfg->ovn_remote.c_str(),
                                                monitor_all(*cfg), &ix)));
        ctl.sb_indexes.reset(ix);
        ovsdb_idl *sb = ovs_shim_idl_loop_idl(ctl.sb_loop.get());
        /* Any member of a clustered Southbound will do, as in 23.03: a
         * follower forwards our writes to the leader, and a member that
         * lost contact with the cluster, or is behind what we have seen,
         * is left by the IDL on its own. */
        ovs_shim_idl_set_leader_only(sb, false);
        ovs_shim_idl_set_probe_interval(sb, cfg->sb_probe_interval);
        ctl.sb_probe_interval = cfg->sb_probe_interval;
    } else {
        ovs_shim_idl_set_remote(ovs_shim_idl_loop_idl(ctl.sb_loop.get()),
                                cfg->ovn_remote.c_str(), true);
    }
    VLOG_INFO("connecting to Southbound database %s",
              cfg->ovn_remote.c_str());
    ctl.sb_remote = cfg->ovn_remote;
}

/* A number that changes whenever a row of a Southbound table the flows
 * come from changes (every change gets the IDL's next sequence number, so
 * the largest over the tables changes whenever one of them does). */
unsigned int
physical_tables_seqno(const ovsdb_idl *sb)
{
    return std::max({ovn::sb::Chassis::table_seqno(sb),
                     ovn::sb::DatapathBinding::table_seqno(sb),
                     ovn::sb::Encap::table_seqno(sb),
                     ovn::sb::MulticastGroup::table_seqno(sb),
                     ovn::sb::PortBinding::table_seqno(sb)});
}

/* The SSL configuration for the Southbound comes from the command line,
 * unless the local database has an SSL table row ('ovs-vsctl set-ssl'),
 * which takes precedence, as in 23.03.  OVS's stream-ssl reloads a file
 * only when its name or its modification time changed, so calling this on
 * every iteration is cheap and picks up renewed certificates. */
void
update_ssl_config(const ovsdb_idl *ovs_idl)
{
    ovs_shim_ssl_config ssl;
    if (ovs_shim_ssl_config_get(ovs_idl, &ssl)) {
        stream_ssl_set_key_and_cert(ssl.private_key, ssl.certificate);
        stream_ssl_set_ca_cert_file(ssl.ca_cert, ssl.bootstrap_ca_cert);
    }
}

/* Notes whether the Southbound IDL's rows are those of a connection that
 * went away.  Called once per main-loop iteration, after the IDL ran. */
void
note_sb_connection(Controller &ctl)
{
    if (!ctl.sb_loop) {
        return;
    }
    const ovsdb_idl *sb = ovs_shim_idl_loop_idl(ctl.sb_loop.get());
    const unsigned int seqno = ovs_shim_idl_get_seqno(sb);
    if (!ovs_shim_idl_is_connected(sb)) {
        ctl.sb_stale_seqno = seqno;
    } else if (ctl.sb_stale_seqno && *ctl.sb_stale_seqno != seqno) {
        ctl.sb_stale_seqno.reset();
    }
}

/* Whether the Southbound IDL holds the server's current contents, so that
 * a row missing from it is missing from the database.  Right after a
 * reconnection it does not yet: computing from the old rows would claim,
 * install and report ports from a database that may have changed. */
bool
sb_is_ready(const Controller &ctl)
{
    if (!ctl.sb_loop) {
        return false;
    }
    const ovsdb_idl *sb = ovs_shim_idl_loop_idl(ctl.sb_loop.get());
    return ovs_shim_idl_has_ever_connected(sb)
           && ovs_shim_idl_is_connected(sb)
           && !ctl.sb_stale_seqno;
}

const ovsrec_bridge *
find_bridge(const ovsdb_idl *idl, const std::string &name)
{
    for (const ovsrec_bridge *br : Bridges(idl)) {
        if (name == ovs_shim_bridge_name(br)) {
            return br;
        }
    }
    return nullptr;
}

/* Returns the integration bridge, creating it (through 'txn', if any) when
 * it is missing: it then appears on a later iteration. */
const ovsrec_bridge *
process_br_int(ovsdb_idl_txn *txn, const ovsdb_idl *idl,
               const ovsrec_open_vswitch *ovs, const LocalConfig &cfg)
{
    const ovsrec_bridge *br = find_bridge(idl, cfg.bridge);
    if (!txn) {
        return br;
    }
    if (!br) {
        VLOG_INFO("creating integration bridge %s", cfg.bridge.c_str());
        ovs_shim_bridge_create(txn, ovs, cfg.bridge.c_str(),
                               cfg.datapath_type.c_str());
        return nullptr;
    }
    if (!cfg.datapath_type.empty()
        && cfg.datapath_type != ovs_shim_bridge_datapath_type(br)) {
        VLOG_INFO("setting datapath type of %s to %s", cfg.bridge.c_str(),
                  cfg.datapath_type.c_str());
        ovs_shim_bridge_set_datapath_type(br, cfg.datapath_type.c_str());
    }
    return br;
}

/* Whether ovs-vswitchd has set 'br' up, so that its management socket
 * exists: connecting earlier would only log failures.  Its own interface
 * is found by a walk of its ports once, then by UUID. */
bool
bridge_is_up(Controller &ctl, const ovsdb_idl *idl, const ovsrec_bridge *br)
{
    const char *name = ovs_shim_bridge_name(br);
    if (ctl.bridge_iface) {
        const ovsrec_interface *iface = ovs_shim_interface_get_for_uuid(
            idl, &ctl.bridge_iface->get());
        if (iface && !strcmp(ovs_shim_interface_name(iface), name)) {
            return ovs_shim_interface_ofport(iface) > 0;
        }
        ctl.bridge_iface.reset();
    }
    for (size_t i = 0; i < ovs_shim_bridge_n_ports(br); i++) {
        const ovsrec_port *port = ovs_shim_bridge_port(br, i);
        if (!port) {
            continue;
        }
        for (size_t j = 0; j < ovs_shim_port_n_interfaces(port); j++) {
            const ovsrec_interface *iface = ovs_shim_port_interface(port, j);
            if (!strcmp(ovs_shim_interface_name(iface), name)) {
                ctl.bridge_iface = ovs::Uuid(*ovs_shim_interface_uuid(iface));
                return ovs_shim_interface_ofport(iface) > 0;
            }
        }
    }
    return false;
}

/* Registers this chassis, or brings its rows up to date. */
void
run_chassis(ovsdb_idl_txn *txn, const LocalConfig &cfg,
            const ovsrec_open_vswitch *ovs, const ovsrec_bridge *br)
{
    ovn::ChassisConfig cc;
    cc.system_id = cfg.system_id;
    cc.hostname = cfg.hostname;
    cc.encap_types = cfg.encap_types;
    cc.encap_ip = cfg.encap_ip;
    cc.external_ids = cfg.external_ids;
    ovn::chassis_run(txn, cc, ovs, br);
}

/* What run_chassis() would read now (ChassisReads). */
ChassisReads
chassis_reads(const Controller &ctl, const ovsdb_idl *sb_idl,
              const LocalConfig &cfg, const ovsrec_open_vswitch *ovs,
              const ovsrec_bridge *br)
{
    ChassisReads r;
    const smap *ids = cfg.external_ids;
    if (ids) {
        const smap_node *node;
        SMAP_FOR_EACH (node, ids) {
            r.external_ids.emplace(node->key, node->value);
        }
    }
    for (size_t i = 0; i < ovs_shim_open_vswitch_n_iface_types(ovs); i++) {
        r.iface_types += ovs_shim_open_vswitch_iface_type(ovs, i);
        r.iface_types += ',';
    }
    r.br_int = br;
    r.datapath_type = br ? ovs_shim_bridge_datapath_type(br) : "";
    r.hostname = cfg.hostname;
    r.sb_seqno = std::max(ovn::sb::Chassis::table_seqno(sb_idl),
                          ovn::sb::Encap::table_seqno(sb_idl));
    const ovn::sb::ChassisPrivate chp = ovn::sb::ChassisPrivate::find_by_name(
        ctl.sb_indexes.get(), cfg.system_id.c_str());
    r.chassis_private = chp.get();
    r.chassis_private_chassis = chp ? chp.chassis().get() : nullptr;
    return r;
}

/* The incremental processing graph (docs/ovn-controller-engine.rst):
 *
 *   ovs_br_int ----------+--> tunnels ----------------+
 *   sb_chassis ----------+                             |
 *   runtime_data --+--> ct_zones ---------------------+--> physical_flow_
 *                  +----------------------------------+    output
 *   sb_datapath_binding, sb_port_binding,              |
 *   sb_multicast_group, ofctrl_geneve -----------------+
 *
 *   runtime_data, sb_chassis, sb_datapath_binding,
 *   sb_port_binding, sb_multicast_group, sb_address_set,
 *   sb_port_group, sb_chassis_template_var, sb_logical_flow,
 *   sb_meter, sb_dhcp_options -------------------------------> lflow_output
 *
 *   runtime_data, sb_datapath_binding, sb_port_binding,
 *   sb_mac_binding, sb_static_mac_binding, sb_fdb,
 *   sb_load_balancer, sb_logical_dp_group,
 *   sb_global_options -------------------------------> lflow_side_output
 *
 *   physical_flow_output, lflow_output,
 *   lflow_side_output ---------------------------------------> flow_output
 *
 * runtime_data stands for the local bindings, which the main loop brings
 * up to date before the engine runs (their row pointers must follow every
 * IDL run, computed or not). */
struct ControllerEngine {
    explicit ControllerEngine(Controller &ctl);

    Controller &ctl;
    const EngineContext &c;

    /* Inputs. */
    ovn::EngineNode ovs_br_int;
    ovn::EngineNode sb_chassis;
    ovn::EngineNode sb_datapath_binding;
    ovn::EngineNode sb_port_binding;
    ovn::EngineNode sb_multicast_group;
    ovn::EngineNode ofctrl_geneve;
    ovn::EngineNode patch_ports;
    ovn::EngineNode runtime_data;
    ovn::EngineNode sb_logical_flow;
    ovn::EngineNode sb_address_set;
    ovn::EngineNode sb_port_group;
    ovn::EngineNode sb_meter;
    ovn::EngineNode sb_chassis_template_var;
    ovn::EngineNode sb_dhcp_options;
    ovn::EngineNode sb_mac_binding;
    ovn::EngineNode sb_static_mac_binding;
    ovn::EngineNode sb_fdb;
    ovn::EngineNode sb_load_balancer;
    ovn::EngineNode sb_logical_dp_group;
    ovn::EngineNode sb_global_options;
    /* Computed. */
    ovn::EngineNode ct_zones;
    ovn::EngineNode tunnels;
    ovn::EngineNode physical_flow_output;
    ovn::EngineNode lflow_output;
    ovn::EngineNode lflow_side_output;
    /* The root: every flow-producing node is one of its inputs. */
    ovn::EngineNode flow_output;

    std::unique_ptr<ovn::Engine> engine;

    /* What the input nodes saw last. */
    std::optional<const ovsrec_bridge *> bridge;
    ovn::sb::Chassis chassis;
    mf_field_id geneve_field = static_cast<mf_field_id>(0);
    uint64_t patch_seqno = 0;
    /* The engine run whose changes physical_flow_output has handled. */
    uint64_t physical_handled_run = 0;
    uint64_t tunnels_handled_run = 0;
    uint64_t run_count = 0;
    /* The Logical_Flows lflow_output recompiled in this run, and the run
     * whose Port_Binding and Multicast_Group changes it handled. */
    std::set<ovs::Uuid> lflows_done;
    uint64_t lflow_ports_handled_run = 0;
    unsigned int dhcp_options_seqno = 0;
    /* SB_Global options:lb_hairpin_use_ct_mark, as last seen. */
    bool lb_hairpin_use_ct_mark = true;
    /* The local datapaths lflow_side_output has flows for. */
    std::set<ovs::Uuid> side_datapaths;

    bool chassis_changed() const;
    bool update_tunnels(ovn::EngineNode &node);
    ovn::CtZoneSources zone_sources() const;
    void update_zones(ovn::EngineNode &node);
    void handle_zone_changes(ovn::EngineNode &node);
    ovn::PhysicalInput physical_input() const;
    bool handle_physical_changes(ovn::EngineNode &node);
    void recompute_physical(ovn::EngineNode &node);
    ovn::LflowInput lflow_input() const;
    void recompute_lflows(ovn::EngineNode &node);
    bool handle_lflow_datapaths(ovn::EngineNode &node);
    bool handle_lflow_ports(ovn::EngineNode &node);
    /* Makes lflow_output's handler 'fn' of Lflows an engine handler. */
    ovn::EngineNode::HandlerFn lflow_handler(
        bool (ovn::Lflows::*fn)(const ovn::LflowInput &,
                                std::set<ovs::Uuid> *));
    ovn::SideFlowInput side_input() const;
    void recompute_side(ovn::EngineNode &node);
    bool handle_side_runtime_data(ovn::EngineNode &node);
    bool handle_side_datapath_binding(ovn::EngineNode &node);
    bool handle_side_port_binding(ovn::EngineNode &node);
    bool handle_side_mac_binding(ovn::EngineNode &node);
    bool handle_side_static_mac_binding(ovn::EngineNode &node);
    bool handle_side_fdb(ovn::EngineNode &node);
    bool handle_side_load_balancer(ovn::EngineNode &node);
    bool handle_side_dp_group(ovn::EngineNode &node);
};

/* Whether a Chassis or Encap row that the flows depend on changed.  This
 * chassis's own row changes only by our writes (other_config, hostname,
 * its encaps), which no flow reads: those are left out, but for a new or
 * deleted encap of ours, which the tunnels read. */
bool
ControllerEngine::chassis_changed() const
{
    if (c.chassis != chassis) {
        return true;
    }
    for (ovn::sb::Chassis ch : ovn::sb::Chassis::tracked(c.sb)) {
        if (ch != c.chassis || ch.is_new() || ch.is_deleted()) {
            return true;
        }
    }
    for (ovn::sb::Encap e : ovn::sb::Encap::tracked(c.sb)) {
        /* Our own encaps say which tunnel types we can build (VXLAN). */
        if (e.chassis_name() != c.chassis_name || e.is_new()
            || e.is_deleted()) {
            return true;
        }
    }
    return false;
}

bool
ControllerEngine::update_tunnels(ovn::EngineNode &node)
{
    /* Tunnels::run() compares everything: one pass a run serves both
     * inputs.  A second pass in the same run would not see the ports the
     * first added (the bridge row shows them once the transaction
     * commits) and would add them again, failing the transaction. */
    if (tunnels_handled_run == run_count) {
        return true;
    }
    tunnels_handled_run = run_count;
    bool updated;
    const bool handled = ovn::tunnels_handle_change(
        ctl.tunnels, c.ovs_txn, c.br_int, c.sb, c.chassis, &updated);
    if (updated) {
        node.set_updated();
    }
    return handled;
}

ovn::CtZoneSources
ControllerEngine::zone_sources() const
{
    return ovn::CtZoneSources{ctl.bindings, ctl.gateways,
                              ctl.local_datapaths, &ctl.ha_ports};
}

void
ControllerEngine::update_zones(ovn::EngineNode &node)
{
    if (ovn::ct_zones_recompute(ctl.zones, c.zone_keys,
                                zone_sources())) {
        node.set_updated();
    }
}

/* The zones of the bindings, local datapaths, localnet ports and gateway
 * ports that came or went, and only those. */
void
ControllerEngine::handle_zone_changes(ovn::EngineNode &node)
{
    if (ovn::ct_zones_handle_changes(ctl.zones, c.zone_keys,
                                     zone_sources(),
                                     ctl.local_datapaths.changed()
                                     || ctl.gateways_changed)) {
        node.set_updated();
    }
}

ovn::PhysicalInput
ControllerEngine::physical_input() const
{
    return ovn::PhysicalInput{c.sb, ctl.sb_indexes.get(), c.chassis,
                              &ctl.bindings, &ctl.local_datapaths,
                              &ctl.patch_ports, &ctl.gateways, &ctl.zones,
                              &ctl.tunnels,
                              c.geneve_field, &ctl.ha_ports};
}

bool
ControllerEngine::handle_physical_changes(ovn::EngineNode &node)
{
    /* One pass handles the bindings, Port_Bindings, Multicast_Groups,
     * local datapaths, Datapath_Bindings, provider bridge ports and HA
     * groups that changed, whichever inputs reported them. */
    if (physical_handled_run == run_count) {
        return true;
    }
    physical_handled_run = run_count;
    stopwatch_start(SW_PHYSICAL_INCREMENTAL, time_usec());
    /* The HA ports that became active or standby here have other flows
     * too. */
    std::set<ovs::Uuid> changed = ctl.bindings.changed_port_bindings();
    for (const std::string &lport : ctl.ha_ports.changed_lports()) {
        const ovn::sb::PortBinding pb = ovn::sb::PortBinding::find_by_name(
            ctl.sb_indexes.get(), lport.c_str());
        if (pb) {
            changed.insert(pb.uuid());
        }
    }
    for (const std::string &lport : ctl.physical.handle_changes(
             physical_input(), std::move(changed))) {
        ctl.if_status.flows_computed(lport, c.seqno);
    }
    stopwatch_stop(SW_PHYSICAL_INCREMENTAL, time_usec());
    node.set_updated();
    return true;
}

void
ControllerEngine::recompute_physical(ovn::EngineNode &node)
{
    stopwatch_start(SW_PHYSICAL_FULL, time_usec());
    ctl.physical.run(physical_input());
    for (const auto &[lport, b] : ctl.bindings.bindings()) {
        ctl.if_status.flows_computed(lport, c.seqno);
    }
    stopwatch_stop(SW_PHYSICAL_FULL, time_usec());
    node.set_updated();
}

ovn::LflowInput
ControllerEngine::lflow_input() const
{
    ovn::LflowInput in;
    in.sb = c.sb;
    in.ix = ctl.sb_indexes.get();
    in.chassis = c.chassis;
    in.chassis_name = c.chassis_name;
    in.bindings = &ctl.bindings;
    in.local_datapaths = &ctl.local_datapaths.datapaths();
    in.ha_ports = &ctl.ha_ports;
    /* What Debian's 23.03 finds in OVS 3.1's userspace datapath:
     * ct_zero_snat, symmetric L4 dp_hash and meters all supported. */
    in.features = ovn::LflowFeatures();
    return in;
}

void
ControllerEngine::recompute_lflows(ovn::EngineNode &node)
{
    stopwatch_start(SW_LFLOW_FULL, time_usec());
    ctl.lflows.run(lflow_input());
    stopwatch_stop(SW_LFLOW_FULL, time_usec());
    node.set_updated();
}

ovn::EngineNode::HandlerFn
ControllerEngine::lflow_handler(
    bool (ovn::Lflows::*fn)(const ovn::LflowInput &, std::set<ovs::Uuid> *))
{
    return [this, fn](ovn::EngineNode &node) {
        if (!(ctl.lflows.*fn)(lflow_input(), &lflows_done)) {
            return false;
        }
        node.set_updated();
        return true;
    };
}

/* A new datapath, or one that is not local, has no logical flows here;
 * a local one whose key or kind changed needs them all again. */
bool
ControllerEngine::handle_lflow_datapaths(ovn::EngineNode &)
{
    for (ovn::sb::DatapathBinding dp
             : ovn::sb::DatapathBinding::tracked(c.sb)) {
        if (!dp.is_new() && ctl.local_datapaths.contains(dp.uuid())) {
            return false;
        }
    }
    return true;
}

/* Port_Binding and Multicast_Group changes, in one pass per run. */
bool
ControllerEngine::handle_lflow_ports(ovn::EngineNode &node)
{
    if (lflow_ports_handled_run == run_count) {
        return true;
    }
    lflow_ports_handled_run = run_count;
    return lflow_handler(&ovn::Lflows::handle_changed_ports)(node);
}

ovn::SideFlowInput
ControllerEngine::side_input() const
{
    ovn::SideFlowInput in;
    in.sb = c.sb;
    in.ix = ctl.sb_indexes.get();
    in.bindings = &ctl.bindings;
    in.local_datapaths = &ctl.local_datapaths.datapaths();
    in.lb_hairpin_use_ct_mark = lb_hairpin_use_ct_mark;
    return in;
}

void
ControllerEngine::recompute_side(ovn::EngineNode &node)
{
    stopwatch_start(SW_LFLOW_SIDE_FULL, time_usec());
    const ovn::SideFlowInput in = side_input();
    ctl.neighbor_flows.run(in);
    ctl.lb_hairpin_flows.run(in);
    ctl.fdb_flows.run(in);
    ctl.port_sec_flows.run(in);
    side_datapaths.clear();
    for (const auto &[uuid, dp] : ctl.local_datapaths.datapaths()) {
        side_datapaths.insert(uuid);
    }
    stopwatch_stop(SW_LFLOW_SIDE_FULL, time_usec());
    node.set_updated();
}

/* A datapath that became local brings its rows' flows, one that is no
 * longer local takes them away; a port bound or released here, its port
 * security flows. */
bool
ControllerEngine::handle_side_runtime_data(ovn::EngineNode &node)
{
    const ovn::SideFlowInput in = side_input();
    if (ctl.local_datapaths.changed()) {
        const auto &local = ctl.local_datapaths.datapaths();
        for (auto it = side_datapaths.begin(); it != side_datapaths.end();) {
            if (local.count(*it)) {
                ++it;
                continue;
            }
            ctl.neighbor_flows.remove_datapath(*it);
            ctl.fdb_flows.remove_datapath(*it);
            ctl.lb_hairpin_flows.handle_datapath(in, *it);
            it = side_datapaths.erase(it);
        }
        for (const auto &[uuid, dp] : local) {
            if (side_datapaths.insert(uuid).second) {
                ctl.neighbor_flows.add_datapath(in, dp);
                ctl.fdb_flows.add_datapath(in, dp);
                ctl.lb_hairpin_flows.handle_datapath(in, uuid);
            }
        }
    }
    for (const ovs::Uuid &pb : ctl.bindings.changed_port_bindings()) {
        ctl.port_sec_flows.handle_port(in, pb);
    }
    node.set_updated();
    return true;
}

/* Only a local datapath's new tunnel key changes flows: rare enough to
 * recompute. */
bool
ControllerEngine::handle_side_datapath_binding(ovn::EngineNode &)
{
    for (ovn::sb::DatapathBinding dp
             : ovn::sb::DatapathBinding::tracked(c.sb)) {
        if (!dp.is_new() && !dp.is_deleted() && side_datapaths.count(dp.uuid())
            && dp.is_updated(
                   ovn::sb::DatapathBinding::Column::TUNNEL_KEY)) {
            return false;
        }
    }
    return true;
}

/* A bound port whose port_security changed.  A port's new name or key
 * would change the MAC bindings that name it: recompute for that. */
bool
ControllerEngine::handle_side_port_binding(ovn::EngineNode &node)
{
    using Column = ovn::sb::PortBinding::Column;
    const ovn::SideFlowInput in = side_input();
    for (ovn::sb::PortBinding pb : ovn::sb::PortBinding::tracked(c.sb)) {
        if (pb.is_new() || pb.is_deleted()) {
            continue;
        }
        if (pb.is_updated(Column::TUNNEL_KEY)
            || pb.is_updated(Column::LOGICAL_PORT)) {
            return false;
        }
        if (pb.is_updated(Column::PORT_SECURITY)) {
            ctl.port_sec_flows.handle_port(in, pb.uuid());
            node.set_updated();
        }
    }
    return true;
}

bool
ControllerEngine::handle_side_mac_binding(ovn::EngineNode &node)
{
    const ovn::SideFlowInput in = side_input();
    for (ovn::sb::MacBinding mb : ovn::sb::MacBinding::tracked(c.sb)) {
        ctl.neighbor_flows.handle_mac_binding(in, mb.uuid());
    }
    node.set_updated();
    return true;
}

bool
ControllerEngine::handle_side_static_mac_binding(ovn::EngineNode &node)
{
    const ovn::SideFlowInput in = side_input();
    for (ovn::sb::StaticMacBinding smb
             : ovn::sb::StaticMacBinding::tracked(c.sb)) {
        ctl.neighbor_flows.handle_static_mac_binding(in, smb.uuid());
    }
    node.set_updated();
    return true;
}

bool
ControllerEngine::handle_side_fdb(ovn::EngineNode &node)
{
    const ovn::SideFlowInput in = side_input();
    for (ovn::sb::Fdb fdb : ovn::sb::Fdb::tracked(c.sb)) {
        ctl.fdb_flows.handle_fdb(in, fdb.uuid());
    }
    node.set_updated();
    return true;
}

bool
ControllerEngine::handle_side_load_balancer(ovn::EngineNode &node)
{
    const ovn::SideFlowInput in = side_input();
    for (ovn::sb::LoadBalancer lb : ovn::sb::LoadBalancer::tracked(c.sb)) {
        ctl.lb_hairpin_flows.handle_load_balancer(in, lb.uuid());
    }
    node.set_updated();
    return true;
}

bool
ControllerEngine::handle_side_dp_group(ovn::EngineNode &node)
{
    const ovn::SideFlowInput in = side_input();
    for (ovn::sb::LogicalDpGroup g : ovn::sb::LogicalDpGroup::tracked(c.sb)) {
        ctl.lb_hairpin_flows.handle_dp_group(in, g.uuid());
    }
    node.set_updated();
    return true;
}

ControllerEngine::ControllerEngine(Controller &ctl_)
    : ctl(ctl_), c(ctl_.eng_ctx),
      ovs_br_int("ovs_br_int", [this](ovn::EngineNode &n) {
          /* Only changes of the tunnel ports matter (VIFs coming and
           * going do not); tunnel ports left to add or remove retry
           * every run. */
          if (bridge != c.br_int || ctl.tunnel_ports_changed
              || ctl.tunnels.incomplete()) {
              n.set_updated();
          }
          bridge = c.br_int;
      }),
      sb_chassis("sb_chassis", [this](ovn::EngineNode &n) {
          if (chassis_changed()) {
              n.set_updated();
          }
          chassis = c.chassis;
      }),
      sb_datapath_binding("sb_datapath_binding", [this](ovn::EngineNode &n) {
          if (!ovn::sb::DatapathBinding::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      sb_port_binding("sb_port_binding", [this](ovn::EngineNode &n) {
          /* Our own writes (up, the claim) are no input. */
          const ovn::PhysicalInput in = physical_input();
          for (ovn::sb::PortBinding pb
                   : ovn::sb::PortBinding::tracked(c.sb)) {
              if (ovn::Physical::port_binding_change_matters(in, pb)
                  || pb.is_updated(
                         ovn::sb::PortBinding::Column::PORT_SECURITY)) {
                  n.set_updated();
                  break;
              }
          }
      }),
      sb_multicast_group("sb_multicast_group", [this](ovn::EngineNode &n) {
          if (!ovn::sb::MulticastGroup::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      ofctrl_geneve("ofctrl_geneve", [this](ovn::EngineNode &n) {
          if (c.geneve_field != geneve_field) {
              n.set_updated();
          }
          geneve_field = c.geneve_field;
      }),
      patch_ports("patch_ports", [this](ovn::EngineNode &n) {
          if (ctl.patch_seqno != patch_seqno) {
              n.set_updated();
          }
          patch_seqno = ctl.patch_seqno;
      }),
      runtime_data("runtime_data", [this](ovn::EngineNode &n) {
          /* A gateway port placed here or no longer gets or loses a
           * zone, as a binding does. */
          if (!ctl.bindings.changed_port_bindings().empty()
              || ctl.local_datapaths.changed() || ctl.gateways_changed
              || !ctl.ha_ports.changed_lports().empty()
              || !ovn::sb::HaChassisGroup::tracked(c.sb).empty()
              || !ovn::sb::HaChassis::tracked(c.sb).empty()
              || !ovn::sb::GatewayChassis::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      sb_logical_flow("sb_logical_flow", [this](ovn::EngineNode &n) {
          if (!ovn::sb::LogicalFlow::tracked(c.sb).empty()
              || !ovn::sb::LogicalDpGroup::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      sb_address_set("sb_address_set", [this](ovn::EngineNode &n) {
          if (!ovn::sb::AddressSet::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      sb_port_group("sb_port_group", [this](ovn::EngineNode &n) {
          if (!ovn::sb::PortGroup::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      sb_meter("sb_meter", [this](ovn::EngineNode &n) {
          if (!ovn::sb::Meter::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      sb_chassis_template_var("sb_chassis_template_var",
                              [this](ovn::EngineNode &n) {
          if (!ovn::sb::ChassisTemplateVar::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      sb_dhcp_options("sb_dhcp_options", [this](ovn::EngineNode &n) {
          /* Not tracked: the table's sequence number says if it changed,
           * and the rows themselves whether anything that matters did. */
          unsigned int seqno = ovn::sb::DhcpOptions::table_seqno(c.sb)
                               + ovn::sb::Dhcpv6Options::table_seqno(c.sb);
          if (seqno != dhcp_options_seqno
              && ctl.lflows.dhcp_options_changed(lflow_input())) {
              n.set_updated();
          }
          dhcp_options_seqno = seqno;
      }),
      sb_mac_binding("sb_mac_binding", [this](ovn::EngineNode &n) {
          if (!ovn::sb::MacBinding::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      sb_static_mac_binding("sb_static_mac_binding",
                            [this](ovn::EngineNode &n) {
          if (!ovn::sb::StaticMacBinding::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      sb_fdb("sb_fdb", [this](ovn::EngineNode &n) {
          if (!ovn::sb::Fdb::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      sb_load_balancer("sb_load_balancer", [this](ovn::EngineNode &n) {
          if (!ovn::sb::LoadBalancer::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      sb_logical_dp_group("sb_logical_dp_group", [this](ovn::EngineNode &n) {
          if (!ovn::sb::LogicalDpGroup::tracked(c.sb).empty()) {
              n.set_updated();
          }
      }),
      /* SB_Global changes with every nb_cfg; only the options that the
       * flows read are an input. */
      sb_global_options("sb_global_options", [this](ovn::EngineNode &n) {
          const ovn::sb::SbGlobal g = *ovn::sb::SbGlobal::table(c.sb).begin();
          const bool use_ct_mark
              = !g || g.options().get_bool("lb_hairpin_use_ct_mark", true);
          if (use_ct_mark != lb_hairpin_use_ct_mark) {
              lb_hairpin_use_ct_mark = use_ct_mark;
              n.set_updated();
          }
      }),
      ct_zones("ct_zones", [this](ovn::EngineNode &n) { update_zones(n); }),
      tunnels("tunnels", [this](ovn::EngineNode &n) { update_tunnels(n); }),
      physical_flow_output("physical_flow_output",
                           [this](ovn::EngineNode &n) {
                               recompute_physical(n);
                           }),
      lflow_output("lflow_output", [this](ovn::EngineNode &n) {
          recompute_lflows(n);
      }),
      lflow_side_output("lflow_side_output", [this](ovn::EngineNode &n) {
          recompute_side(n);
      }),
      flow_output("flow_output", [](ovn::EngineNode &n) { n.set_updated(); })
{
    ct_zones.add_input(runtime_data, [this](ovn::EngineNode &n) {
        handle_zone_changes(n);
        return true;
    });
    tunnels.add_input(ovs_br_int, [this](ovn::EngineNode &n) {
        return update_tunnels(n);
    });
    tunnels.add_input(sb_chassis, [this](ovn::EngineNode &n) {
        return update_tunnels(n);
    });
    auto handle = [this](ovn::EngineNode &n) {
        return handle_physical_changes(n);
    };
    physical_flow_output.add_input(runtime_data, handle);
    /* A zone changes only with a binding, a local datapath, a gateway
     * or HA port, which runtime_data brings: nothing more to do. */
    physical_flow_output.add_input(ct_zones,
                                   [](ovn::EngineNode &) { return true; });
    physical_flow_output.add_input(tunnels);
    physical_flow_output.add_input(sb_chassis);
    physical_flow_output.add_input(sb_datapath_binding, handle);
    physical_flow_output.add_input(sb_port_binding, handle);
    physical_flow_output.add_input(sb_multicast_group, handle);
    physical_flow_output.add_input(ofctrl_geneve);
    physical_flow_output.add_input(patch_ports, handle);

    lflow_output.add_input(
        runtime_data, lflow_handler(&ovn::Lflows::handle_changed_bindings));
    lflow_output.add_input(sb_chassis, [this](ovn::EngineNode &) {
        return !ctl.lflows.chassis_changed(lflow_input());
    });
    lflow_output.add_input(sb_datapath_binding, [this](ovn::EngineNode &n) {
        return handle_lflow_datapaths(n);
    });
    auto lflow_ports = [this](ovn::EngineNode &n) {
        return handle_lflow_ports(n);
    };
    lflow_output.add_input(sb_port_binding, lflow_ports);
    lflow_output.add_input(sb_multicast_group, lflow_ports);
    /* The engine calls the handlers in this order.  Those of the
     * resources lflow keeps a copy of (address sets, port groups,
     * templates, like the bindings and ports above) come before the
     * Logical_Flows', so that a new Logical_Flow that comes in the same
     * update as a set it names is compiled once, with the set: after it,
     * it would first be compiled without, and warned about. */
    lflow_output.add_input(
        sb_address_set,
        lflow_handler(&ovn::Lflows::handle_changed_address_sets));
    lflow_output.add_input(
        sb_port_group,
        lflow_handler(&ovn::Lflows::handle_changed_port_groups));
    lflow_output.add_input(
        sb_chassis_template_var,
        lflow_handler(&ovn::Lflows::handle_changed_templates));
    lflow_output.add_input(
        sb_logical_flow, lflow_handler(&ovn::Lflows::handle_changed_flows));
    lflow_output.add_input(
        sb_meter, lflow_handler(&ovn::Lflows::handle_changed_meters));
    /* put_dhcp_opts's option codes: as 23.03, everything again. */
    lflow_output.add_input(sb_dhcp_options);

    lflow_side_output.add_input(runtime_data, [this](ovn::EngineNode &n) {
        return handle_side_runtime_data(n);
    });
    lflow_side_output.add_input(sb_datapath_binding,
                                [this](ovn::EngineNode &n) {
        return handle_side_datapath_binding(n);
    });
    lflow_side_output.add_input(sb_port_binding, [this](ovn::EngineNode &n) {
        return handle_side_port_binding(n);
    });
    lflow_side_output.add_input(sb_mac_binding, [this](ovn::EngineNode &n) {
        return handle_side_mac_binding(n);
    });
    lflow_side_output.add_input(sb_static_mac_binding,
                                [this](ovn::EngineNode &n) {
        return handle_side_static_mac_binding(n);
    });
    lflow_side_output.add_input(sb_fdb, [this](ovn::EngineNode &n) {
        return handle_side_fdb(n);
    });
    lflow_side_output.add_input(sb_load_balancer,
                                [this](ovn::EngineNode &n) {
        return handle_side_load_balancer(n);
    });
    lflow_side_output.add_input(sb_logical_dp_group,
                                [this](ovn::EngineNode &n) {
        return handle_side_dp_group(n);
    });
    lflow_side_output.add_input(sb_global_options);

    /* Each flow node computes into ofctrl's tables itself: the root only
     * notes that something did. */
    auto flows_changed = [](ovn::EngineNode &n) {
        n.set_updated();
        return true;
    };
    flow_output.add_input(physical_flow_output, flows_changed);
    flow_output.add_input(lflow_output, flows_changed);
    flow_output.add_input(lflow_side_output, flows_changed);
    engine = std::make_unique<ovn::Engine>(flow_output);
    engine->register_unixctl_commands();
}

/* Runs the engine for this iteration: computes what changed in the
 * bindings, zones, tunnels and flows since the last run. */
void
run_engine(Controller &ctl, ovsdb_idl *sb)
{
    ControllerEngine &e = *ctl.engine;
    e.run_count++;
    e.lflows_done.clear();
    ctl.eng_ctx.seqno = ctl.seqno + 1;
    e.engine->init_run();
    /* A recompute may have tunnel ports to write. */
    e.engine->run(ctl.eng_ctx.ovs_txn != nullptr);
    if (e.engine->canceled()) {
        poll_immediate_wake();
    }
    if (e.flow_output.is_updated()) {
        ctl.seqno = ctl.eng_ctx.seqno;
    }
    /* Handled, or (canceled) to be recomputed next time. */
    ovs_shim_idl_track_clear(sb);
    ctl.bindings.clear_changes();
    ctl.tunnel_ports_changed = false;
    ctl.local_datapaths.clear_changes();
    ctl.gateways_changed = false;
    ctl.ha_ports.clear_changes();
}

/* ofctrl_put() for 'seqno', timed by the flow-installation stopwatch
 * when the put had something to do: a bundle (or a conntrack flush) sent,
 * or changes that cancelled out.  Most iterations have nothing to put, and
 * a stopwatch sample is two messages to the stopwatch thread, each waking
 * it up: those iterations are not sampled. */
void
put_flows(uint64_t seqno)
{
    const unsigned long long int start = time_usec();
    const ovn::OfctrlPut result = ovn::ofctrl_put(seqno);
    const unsigned long long int end = time_usec();
    if (result == ovn::OfctrlPut::SENT || result == ovn::OfctrlPut::EMPTY) {
        stopwatch_start(SW_FLOW_INSTALLATION, start);
        stopwatch_stop(SW_FLOW_INSTALLATION, end);
    }
}

/* After the switch has acknowledged the put that carried the Northbound
 * configuration 'ctl.nb_cfg', says so in Chassis_Private, which is what
 * 'ovn-nbctl --wait=hv' waits for. */
void
report_nb_cfg(Controller &ctl, ovsdb_idl_txn *sb_txn,
              const std::string &system_id)
{
    if (!ctl.nb_cfg_seqno || !sb_txn
        || ovn::ofctrl_get_acked_seqno() < ctl.nb_cfg_seqno) {
        return;
    }
    const ovn::sb::ChassisPrivate chp = ovn::sb::ChassisPrivate::find_by_name(
        ctl.sb_indexes.get(), system_id.c_str());
    if (!chp) {
        return;
    }
    const long long int now = time_wall_msec();
    sb_shim_chassis_private_set_nb_cfg(chp.get(), ctl.nb_cfg, now);
    ctl.nb_cfg_seqno = 0;
    ctl.installed_nb_cfg = ctl.nb_cfg;
    ovn::nb_cfg_keys_record_installed(*ctl.bridge_keys, ctl.nb_cfg, now);
}

void
cmd_exit(unixctl_conn *conn, int argc, const char *argv[], void *ctl_)
{
    Controller &ctl = *static_cast<Controller *>(ctl_);
    bool restart = false;
    if (argc > 1) {
        if (strcmp(argv[1], "--restart")) {
            unixctl_command_reply_error(conn, "usage: exit [--restart]");
            return;
        }
        restart = true;
    }
    if (ctl.exiting) {
        unixctl_command_reply_error(conn, "already exiting");
        return;
    }
    ctl.exiting = true;
    ctl.restart = restart;
    /* Answered once the Southbound rows are gone, so that the caller
     * knows the chassis has left. */
    ctl.exit_conn = conn;
}

void
cmd_connection_status(unixctl_conn *conn, int, const char *[], void *ctl_)
{
    const Controller &ctl = *static_cast<Controller *>(ctl_);
    bool connected = ctl.sb_loop
        && ovs_shim_idl_is_connected(ovs_shim_idl_loop_idl(
                                         ctl.sb_loop.get()));
    unixctl_command_reply(conn, connected ? "connected" : "not connected");
}

void
cmd_recompute(unixctl_conn *conn, int, const char *[], void *ctl_)
{
    Controller &ctl = *static_cast<Controller *>(ctl_);
    ctl.recompute_requested = true;
    poll_immediate_wake();
    unixctl_command_reply(conn, nullptr);
}

/* debug/sb-row-counts: how many rows of each listed Southbound table the
 * IDL holds; debug/sb-rows TABLE: their UUIDs, sorted.  What conditional
 * monitoring lets in (see sb-monitor.h) shows here. */
void
cmd_sb_row_counts(unixctl_conn *conn, int, const char *[], void *ctl_)
{
    const Controller &ctl = *static_cast<Controller *>(ctl_);
    if (!ctl.sb_loop) {
        unixctl_command_reply_error(conn, "no Southbound database yet");
        return;
    }
    const ovsdb_idl *sb = ovs_shim_idl_loop_idl(ctl.sb_loop.get());
    std::vector<std::string> lines;
    for (size_t i = 0; i < sb_gen_n_tables(); i++) {
        size_t n = 0;
        for (const void *row = sb_gen_table_first(sb, i); row;
             row = sb_gen_table_next(row)) {
            n++;
        }
        lines.push_back(std::string(sb_gen_table_name(i)) + ": "
                        + std::to_string(n));
    }
    ovs::unixctl_reply_lines(conn, lines);
}

void
cmd_sb_rows(unixctl_conn *conn, int, const char *argv[], void *ctl_)
{
    const Controller &ctl = *static_cast<Controller *>(ctl_);
    if (!ctl.sb_loop) {
        unixctl_command_reply_error(conn, "no Southbound database yet");
        return;
    }
    const ovsdb_idl *sb = ovs_shim_idl_loop_idl(ctl.sb_loop.get());
    for (size_t i = 0; i < sb_gen_n_tables(); i++) {
        if (strcmp(argv[1], sb_gen_table_name(i))) {
            continue;
        }
        std::vector<std::string> lines;
        for (const void *row = sb_gen_table_first(sb, i); row;
             row = sb_gen_table_next(row)) {
            lines.push_back(ovs::Uuid(*sb_gen_row_uuid(row)).to_string());
        }
        std::sort(lines.begin(), lines.end());
        ovs::unixctl_reply_lines(conn, lines);
        return;
    }
    unixctl_command_reply_error(conn, "no such table");
}

/* Once every member of a clustered Southbound was rebuilt from scratch,
 * their indexes start again below what the IDL has seen, so it takes them
 * all for stale: this lets it trust them again. */
void
cmd_sb_cluster_state_reset(unixctl_conn *conn, int, const char *[],
                           void *ctl_)
{
    Controller &ctl = *static_cast<Controller *>(ctl_);
    if (ctl.sb_loop) {
        ovs_shim_idl_reset_min_index(
            ovs_shim_idl_loop_idl(ctl.sb_loop.get()));
        poll_immediate_wake();
    }
    unixctl_command_reply(conn, nullptr);
}

void
cmd_memory_trim(unixctl_conn *conn, int, const char *[], void *)
{
    const ovn::MemoryTrimResult r = ovn::memory_trim_now();
    char reply[128];
    snprintf(reply, sizeof reply, "RSS: %zu kB before, %zu kB after",
             r.rss_kb_before, r.rss_kb_after);
    unixctl_command_reply(conn, reply);
}

void
cmd_group_table_list(unixctl_conn *conn, int, const char *[], void *)
{
    ovs::unixctl_reply_lines(conn, ovn::ofctrl_list_groups());
}

void
cmd_meter_table_list(unixctl_conn *conn, int, const char *[], void *)
{
    ovs::unixctl_reply_lines(conn, ovn::ofctrl_list_meters());
}

/* 23.03's "NAME ZONE" per conntrack zone; it lists them in hash order,
 * we in name order. */
void
cmd_ct_zone_list(unixctl_conn *conn, int, const char *[], void *ctl_)
{
    const Controller *ctl = static_cast<const Controller *>(ctl_);
    std::vector<std::string> lines;
    for (const auto &[name, zone] : ctl->zones.zones()) {
        lines.push_back(name + " " + std::to_string(zone));
    }
    ovs::unixctl_reply_lines(conn, lines);
}

void
usage()
{
    /* OVS's daemon_usage() and vlog_usage() would name OVS's directories
     * as the defaults; ours are OVN's (ovn/lib/ovn-dirs.h). */
    printf("%s: OVN controller\n"
           "usage: %s [OPTIONS] [OVS-DATABASE]\n"
           "where OVS-DATABASE is a socket on which the OVS OVSDB server "
           "is listening\n"
           "(default: \"unix:%s/db.sock\").\n",
           program_name, program_name, ovs_rundir());
    printf("\nDaemon options:\n"
           "  --detach                run in background as daemon\n"
           "  --monitor               creates a process to monitor this "
           "daemon\n"
           "  --user=username[:group] changes the effective daemon "
           "user:group\n"
           "  --no-chdir              do not chdir to '/'\n"
           "  --pidfile[=FILE]        create pidfile (default: "
           "%s)\n"
           "  --overwrite-pidfile     with --pidfile, start even if already "
           "running\n",
           ovn::ovn_pidfile_path(nullptr).c_str());
    printf("\nLogging options:\n"
           "  -vSPEC, --verbose=SPEC   set logging levels\n"
           "  -v, --verbose            set maximum verbosity level\n"
           "  --log-file[=FILE]        enable logging to specified FILE\n"
           "                           (default: %s)\n"
           "  --syslog-method=(libc|unix:file|udp:ip:port)\n"
           "                           specify how to send messages to "
           "syslog daemon\n"
           "  --syslog-target=HOST:PORT  also send syslog msgs to HOST:PORT "
           "via UDP\n",
           ovn::ovn_log_file_path(nullptr).c_str());
    stream_usage("database", true, false, true);
    printf("\nOther options:\n"
           "  --unixctl=SOCKET        override default control socket\n"
           "                          (default: %s/%s.PID.ctl)\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n",
           ovn::ovn_rundir(), program_name);
    exit(EXIT_SUCCESS);
}

struct Options {
    std::string ovs_remote;
    std::string unixctl_path;
};

Options
parse_options(int argc, char *argv[])
{
    enum {
        OPT_UNIXCTL = UCHAR_MAX + 1,
        OPT_BOOTSTRAP_CA_CERT,
        DAEMON_OPTION_ENUMS,
        VLOG_OPTION_ENUMS,
        SSL_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        {"unixctl", required_argument, nullptr, OPT_UNIXCTL},
        {"help", no_argument, nullptr, 'h'},
        {"version", no_argument, nullptr, 'V'},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {"bootstrap-ca-cert", required_argument, nullptr,
         OPT_BOOTSTRAP_CA_CERT},
        {nullptr, 0, nullptr, 0},
    };
    ovs::CStringPtr short_options(
        ovs_cmdl_long_options_to_short_options(long_options));

    Options opts;
    for (;;) {
        int c = getopt_long(argc, argv, short_options.get(), long_options,
                            nullptr);
        if (c == -1) {
            break;
        }
        /* OVN's pidfile and default log file live in OVN's directories:
         * hand OVS absolute names, which it uses as they are.  As in OVS,
         * only a log file named explicitly is fatal when it cannot be
         * opened. */
        if (c == OPT_PIDFILE) {
            set_pidfile(ovn::ovn_pidfile_path(optarg).c_str());
            continue;
        }
        if (c == OPT_LOG_FILE && !optarg) {
            vlog_set_log_file(ovn::ovn_log_file_path(nullptr).c_str());
            continue;
        }
        switch (c) {
        case OPT_UNIXCTL:
            opts.unixctl_path = optarg;
            break;
        case 'h':
            usage();
            break;
        case 'V':
            ovs_print_version(OFP15_VERSION, OFP15_VERSION);
            exit(EXIT_SUCCESS);
        DAEMON_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS
        STREAM_SSL_OPTION_HANDLERS
        case OPT_BOOTSTRAP_CA_CERT:
            stream_ssl_set_ca_cert_file(optarg, true);
            break;
        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }
    argc -= optind;
    argv += optind;
    if (argc == 0) {
        opts.ovs_remote = std::string("unix:") + ovs_rundir() + "/db.sock";
    } else if (argc == 1) {
        opts.ovs_remote = argv[0];
    } else {
        ovs_fatal(0, "at most one non-option argument accepted; "
                  "use --help for usage");
    }
    return opts;
}

void
report_memory()
{
    memory_run();
    if (memory_should_report()) {
        ovs::Simap usage;
        ovn::ofctrl_get_memory_usage(usage.get());
        memory_report(usage.get());
    }
}

/* The changes to br-int's rows and to the Southbound rows that the
 * bindings read, as the IDLs tracked them. */
ovn::BindingChanges
binding_changes(const ovsdb_idl *ovs_idl, const ovsdb_idl *sb,
                const ovn::PortChanges &port_rows)
{
    ovn::BindingChanges changes;
    changes.ports = ovs_shim_bridge_ports_tracked(ovs_idl);
    changes.port_rows = port_rows;
    for (const ovsrec_interface *iface
             = ovs_shim_interface_track_first(ovs_idl);
         iface; iface = ovs_shim_interface_track_next(iface)) {
        if (ovs_shim_interface_is_deleted(iface)) {
            /* Goes with its port ('ports'). */
        } else if (ovs_shim_interface_is_new(iface)) {
            changes.new_interfaces.push_back(iface);
        } else {
            changes.interfaces.push_back(iface);
        }
    }
    for (ovn::sb::PortBinding pb : ovn::sb::PortBinding::tracked(sb)) {
        changes.port_bindings.push_back(pb);
    }
    changes.datapaths = !ovn::sb::DatapathBinding::tracked(sb).empty();
    return changes;
}

/* The changes to the Southbound rows that the local datapaths follow. */
ovn::LocalDatapaths::Changes
local_datapath_changes(const ovsdb_idl *sb)
{
    ovn::LocalDatapaths::Changes changes;
    for (ovn::sb::PortBinding pb : ovn::sb::PortBinding::tracked(sb)) {
        changes.port_bindings.push_back(pb);
    }
    for (ovn::sb::DatapathBinding dp
             : ovn::sb::DatapathBinding::tracked(sb)) {
        changes.datapaths.push_back(dp);
    }
    return changes;
}

/* Whether gateway or HA ports add datapaths to the bindings' roots. */
bool
has_other_roots(const Controller &ctl)
{
    return !ctl.gateways.datapaths().empty()
           || !ctl.ha_ports.datapaths().empty();
}

/* The datapaths with a port bound here: a VIF, a gateway router's port,
 * or an HA port whose group has this chassis. */
const std::map<ovs::Uuid, ovn::sb::DatapathBinding> &
local_roots(const Controller &ctl,
            std::map<ovs::Uuid, ovn::sb::DatapathBinding> &storage)
{
    if (!has_other_roots(ctl)) {
        return ctl.bindings.local_datapaths();
    }
    storage = ctl.bindings.local_datapaths();
    storage.insert(ctl.gateways.datapaths().begin(),
                   ctl.gateways.datapaths().end());
    storage.insert(ctl.ha_ports.datapaths().begin(),
                   ctl.ha_ports.datapaths().end());
    return storage;
}

/* Brings the local bindings, and the local datapaths that follow from
 * them, up to date: all of them after a reconnection or a change of
 * chassis or bridge, otherwise the ports the tracked changes name.  The
 * Southbound's tracked changes stay for the engine; the Open_vSwitch
 * database's are the bindings' alone. */
void
run_bindings(Controller &ctl, ovsdb_idl_txn *sb_txn, const ovsdb_idl *sb,
             const ovsrec_bridge *br_int, ovn::sb::Chassis chassis,
             const ovn::PortChanges &port_rows)
{
    ovsdb_idl *ovs_idl = ovs_shim_idl_loop_idl(ctl.ovs_loop.get());
    const auto base = std::make_pair(chassis, br_int);
    const auto inputs = std::make_tuple(ovs_shim_idl_get_seqno(ovs_idl),
                                        ovs_shim_idl_get_seqno(sb),
                                        sb_txn != nullptr);
    if (ctl.bindings_base == base && ctl.bindings_inputs == inputs) {
        COVERAGE_INC(binding_run_skipped);
        return;
    }
    ctl.bindings_inputs = inputs;
    if (ctl.bindings_base != base) {
        stopwatch_start(SW_BINDING_RUN, time_usec());
        if (!ctl.bindings.run(sb, ctl.sb_indexes.get(), sb_txn, br_int,
                              chassis)) {
            ctl.bindings_inputs.reset();
        }
        ctl.gateways.run(sb, sb_txn, chassis, true);
        ctl.virtual_ports.run(sb, sb_txn, chassis, ctl.bindings, true);
        ctl.ha_ports.run(sb, sb_txn, chassis,
                         ovn::bfd_active_tunnels(ctl.bfd_tunnels.get(
                             br_int, ovs_shim_bridge_tables_seqno(ovs_idl),
                             port_rows)),
                         true);
        std::map<ovs::Uuid, ovn::sb::DatapathBinding> roots;
        ctl.local_datapaths.run(ctl.sb_indexes.get(),
                                local_roots(ctl, roots));
        stopwatch_stop(SW_BINDING_RUN, time_usec());
        ctl.bindings_base = base;
        ctl.tunnel_ports_changed = true;
        ctl.patch_ports_changed = true;
        ctl.patch_rescan = true;
        ctl.gateways_changed = true;
    } else {
        if (ctl.bindings.note_changes(
                br_int, chassis, binding_changes(ovs_idl, sb, port_rows))) {
            /* A claim or release that waits for a transaction is retried
             * on the next run. */
            stopwatch_start(SW_BINDING_RUN, time_usec());
            if (!ctl.bindings.run_changes(ctl.sb_indexes.get(), sb_txn,
                                          chassis)) {
                ctl.bindings_inputs.reset();
            }
            stopwatch_stop(SW_BINDING_RUN, time_usec());
        }
        if (ctl.gateways.run(sb, sb_txn, chassis, false)) {
            ctl.gateways_changed = true;
        }
        ctl.virtual_ports.run(sb, sb_txn, chassis, ctl.bindings, false);
        /* BFD's state is read anew each time: it is not tracked. */
        if (ctl.ha_ports.run(sb, sb_txn, chassis,
                             ovn::bfd_active_tunnels(ctl.bfd_tunnels.get(
                                 br_int,
                                 ovs_shim_bridge_tables_seqno(ovs_idl),
                                 port_rows)),
                             false)) {
            ctl.gateways_changed = true;
        }
        /* The gateways' and HA ports' datapaths, when there are or were
         * some, are compared with the last run's. */
        const bool roots_changed
            = ctl.roots_generation != ctl.bindings.datapaths_generation()
              || has_other_roots(ctl) || ctl.roots_had_others;
        std::map<ovs::Uuid, ovn::sb::DatapathBinding> roots;
        ctl.local_datapaths.run_changes(ctl.sb_indexes.get(),
                                        local_roots(ctl, roots),
                                        local_datapath_changes(sb),
                                        roots_changed);
    }
    ctl.roots_generation = ctl.bindings.datapaths_generation();
    ctl.roots_had_others = has_other_roots(ctl);
    if (!ctl.tunnel_ports_changed
        && ctl.tunnels.tracked_changes_matter(ovs_idl)) {
        ctl.tunnel_ports_changed = true;
    }
    /* A Port or Interface change that concerns the patch ports has them
     * brought in line again, from the ports found before and those marked
     * since, without looking at every port. */
    if (ctl.patch_ports.note_tracked_changes(ovs_idl)) {
        ctl.patch_ports_changed = true;
    }
    if (!ctl.patch_ports_changed
        && (ctl.patch_rescan || ctl.local_datapaths.changed()
            || ovn::PatchPorts::tracked_sb_changes_matter(sb))) {
        ctl.patch_ports_changed = true;
    }
    ctl.if_status.note_interfaces(ctl.bindings.take_touched_interfaces());
    ovs_shim_idl_track_clear(ovs_idl);
}

/* Brings the patch ports to the provider bridges in line with the bridge
 * mappings and the local localnet ports, when any of them may have
 * changed: not for a VIF that comes or goes. */
void
run_patch_ports(Controller &ctl, ovsdb_idl_txn *ovs_txn,
                const ovsdb_idl *ovs_idl, const LocalConfig &cfg,
                const InputVersion &version)
{
    std::string mappings
        = smap_get_string(cfg.external_ids, "ovn-bridge-mappings");
    if (ctl.patch_mappings == mappings && !ctl.patch_ports_changed
        && !ctl.local_datapaths.changed()
        && !ctl.patch_ports.incomplete()) {
        return;
    }
    ctl.patch_ports_changed = false;
    ctl.patch_mappings = std::move(mappings);
    if (ctl.patch_ports.run(ovs_txn, ovs_idl, version.br_int,
                            ovn::parse_bridge_mappings(
                                ctl.patch_mappings->c_str()),
                            ctl.sb_indexes.get(), ctl.local_datapaths,
                            ctl.gateways, ctl.patch_rescan)) {
        ctl.patch_seqno++;
    }
    ctl.patch_rescan = false;
}

/* One main-loop iteration. */
void
main_loop_run(Controller &ctl)
{
    ovsdb_idl_txn *ovs_txn = ovs_shim_idl_loop_run(ctl.ovs_loop.get());
    const ovsdb_idl *ovs_idl = ovs_shim_idl_loop_idl(ctl.ovs_loop.get());
    ctl.bridge_keys->run();
    if (!ovs_shim_idl_is_connected(ovs_idl)) {
        /* Reconnecting replaces every row, unreported. */
        ctl.bindings_base.reset();
        ctl.bfd_tunnels.invalidate();
        ctl.other_bridge_ports.clear();
    }

    const LocalConfig *cfg = nullptr;
    const ovsrec_open_vswitch *ovs = nullptr;
    if (ovs_shim_idl_has_ever_connected(ovs_idl)) {
        ovs = ovs_shim_open_vswitch_first(ovs_idl);
        cfg = local_config(ctl, ovs_idl, ovs);
        update_ssl_config(ovs_idl);
        if (cfg) {
            ctl.trimmer.set_timeout(cfg->trim_timeout_ms);
        }
    }
    update_sb_remote(ctl, cfg);
    ovsdb_idl_txn *sb_txn = ctl.sb_loop
        ? ovs_shim_idl_loop_run(ctl.sb_loop.get()) : nullptr;
    note_sb_connection(ctl);
    if (!cfg) {
        return;
    }
    ctl.bridge_keys->set_bridge(cfg->bridge);
    /* Once per read of the bridge's keys: the store keeps what it wrote
     * until it reads them again (a new bridge, a reconnection). */
    if (ctl.startup_recorded != ctl.bridge_keys->reads()) {
        ovn::nb_cfg_keys_record_startup(*ctl.bridge_keys, ctl.startup_msec);
        ctl.startup_recorded = ctl.bridge_keys->reads();
    }

    const ovsrec_bridge *br_int = process_br_int(ovs_txn, ovs_idl, ovs,
                                                 *cfg);
    const bool sb_ready = sb_is_ready(ctl);
    if (sb_ready && sb_txn) {
        const ovsdb_idl *sb_idl = ovs_shim_idl_loop_idl(ctl.sb_loop.get());
        auto inputs = std::make_tuple(
            ovs_shim_open_vswitch_bridge_seqno(ovs_idl),
            std::max({ovn::sb::Chassis::table_seqno(sb_idl),
                      ovn::sb::ChassisPrivate::table_seqno(sb_idl),
                      ovn::sb::Encap::table_seqno(sb_idl)}),
            br_int, cfg->hostname);
        if (ctl.chassis_inputs != inputs) {
            ChassisReads reads = chassis_reads(ctl, sb_idl, *cfg, ovs,
                                               br_int);
            if (ctl.chassis_reads != reads) {
                run_chassis(sb_txn, *cfg, ovs, br_int);
                ctl.chassis_reads = std::move(reads);
            }
            ctl.chassis_inputs = std::move(inputs);
        }
    }

    if (!br_int || !bridge_is_up(ctl, ovs_idl, br_int)) {
        return;
    }
    ovn::ofctrl_set_probe_interval(cfg->openflow_probe_interval);
    const mf_field_id geneve_field = ovn::ofctrl_run(cfg->bridge);
    /* Our Chassis, for pinctrl's flushes and the rest of the iteration. */
    const ovn::sb::Chassis chassis = sb_ready
        ? ovn::sb::Chassis::find_by_name(ctl.sb_indexes.get(),
                                         cfg->system_id.c_str())
        : ovn::sb::Chassis();
    ovn::pinctrl_run(cfg->bridge, sb_ready ? sb_txn : nullptr,
                     sb_ready ? ovs_shim_idl_loop_idl(ctl.sb_loop.get())
                              : nullptr,
                     ctl.sb_indexes.get(), cfg->system_id, chassis.get());
    if (!sb_ready) {
        /* Until the Southbound is back, the switch keeps what it has. */
        ctl.sb_was_ready = false;
        ctl.bindings_base.reset();
        ctl.tunnel_ports_changed = true;
        ctl.patch_ports_changed = true;
        ctl.patch_rescan = true;
        ctl.bfd_tunnels.invalidate();
        ctl.other_bridge_ports.clear();
        ovs_shim_idl_track_clear(ovs_shim_idl_loop_idl(ctl.ovs_loop.get()));
        return;
    }
    ovsdb_idl *sb = ovs_shim_idl_loop_idl(ctl.sb_loop.get());

    /* The bindings hold row pointers, which an IDL run may have freed:
     * bring them up to date, whether or not a computation follows. */
    const InputVersion version{ovs_shim_bridge_tables_seqno(ovs_idl),
                               physical_tables_seqno(sb), chassis,
                               br_int};
    /* The Port rows' changes are read before run_bindings() clears them:
     * the bindings and BFD's tunnel ports follow br-int from them. */
    const ovn::PortChanges port_rows = ovn::ovs_tracked_port_changes(
        ovs_idl, br_int, ctl.other_bridge_ports);
    run_bindings(ctl, sb_txn, sb, br_int, chassis, port_rows);
    ovn::bfd_run(ovs_txn,
                 ctl.bfd_tunnels.get(br_int, version.bridge_tables,
                                     port_rows),
                 sb, chassis);
    ovn::pinctrl_ra_timer_run(sb, ctl.sb_indexes.get(), ctl.local_datapaths);
    ovn::pinctrl_garp_run(sb, ctl.sb_indexes.get(), ctl.local_datapaths,
                          ctl.patch_ports.localnet_ofports(), cfg->system_id);
    update_monitor(ctl, sb, *cfg, chassis);
    /* Ports that the Southbound does not show yet are not to be taken for
     * ports that are gone: wait until it has the rows the conditions
     * ask for. */
    if (ctl.monitor.acked(sb)) {
        run_patch_ports(ctl, ovs_txn, ovs_idl, *cfg, version);
    }

    /* Until the first computation, which needs the Southbound, the switch
     * keeps what it has: flows left by 'exit --restart' stay in place.
     * While ofctrl has a backlog, computing again would only pile up more
     * changes that cannot be sent yet (the IDL keeps tracking them).  A
     * put awaiting the switch's reply is no backlog: the engine computes
     * meanwhile, so that the next put goes as soon as the reply is in,
     * instead of waiting for the computation of what came in since.
     * The first computation after a (re)connection also waits until the
     * server has applied the monitor conditions that the local datapaths
     * call for: the first put replaces everything the switch has, and
     * made before the Logical_Flows of those datapaths are here, it would
     * take their flows away until they come. */
    /* Nor is there a computation before the zones that br-int records
     * are known. */
    const ovn::RecordedZones *zone_keys = ctl.bridge_keys->keys();
    if (ovn::ofctrl_can_compute() && zone_keys
        && (ctl.sb_was_ready || ctl.monitor.acked(sb))) {
        /* After a reconnection the tracked changes are not to be trusted
         * (the IDL may have replaced every row). */
        if (!ctl.sb_was_ready) {
            ctl.engine->engine->set_force_recompute();
        }
        ctl.sb_was_ready = true;
        if (ctl.recompute_requested) {
            VLOG_INFO("full recompute requested");
            /* Every desired flow goes, and comes back from the current
             * bindings, zones and tunnels, which stay: the switch sees
             * only what differs. */
            ovn::ofctrl_clear_flows();
            ctl.recompute_requested = false;
            ctl.engine->engine->set_force_recompute();
        }
        ctl.eng_ctx.sb = sb;
        ctl.eng_ctx.ovs_txn = ovs_txn;
        ctl.eng_ctx.br_int = br_int;
        ctl.eng_ctx.zone_keys = zone_keys;
        ctl.eng_ctx.chassis = chassis;
        ctl.eng_ctx.chassis_name = cfg->system_id;
        ctl.eng_ctx.bridge_seqno = version.bridge_tables;
        ctl.eng_ctx.geneve_field = geneve_field;
        const long long engine_start = time_msec();
        run_engine(ctl, sb);
        const long long engine_msec = time_msec() - engine_start;
        /* A canceled run leaves the desired tables half updated (a
         * handler may have gone part of the way before it gave up): the
         * switch waits for the recompute that the next run does. */
        const bool canceled = ctl.engine->engine->canceled();
        if (!canceled) {
            ctl.computed = true;
        }

        /* A new Northbound configuration needs its own acknowledgement,
         * even if it changed no flow. */
        const ovn::sb::SbGlobal sbg = *ovn::sb::SbGlobal::table(sb).begin();
        const int64_t nb_cfg = sbg ? sbg.nb_cfg() : 0;
        if (nb_cfg != ctl.nb_cfg) {
            ctl.nb_cfg = nb_cfg;
            ctl.nb_cfg_seqno = ++ctl.seqno;
        }
        ovn::ofctrl_flush_ct_zones(ctl.zones.take_new_zones());
        if (ctl.computed && !canceled) {
            put_flows(ctl.seqno);
            ctl.trimmer.record_computation(engine_msec, ctl.seqno);
        }
    }
    ovn::pinctrl_garp_flows_run(ctl.seqno, ovn::ofctrl_get_acked_seqno());
    ctl.zones.commit(*ctl.bridge_keys);
    ctl.if_status.run(ctl.bindings, ovs_idl, ovs_txn, sb_txn, chassis,
                      ovn::ofctrl_get_acked_seqno());
    report_nb_cfg(ctl, sb_txn, cfg->system_id);
    /* A new integration bridge is told too, once its keys are read. */
    const std::pair<int64_t, uint64_t> recorded(ctl.installed_nb_cfg,
                                                ctl.bridge_keys->reads());
    if (ctl.installed_recorded != recorded) {
        ovn::nb_cfg_keys_record_installed(*ctl.bridge_keys,
                                          ctl.installed_nb_cfg,
                                          time_wall_msec());
        ctl.installed_recorded = recorded;
    }
}

/* After 'exit' without --restart: deletes this chassis's Chassis and
 * Chassis_Private, running the IDLs until the Southbound has them gone or
 * is unreachable. */
void
remove_chassis(Controller &ctl, unixctl_server *server,
               const std::string &system_id)
{
    while (sb_is_ready(ctl)) {
        unixctl_server_run(server);
        ovs_shim_idl_loop_run(ctl.ovs_loop.get());
        ovsdb_idl_txn *sb_txn = ovs_shim_idl_loop_run(ctl.sb_loop.get());
        /* A null 'sb_txn' means the deletion is still in flight: wait
         * for its reply too, or the server would send it to a closed
         * socket. */
        if (sb_txn && ovn::chassis_cleanup(ctl.sb_indexes.get(),
                                           system_id)) {
            break;
        }
        ovs_shim_idl_loop_commit_and_wait(ctl.ovs_loop.get());
        ovs_shim_idl_loop_commit_and_wait(ctl.sb_loop.get());
        unixctl_server_wait(server);
        poll_block();
    }
}

}  // namespace

int
main(int argc, char *argv[])
{
    /* "ovn-controller (ovn-cxx VERSION) 23.03", then the OVS library's
     * version: an operator (and the testsuite) can tell ours from OVN's,
     * and the last word stays the OVN release whose behaviour this is,
     * which ovn-ctl's stop_controller reads (through the 'version'
     * command) to decide that 'exit' is safe to use. */
    ovs_set_program_name(argv[0], "(" PACKAGE_STRING ") 23.03");
    Options opts = parse_options(argc, argv);
    fatal_ignore_sigpipe();
    daemonize_start(false);

    /* After daemonize_start(): the default name carries the daemon's PID,
     * where ovn-appctl looks for it. */
    ovs::UnixctlServerPtr server = ovs::create_unixctl_server(
        ovn::ovn_unixctl_path(opts.unixctl_path));

    Controller ctl;
    ctl.engine = std::make_unique<ControllerEngine>(ctl);
    unixctl_command_register("exit", "[--restart]", 0, 1, cmd_exit, &ctl);
    unixctl_command_register("connection-status", "", 0, 0,
                             cmd_connection_status, &ctl);
    unixctl_command_register("recompute", "", 0, 0, cmd_recompute, &ctl);
    unixctl_command_register("sb-cluster-state-reset", "", 0, 0,
                             cmd_sb_cluster_state_reset, &ctl);
    unixctl_command_register("memory/trim", "", 0, 0, cmd_memory_trim,
                             nullptr);
    unixctl_command_register("group-table-list", "", 0, 0,
                             cmd_group_table_list, nullptr);
    unixctl_command_register("meter-table-list", "", 0, 0,
                             cmd_meter_table_list, nullptr);
    unixctl_command_register("ct-zone-list", "", 0, 0, cmd_ct_zone_list,
                             &ctl);
    unixctl_command_register("debug/sb-row-counts", "", 0, 0,
                             cmd_sb_row_counts, &ctl);
    unixctl_command_register("debug/sb-rows", "TABLE", 1, 1, cmd_sb_rows,
                             &ctl);
    ovn::ofctrl_register_dump_commands();
    daemonize_complete();
    VLOG_INFO("memory allocator: %s", ovn::memory_allocator_name());

    /* pinctrl's thread is the first this process starts, as in 23.03,
     * which names it ovn_pinctrl0 (stopwatch_create() starts another). */
    ovn::pinctrl_set_lookup_ofport(
        [&ctl](std::string_view lport, uint32_t *ofport) {
            const ovn::LocalBinding *b = ctl.bindings.find(
                std::string(lport));
            if (!b || b->ofport <= 0) {
                return false;
            }
            *ofport = uint32_t(b->ofport);
            return true;
        });
    ovn::pinctrl_init();
    for (const char *sw : {SW_BINDING_RUN, SW_PHYSICAL_FULL,
                           SW_PHYSICAL_INCREMENTAL, SW_LFLOW_FULL,
                           SW_LFLOW_SIDE_FULL,
                           SW_FLOW_INSTALLATION}) {
        stopwatch_create(sw, SW_US);
    }
    ovn::ofctrl_init();
    ctl.ovs_loop.reset(ovs_shim_idl_loop_create(
                           ovs_shim_vswitch_idl_create(
                               opts.ovs_remote.c_str())));
    std::vector<std::string> key_prefixes = ovn::nb_cfg_key_prefixes();
    key_prefixes.push_back(ovn::CtZones::key(""));
    ctl.bridge_keys = std::make_unique<ovn::BridgeKeyStore>(
        opts.ovs_remote, std::move(key_prefixes));
    ctl.startup_msec = time_wall_msec();

    std::string system_id;
    while (!ctl.exiting) {
        COVERAGE_INC(main_loop_iteration);
        unixctl_server_run(server.get());
        report_memory();
        main_loop_run(ctl);
        if (ctl.seqno != ctl.trimmed_seqno) {
            ctl.trimmed_seqno = ctl.seqno;
            ctl.trimmer.record_activity(time_msec());
        }
        ctl.trimmer.run(time_msec(), ovn::ofctrl_get_acked_seqno());
        if (const ovsrec_open_vswitch *ovs = ovs_shim_open_vswitch_first(
                ovs_shim_idl_loop_idl(ctl.ovs_loop.get()))) {
            system_id = smap_get_string(
                ovs_shim_open_vswitch_external_ids(ovs), "system-id");
        }

        ovs_shim_idl_loop_commit_and_wait(ctl.ovs_loop.get());
        ctl.bridge_keys->send_and_wait();
        if (ctl.sb_loop
            && !ovs_shim_idl_loop_commit_and_wait(ctl.sb_loop.get())) {
            /* The transaction failed (a cluster leader change, a lost
             * connection, a conflict): nothing in the IDL need change
             * because of it, so make the bindings run again and redo
             * their claims and releases. */
            VLOG_INFO("Southbound transaction failed, retrying");
            ctl.bindings_base.reset();
            ctl.chassis_inputs.reset();
            ctl.chassis_reads.reset();
            ovn::pinctrl_sb_txn_failed();
            poll_immediate_wake();
        }
        unixctl_server_wait(server.get());
        memory_wait();
        ctl.trimmer.wait();
        ovn::ofctrl_wait();
        ovn::pinctrl_wait();
        if (ctl.exiting) {
            poll_immediate_wake();
        }
        poll_block();
    }

    if (!ctl.restart && !system_id.empty()) {
        remove_chassis(ctl, server.get(), system_id);
    }
    if (ctl.exit_conn) {
        unixctl_command_reply(ctl.exit_conn, nullptr);
    }
    ovn::pinctrl_destroy();
    ovn::ofctrl_destroy();
    return 0;
}
