/* test-ofctrl: the real ofctrl module in a daemon of its own, connected to
 * a bridge and driven with ovs-appctl, so the testsuite and the benchmarks
 * can exercise it against a real ovs-vswitchd.
 *
 *   test-ofctrl [OPTIONS] BRIDGE
 *
 * BRIDGE is a bridge name (RUNDIR/BRIDGE.mgmt) or an OpenFlow target.
 * Nothing reaches the switch until the first 'ofctrl/put'; from then on
 * every main-loop iteration puts, as ovn-controller does once its first
 * full computation is done.  With --manual-put, each 'ofctrl/put' (or
 * 'ofctrl/sync') allows exactly one more put, so tests can see what one
 * put sends. */
#include <config.h>

#include <getopt.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "lib/c-ptr.h"
#include "lib/dynamic-string.h"
#include "lib/ofp-text.h"
#include "lib/ovs-internal.h"
#include "lib/unixctl-server.h"
#include "lib/uuid-value.h"
#include "openvswitch/meta-flow.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/ofctrl.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(test_ofctrl);

namespace {

/* Bumped by every change; the put that carries it acknowledges it. */
uint64_t next_seqno = 1;
bool puts_enabled = false;
bool manual_put = false;
/* With --manual-put: puts asked for and not yet done. */
unsigned int puts_requested = 0;
bool exiting = false;

/* ofctrl/sync callers waiting for the switch, with the seqno they need. */
struct PendingSync {
    unixctl_conn *conn;
    uint64_t seqno;
};
std::vector<PendingSync> pending_syncs;

const char *
add_result_name(ovn::AddFlowResult r)
{
    switch (r) {
    case ovn::AddFlowResult::ADDED: return "added";
    case ovn::AddFlowResult::DUPLICATE: return "duplicate";
    case ovn::AddFlowResult::REPLACED: return "replaced";
    case ovn::AddFlowResult::APPENDED: return "appended";
    }
    return "?";
}

/* Parses an integer argument in [0, max]; throws ParseError. */
unsigned long
parse_uint(const char *kind, const char *s, unsigned long max)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 0);
    if (!*s || *end || errno || v > max) {
        throw ovs::ParseError(kind, s, "expected an integer from 0 to "
                              + std::to_string(max));
    }
    return v;
}

/* An OWNER argument: "UUID" is a physical owner, "logical:UUID" a logical
 * one.  Throws ParseError. */
ovn::OwnerRef
parse_owner(const char *s)
{
    ovn::OwnerRef owner;
    if (!strncmp(s, "logical:", 8)) {
        owner.producer = ovn::FlowProducer::LOGICAL;
        s += 8;
    }
    owner.uuid = ovs::Uuid::parse(s);
    return owner;
}

ovn::DesiredFlowTable &
table_of(const ovn::OwnerRef &owner)
{
    return ovn::ofctrl_flow_table(owner.producer);
}

enum class AddKind { ADD, SET, CONJ };

/* ofctrl/add-flow, ofctrl/set-flow and ofctrl/add-conj-flow: OWNER TABLE
 * PRIORITY MATCH ACTIONS [METER].  The cookie is the owner's first 32
 * bits, except for conjunction flows (0, as 23.03 gives them).  The
 * unixctl callback is the parsing boundary: nothing throws past it. */
void
add_or_set_flow(unixctl_conn *conn, int argc, const char *argv[],
                AddKind kind)
{
    try {
        ovn::OwnerRef owner = parse_owner(argv[1]);
        uint8_t table = parse_uint("table", argv[2], 254);
        uint16_t priority = parse_uint("priority", argv[3], 65535);
        ovs::Match match = ovs::parse_match(argv[4]);
        ovs::Ofpacts actions = ovs::parse_actions(argv[5]);
        uint32_t meter = argc > 6 ? parse_uint("meter", argv[6],
                                               UINT32_MAX) : 0;
        ovn::DesiredFlowTable &t = table_of(owner);
        ovn::AddFlowResult r;
        switch (kind) {
        case AddKind::SET:
            r = t.set_flow(table, priority, match, actions,
                           owner.uuid.first_word(), owner.uuid);
            break;
        case AddKind::CONJ:
            r = t.add_or_append_conj_flow(table, priority, match, actions,
                                          0, owner.uuid, meter);
            break;
        case AddKind::ADD:
        default:
            r = t.add_flow(table, priority, match, actions,
                           owner.uuid.first_word(), owner.uuid, meter);
            break;
        }
        next_seqno++;
        unixctl_command_reply(conn, add_result_name(r));
    } catch (const ovs::ParseError &e) {
        unixctl_command_reply_error(conn, e.what());
    }
}

