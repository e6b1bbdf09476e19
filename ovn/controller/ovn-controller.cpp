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
 * Southbound IDL, update the configuration rows, compute, ofctrl_run(),
 * ofctrl_put(), then wait on everything and poll_block().  Nothing here
 * throws: bad or missing configuration is logged (once per change, rate
 * limited) and waited out. */
#include <config.h>

#include <getopt.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>
#include <string>
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
#include "ovn/controller/binding.h"
#include "ovn/controller/ct-zones.h"
#include "ovn/controller/encaps.h"
#include "ovn/controller/memory-trim.h"
#include "ovn/controller/ofctrl.h"
#include "ovn/controller/physical.h"
#include "ovn/lib/sb-shim.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(main);

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

/* What the bindings and the flows are computed from: the rows of br-int's
 * tables and of the Southbound tables they come from, this chassis and the
 * bridge.  While it stays the same, neither needs computing again, however
 * much else changes in the databases (logical flows, nb_cfg, ...). */
struct InputVersion {
    unsigned int bridge_tables;
    unsigned int sb_tables;
    const sbrec_chassis *chassis;
    const ovsrec_bridge *br_int;

    bool
    operator==(const InputVersion &o) const
    {
        return bridge_tables == o.bridge_tables && sb_tables == o.sb_tables
               && chassis == o.chassis && br_int == o.br_int;
    }
    bool operator!=(const InputVersion &o) const { return !(*this == o); }
};

/* State the unixctl commands share with the main loop. */
struct Controller {
    ovs::IdlLoopPtr ovs_loop;
    ovs::IdlLoopPtr sb_loop;          /* Null until ovn-remote is known. */
    std::string sb_remote;
    int sb_probe_interval = -1;       /* As last given to the IDL. */

    uint64_t seqno = 0;               /* Bumped by every computation. */
    bool computed = false;            /* The first computation is done. */
    bool recompute_requested = false;

    /* The modules, and what decides how much of their work to redo. */
    ovn::Bindings bindings;
    ovn::CtZones zones;
    ovn::Tunnels tunnels;
    ovn::Physical physical;
    bool sb_was_ready = false;
    mf_field_id geneve_field = static_cast<mf_field_id>(0);
    /* The inputs as of the last run of the bindings (which point into
     * both IDLs) and of the last computation; none while out of date. */
    std::optional<InputVersion> bindings_version;
    std::optional<InputVersion> computed_version;