void
cmd_add_flow(unixctl_conn *conn, int argc, const char *argv[], void *)
{
    add_or_set_flow(conn, argc, argv, AddKind::ADD);
}

void
cmd_set_flow(unixctl_conn *conn, int argc, const char *argv[], void *)
{
    add_or_set_flow(conn, argc, argv, AddKind::SET);
}

void
cmd_add_conj_flow(unixctl_conn *conn, int argc, const char *argv[], void *)
{
    add_or_set_flow(conn, argc, argv, AddKind::CONJ);
}

void
cmd_remove_flows(unixctl_conn *conn, int, const char *argv[], void *)
{
    try {
        ovn::OwnerRef owner = parse_owner(argv[1]);
        table_of(owner).remove_flows(owner.uuid);
        next_seqno++;
        unixctl_command_reply(conn, nullptr);
    } catch (const ovs::ParseError &e) {
        unixctl_command_reply_error(conn, e.what());
    }
}

/* ofctrl/flood-remove-flows OWNER...: all of one producer; replies with
 * every owner whose flows went, one per line. */
void
cmd_flood_remove_flows(unixctl_conn *conn, int argc, const char *argv[],
                       void *)
{
    try {
        std::set<ovs::Uuid> uuids;
        ovn::FlowProducer producer = ovn::FlowProducer::PHYSICAL;
        for (int i = 1; i < argc; i++) {
            ovn::OwnerRef owner = parse_owner(argv[i]);
            producer = owner.producer;
            uuids.insert(owner.uuid);
        }
        std::set<ovs::Uuid> removed
            = ovn::ofctrl_flow_table(producer).flood_remove_flows(uuids);
        next_seqno++;
        ovs::Ds s;
        for (const ovs::Uuid &u : removed) {
            s.put_format("%s\n", u.to_string().c_str());
        }
        unixctl_command_reply(conn, s.c_str());
    } catch (const ovs::ParseError &e) {
        unixctl_command_reply_error(conn, e.what());
    }
}

void
cmd_add_group(unixctl_conn *conn, int, const char *argv[], void *)
{
    try {
        ovn::OwnerRef owner = parse_owner(argv[1]);
        std::string error;
        std::optional<uint32_t> id = table_of(owner).add_group(
            owner.uuid, argv[2], &error);
        if (!id) {
            unixctl_command_reply_error(conn, error.c_str());
            return;
        }
        next_seqno++;
        unixctl_command_reply(conn, std::to_string(*id).c_str());
    } catch (const ovs::ParseError &e) {
        unixctl_command_reply_error(conn, e.what());
    }
}

void
cmd_add_meter(unixctl_conn *conn, int, const char *argv[], void *)
{
    try {
        ovn::OwnerRef owner = parse_owner(argv[1]);
        std::string error;
        std::optional<uint32_t> id = table_of(owner).add_meter(
            owner.uuid, argv[2], &error);
        if (!id) {
            unixctl_command_reply_error(conn, error.c_str());
            return;
        }
        next_seqno++;
        unixctl_command_reply(conn, std::to_string(*id).c_str());
    } catch (const ovs::ParseError &e) {
        unixctl_command_reply_error(conn, e.what());
    }
}

/* ofctrl/add-flows FILE OWNER: one flow per line in ovs-ofctl syntax;
 * blank lines and lines starting with '#' are skipped.  Bad lines are
 * counted and the first one reported; the good ones are added. */
void
cmd_add_flows(unixctl_conn *conn, int, const char *argv[], void *)
{
    ovs::Uuid owner;
    try {
        owner = ovs::Uuid::parse(argv[2]);
    } catch (const ovs::ParseError &e) {
        unixctl_command_reply_error(conn, e.what());
        return;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        unixctl_command_reply_error(
            conn, (std::string(argv[1]) + ": cannot open").c_str());
        return;
    }

    size_t n_added = 0, n_bad = 0;
    std::string first_error;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        try {
            ovs::FlowSpec f = ovs::parse_flow(line);
            ovn::ofctrl_flow_table(ovn::FlowProducer::PHYSICAL).add_flow(
                f.table_id, f.priority, f.match, f.actions,
                owner.first_word(), owner);
            n_added++;
        } catch (const ovs::ParseError &e) {
            if (!n_bad++) {
                first_error = e.what();
            }
        }
    }
    next_seqno++;

    ovs::Ds reply;
    reply.put_format("%zu flows added", n_added);
    if (n_bad) {
        reply.put_format(", %zu bad (first: %s)", n_bad,
                         first_error.c_str());
    }
    unixctl_command_reply(conn, reply.c_str());
}

void
request_put()
{
    puts_enabled = true;
    puts_requested++;
}

void
cmd_put(unixctl_conn *conn, int, const char *[], void *)
{
    request_put();
    unixctl_command_reply(conn, nullptr);
}

void
cmd_sync(unixctl_conn *conn, int, const char *[], void *)
{
    request_put();
    pending_syncs.push_back({conn, next_seqno});
}

void
cmd_status(unixctl_conn *conn, int, const char *[], void *)
{
    const ovn::OfctrlStatus st = ovn::ofctrl_get_status();
    const mf_field *geneve = st.geneve_field ? mf_from_id(st.geneve_field)
                                             : nullptr;
    ovs::Ds s;
    s.put_format("state=%s\nconnected=%s\ngeneve=%s\n", st.state,
                 st.connected ? "true" : "false",
                 geneve ? geneve->name : "none");
    s.put_format("acked-seqno=%" PRIu64 "\nputs=%" PRIu64
                 "\nfull-puts=%" PRIu64 "\nempty-puts=%" PRIu64
                 "\nmessages=%" PRIu64 "\nrejected=%" PRIu64
                 "\nerrors=%" PRIu64 "\nreconnects=%" PRIu64
                 "\nadopted=%" PRIu64 "\n",
                 st.acked_seqno, st.n_puts, st.n_full_puts, st.n_empty_puts,
                 st.n_msgs, st.n_rejected, st.n_errors, st.n_reconnects,
                 st.n_adopted);
    s.put_format("desired=%zu\ninstalled=%zu\nkeys=%zu\nowners=%zu\n"
                 "groups=%zu\nmeters=%zu\n", st.flows.n_desired,
                 st.flows.n_installed, st.flows.n_keys, st.flows.n_owners,
                 st.n_groups, st.n_meters);
    unixctl_command_reply(conn, s.c_str());
}

void
cmd_exit(unixctl_conn *conn, int, const char *[], void *)
{
    exiting = true;
    unixctl_command_reply(conn, nullptr);
}

void
usage()
{
    printf("%s: runs ofctrl against a bridge, driven with ovs-appctl\n"
           "usage: %s [OPTIONS] BRIDGE\n"
           "BRIDGE is a bridge name or an OpenFlow target.\n",
           program_name, program_name);
    daemon_usage();
    vlog_usage();
    printf("\nOther options:\n"
           "  --manual-put            put only when 'ofctrl/put' says so\n"
           "  --max-groups=N          allocate group IDs 1 to N\n"
           "  --unixctl=SOCKET        override default control socket\n"
           "  -h, --help              display this help message\n");
    exit(EXIT_SUCCESS);
}

struct Options {
    std::string bridge;
    std::string unixctl_path;
    uint32_t max_groups = ovn::GroupTable::DEFAULT_MAX_ID;
};