    /* The Northbound configuration SB_Global last carried, and the put
     * whose acknowledgement reports it installed (0: none pending). */
    int64_t nb_cfg = -1;
    uint64_t nb_cfg_seqno = 0;

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
local_hostname(const smap *external_ids)
{
    std::string name = smap_get_string(external_ids, "hostname");
    if (!name.empty()) {
        return name;
    }
    char buf[HOST_NAME_MAX + 1];
    if (gethostname(buf, sizeof buf)) {
        return "";
    }
    buf[sizeof buf - 1] = '\0';
    return buf;
}

/* Reads the configuration from 'ovs', the Open_vSwitch row.  Returns
 * nothing while system-id is missing, since the chassis has no name. */
std::optional<LocalConfig>
read_local_config(Controller &ctl, const ovsrec_open_vswitch *ovs)
{
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
    cfg.hostname = local_hostname(ids);
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

/* Creates the Southbound IDL once ovn-remote is known, and follows changes
 * to it and to its probe interval. */
void
update_sb_remote(Controller &ctl, const std::optional<LocalConfig> &cfg)
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
        ctl.sb_loop.reset(ovs_shim_idl_loop_create(
                              sb_shim_idl_create(cfg->ovn_remote.c_str())));
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

/* Whether the Southbound IDL holds the server's current contents, so that
 * a row missing from it is missing from the database. */
bool
sb_is_ready(const Controller &ctl)
{
    if (!ctl.sb_loop) {
        return false;
    }
    const ovsdb_idl *sb = ovs_shim_idl_loop_idl(ctl.sb_loop.get());
    return ovs_shim_idl_has_ever_connected(sb)
           && ovs_shim_idl_is_connected(sb);
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
 * exists: connecting earlier would only log failures. */
bool
bridge_is_up(const ovsrec_bridge *br)
{
    const char *name = ovs_shim_bridge_name(br);
    for (size_t i = 0; i < ovs_shim_bridge_n_ports(br); i++) {
        const ovsrec_port *port = ovs_shim_bridge_port(br, i);
        for (size_t j = 0; j < ovs_shim_port_n_interfaces(port); j++) {
            const ovsrec_interface *iface = ovs_shim_port_interface(port, j);
            if (!strcmp(ovs_shim_interface_name(iface), name)) {
                return ovs_shim_interface_ofport(iface) > 0;
            }
        }
    }
    return false;
}

std::string
join_iface_types(const ovsrec_open_vswitch *ovs)
{
    std::string s;
    for (size_t i = 0; i < ovs_shim_open_vswitch_n_iface_types(ovs); i++) {
        if (i) {
            s += ',';
        }
        s += ovs_shim_open_vswitch_iface_type(ovs, i);
    }
    return s;
}

/* Chassis.other_config as ovn-northd 23.03 and the other chassis read
 * it: the features this ovn-controller supports, and the configuration
 * the others need to know. */
void
fill_chassis_other_config(ovs::Smap &oc, const LocalConfig &cfg,
                          const ovsrec_open_vswitch *ovs,
                          const ovsrec_bridge *br)
{
    const smap *ids = cfg.external_ids;
    oc.add("ct-no-masked-label", "true");
    oc.add("datapath-type", br ? ovs_shim_bridge_datapath_type(br) : "");
    oc.add("iface-types", join_iface_types(ovs));
    oc.add("is-interconn", smap_get_string(ids, "ovn-is-interconn",
                                           "false"));
    oc.add("mac-binding-timestamp", "true");
    oc.add("ovn-bridge-mappings", smap_get_string(ids,
                                                  "ovn-bridge-mappings"));
    oc.add("ovn-chassis-mac-mappings",
           smap_get_string(ids, "ovn-chassis-mac-mappings"));
    oc.add("ovn-cms-options", smap_get_string(ids, "ovn-cms-options"));
    oc.add("ovn-ct-lb-related", "true");
    oc.add("ovn-enable-lflow-cache",
           smap_get_string(ids, "ovn-enable-lflow-cache", "true"));
    oc.add("ovn-limit-lflow-cache",
           smap_get_string(ids, "ovn-limit-lflow-cache"));
    oc.add("ovn-memlimit-lflow-cache-kb",
           smap_get_string(ids, "ovn-memlimit-lflow-cache-kb"));
    oc.add("ovn-monitor-all", smap_get_string(ids, "ovn-monitor-all",
                                              "false"));
    oc.add("ovn-trim-limit-lflow-cache",
           smap_get_string(ids, "ovn-trim-limit-lflow-cache"));
    oc.add("ovn-trim-timeout-ms",
           smap_get_string(ids, "ovn-trim-timeout-ms"));
    oc.add("ovn-trim-wmark-perc-lflow-cache",
           smap_get_string(ids, "ovn-trim-wmark-perc-lflow-cache"));
    oc.add("port-up-notif", "true");
}

/* Registers this chassis (Chassis, its Encaps, Chassis_Private) through
 * 'txn', or brings the rows up to date; writes nothing if they are. */
void
chassis_run(ovsdb_idl_txn *txn, const LocalConfig &cfg,
            const ovsrec_open_vswitch *ovs, const ovsrec_bridge *br)
{
    if (cfg.encap_types.empty() || cfg.encap_ip.empty()) {
        return;
    }
    std::vector<const char *> types;
    for (const std::string &t : cfg.encap_types) {
        types.push_back(t.c_str());
    }
    const sbrec_chassis *ch = sb_shim_chassis_register(
        txn, cfg.system_id.c_str(), cfg.hostname.c_str(), types.data(),
        types.size(), cfg.encap_ip.c_str());

    /* Geneve and STT checksums, which ovn-encap-csum may turn off. */
    ovs::Smap encap_options;
    encap_options.add("csum", smap_get_string(cfg.external_ids,
                                              "ovn-encap-csum", "true"));
    sb_shim_chassis_set_encap_options(ch, encap_options.get());

    ovs::Smap other_config;
    fill_chassis_other_config(other_config, cfg, ovs, br);
    sb_shim_chassis_set_other_config(ch, other_config.get());

    sb_shim_chassis_private_register(txn, cfg.system_id.c_str(), ch);
}

/* The conntrack zone users: each local port, and the DNAT and SNAT zones
 * of each local datapath. */
std::set<std::string>
ct_zone_users(const ovn::Bindings &bindings)
{
    std::set<std::string> users;
    for (const auto &[lport, b] : bindings.bindings()) {
        users.insert(lport);
    }
    for (const auto &[uuid, dp] : bindings.local_datapaths()) {
        users.insert(ovn::CtZones::dnat_name(uuid.to_string()));
        users.insert(ovn::CtZones::snat_name(uuid.to_string()));
    }
    return users;
}

/* Computes the desired flows and groups from the Southbound and the local
 * bridge: everything when something global changed ('full'), otherwise
 * only the rows that changed.  Returns whether anything was computed. */
bool
compute(Controller &ctl, const InputVersion &version, ovsdb_idl *sb,
        ovsdb_idl_txn *ovs_txn, const ovsrec_bridge *br_int,
        const sbrec_chassis *chassis, bool full)
{
    if (!full && ctl.computed && !ctl.tunnels.incomplete()
        && ctl.computed_version == version) {
        return false;
    }
    ctl.computed_version = version;

    full |= ctl.tunnels.run(ovs_txn, br_int, sb, chassis);
    full |= ctl.bindings.datapaths_changed();
    /* The zones' users are the local ports and datapaths: only a new or
     * lost binding changes them. */
    if (!ctl.computed || !ctl.bindings.changed_port_bindings().empty()
        || ctl.bindings.datapaths_changed()) {
        ctl.zones.update(br_int, ct_zone_users(ctl.bindings));
    }
    full |= !ctl.computed
            || sb_shim_chassis_tracked_any(sb)
            || sb_shim_encap_tracked_any(sb)
            || sb_shim_datapath_binding_tracked_any(sb);

    const uint64_t seqno = ++ctl.seqno;
    const ovn::PhysicalInput in{sb, chassis, &ctl.bindings, &ctl.zones,
                                &ctl.tunnels, ctl.geneve_field};
    const char *stopwatch = full ? SW_PHYSICAL_FULL
                                 : SW_PHYSICAL_INCREMENTAL;
    stopwatch_start(stopwatch, time_usec());
    if (full) {
        ctl.physical.run(in);
        for (const auto &[lport, b] : ctl.bindings.bindings()) {
            ctl.bindings.flows_computed(lport, seqno);
        }
    } else {
        for (const std::string &lport : ctl.physical.handle_changes(
                 in, ctl.bindings.changed_port_bindings())) {
            ctl.bindings.flows_computed(lport, seqno);
        }
    }
    stopwatch_stop(stopwatch, time_usec());
    ovs_shim_idl_track_clear(sb);
    ctl.bindings.clear_changes();
    ctl.computed = true;
    return true;
}

/* After the switch has acknowledged the put that carried the Northbound
 * configuration 'ctl.nb_cfg', says so in Chassis_Private, which is what
 * 'ovn-nbctl --wait=hv' waits for. */
void
report_nb_cfg(Controller &ctl, ovsdb_idl_txn *sb_txn, const ovsdb_idl *sb,
              const std::string &system_id)
{
    if (!ctl.nb_cfg_seqno || !sb_txn
        || ovn::ofctrl_get_acked_seqno() < ctl.nb_cfg_seqno) {
        return;
    }
    const sbrec_chassis_private *chp
        = sb_shim_chassis_private_find(sb, system_id.c_str());
    if (!chp) {
        return;
    }
    sb_shim_chassis_private_set_nb_cfg(chp, ctl.nb_cfg, time_wall_msec());
    ctl.nb_cfg_seqno = 0;
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
    ovs::unixctl_reply_lines(conn, ovn::ofctrl_dump_groups());
}

void
usage()
{
    printf("%s: OVN controller\n"
           "usage: %s [OPTIONS] [OVS-DATABASE]\n"
           "where OVS-DATABASE is a socket on which the OVS OVSDB server "
           "is listening\n"
           "(default: \"unix:%s/db.sock\").\n",
           program_name, program_name, ovs_rundir());
    daemon_usage();
    vlog_usage();
    stream_usage("database", true, false, true);
    printf("\nOther options:\n"
           "  --unixctl=SOCKET        override default control socket\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n");
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
        switch (c) {
        case OPT_UNIXCTL:
            opts.unixctl_path = optarg;
            break;
        case 'h':
            usage();
            break;
        case 'V':
            ovs_print_version(0, 0);
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

/* One main-loop iteration. */
void
main_loop_run(Controller &ctl)
{
    ovsdb_idl_txn *ovs_txn = ovs_shim_idl_loop_run(ctl.ovs_loop.get());
    const ovsdb_idl *ovs_idl = ovs_shim_idl_loop_idl(ctl.ovs_loop.get());

    std::optional<LocalConfig> cfg;
    const ovsrec_open_vswitch *ovs = nullptr;
    if (ovs_shim_idl_has_ever_connected(ovs_idl)) {
        ovs = ovs_shim_open_vswitch_first(ovs_idl);
        cfg = read_local_config(ctl, ovs);
        update_ssl_config(ovs_idl);
        if (cfg) {
            ctl.trimmer.set_timeout(cfg->trim_timeout_ms);
        }
    }
    update_sb_remote(ctl, cfg);
    ovsdb_idl_txn *sb_txn = ctl.sb_loop
        ? ovs_shim_idl_loop_run(ctl.sb_loop.get()) : nullptr;
    if (!cfg) {
        return;
    }

    const ovsrec_bridge *br_int = process_br_int(ovs_txn, ovs_idl, ovs,
                                                 *cfg);
    const bool sb_ready = sb_is_ready(ctl);
    if (sb_ready && sb_txn) {
        chassis_run(sb_txn, *cfg, ovs, br_int);
    }

    if (!br_int || !bridge_is_up(br_int)) {
        return;
    }
    ovn::ofctrl_set_probe_interval(cfg->openflow_probe_interval);
    const mf_field_id geneve_field = ovn::ofctrl_run(cfg->bridge);
    if (!sb_ready) {
        /* Until the Southbound is back, the switch keeps what it has. */
        ctl.sb_was_ready = false;
        ctl.bindings_version.reset();
        return;
    }
    ovsdb_idl *sb = ovs_shim_idl_loop_idl(ctl.sb_loop.get());
    const sbrec_chassis *chassis
        = sb_shim_chassis_find(sb, cfg->system_id.c_str());

    /* The bindings hold row pointers, which an IDL run may have freed (and
     * then changed the version): bring them up to date, whether or not a
     * computation follows. */
    const InputVersion version{ovs_shim_bridge_tables_seqno(ovs_idl),
                               sb_shim_physical_tables_seqno(sb), chassis,
                               br_int};
    if (ctl.bindings_version != version) {
        stopwatch_start(SW_BINDING_RUN, time_usec());
        /* A claim or release that waits for a transaction runs again
         * next time. */
        if (ctl.bindings.run(sb, sb_txn, br_int, chassis)) {
            ctl.bindings_version = version;
        } else {
            ctl.bindings_version.reset();
        }
        stopwatch_stop(SW_BINDING_RUN, time_usec());
    }

    /* Until the first computation, which needs the Southbound, the switch
     * keeps what it has: flows left by 'exit --restart' stay in place.
     * While ofctrl has a backlog, computing again would only pile up more
     * changes that cannot be sent yet (the IDL keeps tracking them). */
    if (ovn::ofctrl_can_put()) {
        /* After a reconnection the tracked changes are not to be trusted
         * (the IDL may have replaced every row), and a new Geneve field
         * changes every tunnel flow. */
        bool full = !ctl.sb_was_ready || geneve_field != ctl.geneve_field;
        ctl.sb_was_ready = true;
        ctl.geneve_field = geneve_field;
        if (ctl.recompute_requested) {
            VLOG_INFO("full recompute requested");
            /* Every desired flow goes, and comes back from the current
             * bindings, zones and tunnels, which stay: the switch sees
             * only what differs. */
            ovn::ofctrl_clear_flows();
            ctl.recompute_requested = false;
            full = true;
        }
        compute(ctl, version, sb, ovs_txn, br_int, chassis, full);

        /* A new Northbound configuration needs its own acknowledgement,
         * even if it changed no flow. */
        const sbrec_sb_global *sbg = sb_shim_sb_global_first(sb);
        const int64_t nb_cfg = sbg ? sb_shim_sb_global_nb_cfg(sbg) : 0;
        if (nb_cfg != ctl.nb_cfg) {
            ctl.nb_cfg = nb_cfg;
            ctl.nb_cfg_seqno = ++ctl.seqno;
        }
        stopwatch_start(SW_FLOW_INSTALLATION, time_usec());
        ovn::ofctrl_put(ctl.seqno);
        stopwatch_stop(SW_FLOW_INSTALLATION, time_usec());
    }
    if (ovs_txn) {
        ctl.zones.commit(br_int);
    }
    ctl.bindings.report_installed(ovs_txn, sb_txn, br_int, chassis,
                                  ovn::ofctrl_get_acked_seqno());
    report_nb_cfg(ctl, sb_txn, sb, cfg->system_id);
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
        const ovsdb_idl *sb = ovs_shim_idl_loop_idl(ctl.sb_loop.get());
        const sbrec_chassis *ch = sb_shim_chassis_find(sb, system_id.c_str());
        const sbrec_chassis_private *chp
            = sb_shim_chassis_private_find(sb, system_id.c_str());
        /* A null 'sb_txn' means the deletion is still in flight: wait
         * for its reply too, or the server would send it to a closed
         * socket. */
        if (!ch && !chp && sb_txn) {
            break;
        }
        if (sb_txn) {
            if (chp) {
                sb_shim_chassis_private_delete(chp);
            }
            if (ch) {
                sb_shim_chassis_delete(ch);
            }
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
    set_program_name(argv[0]);
    Options opts = parse_options(argc, argv);
    fatal_ignore_sigpipe();
    daemonize_start(false);

    ovs::UnixctlServerPtr server
        = ovs::create_unixctl_server(opts.unixctl_path);

    Controller ctl;
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
    ovn::ofctrl_register_dump_commands();
    for (const char *sw : {SW_BINDING_RUN, SW_PHYSICAL_FULL,
                           SW_PHYSICAL_INCREMENTAL, SW_FLOW_INSTALLATION}) {
        stopwatch_create(sw, SW_US);
    }

    daemonize_complete();
    ovn::ofctrl_init();
    ctl.ovs_loop.reset(ovs_shim_idl_loop_create(
                           ovs_shim_vswitch_idl_create(
                               opts.ovs_remote.c_str())));

    std::string system_id;
    while (!ctl.exiting) {
        unixctl_server_run(server.get());
        report_memory();
        main_loop_run(ctl);
        if (ctl.seqno != ctl.trimmed_seqno) {
            ctl.trimmed_seqno = ctl.seqno;
            ctl.trimmer.record_activity(time_msec());
        }
        ctl.trimmer.run(time_msec());
        if (const ovsrec_open_vswitch *ovs = ovs_shim_open_vswitch_first(
                ovs_shim_idl_loop_idl(ctl.ovs_loop.get()))) {
            system_id = smap_get_string(
                ovs_shim_open_vswitch_external_ids(ovs), "system-id");
        }

        ovs_shim_idl_loop_commit_and_wait(ctl.ovs_loop.get());
        if (ctl.sb_loop
            && !ovs_shim_idl_loop_commit_and_wait(ctl.sb_loop.get())) {
            /* The transaction failed (a cluster leader change, a lost
             * connection, a conflict): nothing in the IDL need change
             * because of it, so make the bindings run again and redo
             * their claims and releases. */
            VLOG_INFO("Southbound transaction failed, retrying");
            ctl.bindings_version.reset();
            poll_immediate_wake();
        }
        unixctl_server_wait(server.get());
        memory_wait();
        ctl.trimmer.wait();
        ovn::ofctrl_wait();
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
    ovn::ofctrl_destroy();
    return 0;
}