Options
parse_options(int argc, char *argv[])
{
    enum {
        OPT_MAX_GROUPS = UCHAR_MAX + 1,
        OPT_MANUAL_PUT,
        OPT_UNIXCTL,
        DAEMON_OPTION_ENUMS,
        VLOG_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        {"max-groups", required_argument, nullptr, OPT_MAX_GROUPS},
        {"manual-put", no_argument, nullptr, OPT_MANUAL_PUT},
        {"unixctl", required_argument, nullptr, OPT_UNIXCTL},
        {"help", no_argument, nullptr, 'h'},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
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
        case OPT_MAX_GROUPS:
            opts.max_groups = strtoul(optarg, nullptr, 10);
            if (!opts.max_groups) {
                ovs_fatal(0, "--max-groups needs a positive number");
            }
            break;
        case OPT_MANUAL_PUT:
            manual_put = true;
            break;
        case OPT_UNIXCTL:
            opts.unixctl_path = optarg;
            break;
        case 'h':
            usage();
            break;
        DAEMON_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS
        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }
    if (optind + 1 != argc) {
        ovs_fatal(0, "exactly one BRIDGE argument required "
                  "(use --help for help)");
    }
    opts.bridge = argv[optind];
    return opts;
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

    unixctl_command_register("ofctrl/add-flow",
                             "OWNER TABLE PRIORITY MATCH ACTIONS [METER]",
                             5, 6, cmd_add_flow, nullptr);
    unixctl_command_register("ofctrl/add-conj-flow",
                             "OWNER TABLE PRIORITY MATCH ACTIONS [METER]",
                             5, 6, cmd_add_conj_flow, nullptr);
    unixctl_command_register("ofctrl/flood-remove-flows", "OWNER...", 1,
                             INT_MAX, cmd_flood_remove_flows, nullptr);
    unixctl_command_register("ofctrl/set-flow",
                             "OWNER TABLE PRIORITY MATCH ACTIONS", 5, 5,
                             cmd_set_flow, nullptr);
    unixctl_command_register("ofctrl/remove-flows", "OWNER", 1, 1,
                             cmd_remove_flows, nullptr);
    unixctl_command_register("ofctrl/add-group", "OWNER GROUP-SPEC", 2, 2,
                             cmd_add_group, nullptr);
    unixctl_command_register("ofctrl/add-meter", "OWNER METER-SPEC", 2, 2,
                             cmd_add_meter, nullptr);
    unixctl_command_register("ofctrl/add-flows", "FILE OWNER", 2, 2,
                             cmd_add_flows, nullptr);
    unixctl_command_register("ofctrl/put", "", 0, 0, cmd_put, nullptr);
    unixctl_command_register("ofctrl/sync", "", 0, 0, cmd_sync, nullptr);
    ovn::ofctrl_register_dump_commands();
    unixctl_command_register("ofctrl/status", "", 0, 0, cmd_status,
                             nullptr);
    unixctl_command_register("exit", "", 0, 0, cmd_exit, nullptr);

    daemonize_complete();
    ovn::ofctrl_init(opts.max_groups);

    while (!exiting) {
        unixctl_server_run(server.get());
        ovn::ofctrl_run(opts.bridge);
        if (puts_enabled && (!manual_put || puts_requested)
            && ovn::ofctrl_put(next_seqno) != ovn::OfctrlPut::DEFERRED) {
            puts_requested = 0;
        }

        /* Answer the syncs the switch has caught up with. */
        const uint64_t acked = ovn::ofctrl_get_acked_seqno();
        for (auto it = pending_syncs.begin(); it != pending_syncs.end();) {
            if (it->seqno <= acked) {
                unixctl_command_reply(it->conn, nullptr);
                it = pending_syncs.erase(it);
            } else {
                ++it;
            }
        }

        unixctl_server_wait(server.get());
        /* Also wakes us for the replies that let a blocked put run. */
        ovn::ofctrl_wait();
        if (exiting) {
            poll_immediate_wake();
        }
        poll_block();
    }

    for (const PendingSync &s : pending_syncs) {
        unixctl_command_reply_error(s.conn, "exiting");
    }
    ovn::ofctrl_destroy();
    return 0;
}
