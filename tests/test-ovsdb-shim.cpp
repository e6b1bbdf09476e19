/* test-ovsdb-shim: drives the OVSDB shims (lib/shim/ovsdb-idl-shim.h,
 * lib/shim/vswitch-idl-shim.h, ovn/lib/sb-shim.h) against real
 * ovsdb-servers, for tests/ovsdb-shim.at.
 *
 *   test-ovsdb-shim dump-sb REMOTE
 *       Prints the Southbound's Datapath_Binding and Port_Binding rows, one
 *       a line, sorted, without UUIDs.
 *   test-ovsdb-shim register-chassis REMOTE NAME HOSTNAME IP TYPE...
 *       Registers chassis NAME with an encap of each TYPE at IP, then
 *       prints the chassis as the IDL sees it after the commit.
 *   test-ovsdb-shim claim REMOTE PORT CHASSIS
 *       Binds Port_Binding PORT to chassis CHASSIS and marks it up.
 *   test-ovsdb-shim dump-ovs REMOTE
 *       Prints the Open_vSwitch row's OVN settings and every bridge with
 *       its ports' interfaces, sorted.
 *
 * Every command first waits (at most 10 s) for the IDL's initial contents,
 * since an IDL that has not received them shows empty tables.  Exit
 * status: 0 on success, 1 on a timeout or failed transaction, 2 on a usage
 * error. */

#include <config.h>

#include <algorithm>
#include <cinttypes>
#include <climits>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "lib/c-ptr.h"
#include "lib/idl-rows.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "smap.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(test_ovsdb_shim);

namespace {

constexpr int EXIT_FAILED = 1;
constexpr int EXIT_USAGE = 2;
constexpr long long int SYNC_TIMEOUT_MS = 10 * 1000;

namespace sb = ovn::sb;

/* The Southbound IDL's indexes, for the commands that look rows up. */
sb::IndexesPtr sb_indexes;
using OvsBridges = ovs::IdlRows<ovsrec_bridge, ovs_shim_bridge_first,
                                ovs_shim_bridge_next>;

/* Runs 'idl' until it has its initial contents. */
bool
wait_for_sync(ovsdb_idl *idl)
{
    const long long int deadline = time_msec() + SYNC_TIMEOUT_MS;
    for (;;) {
        ovs_shim_idl_run(idl);
        if (ovs_shim_idl_has_ever_connected(idl)) {
            return true;
        }
        if (time_msec() >= deadline) {
            fprintf(stderr, "%s: timed out waiting for the database\n",
                    program_name);
            return false;
        }
        ovs_shim_idl_wait(idl);
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

/* 'value', or "-" for a missing one, so that every line has every
 * field. */
std::string
or_dash(const char *value)
{
    return value && *value ? value : "-";
}

std::string
smap_value(const smap *map, const char *key)
{
    return or_dash(smap_get(map, key));
}

void
print_sorted(std::vector<std::string> lines)
{
    std::sort(lines.begin(), lines.end());
    for (const std::string &line : lines) {
        puts(line.c_str());
    }
}

std::string
format(const char *fmt, ...) OVS_PRINTF_FORMAT(1, 2);

std::string
format(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    ovs::CStringPtr s(xvasprintf(fmt, args));
    va_end(args);
    return s.get();
}

int
dump_sb(ovsdb_idl *idl)
{
    std::vector<std::string> lines;
    for (sb::DatapathBinding dp : sb::DatapathBinding::table(idl)) {
        lines.push_back(format("Datapath_Binding tunnel_key=%" PRId64
                               " name=%s", dp.tunnel_key(),
                               smap_value(dp.external_ids().get(),
                                          "name").c_str()));
    }
    for (sb::PortBinding pb : sb::PortBinding::table(idl)) {
        const sb::DatapathBinding dp = pb.datapath();
        const sb::Chassis ch = pb.chassis();
        std::string macs;
        for (std::string_view mac : pb.mac()) {
            macs += (macs.empty() ? "" : ",");
            macs += mac;
        }
        const std::optional<bool> up = pb.up();
        lines.push_back(format(
            "Port_Binding logical_port=%s tunnel_key=%" PRId64
            " datapath=%s type=%s chassis=%s up=%s mac=%s",
            std::string(pb.logical_port()).c_str(), pb.tunnel_key(),
            dp ? std::to_string(dp.tunnel_key()).c_str() : "-",
            or_dash(std::string(pb.type()).c_str()).c_str(),
            ch ? std::string(ch.name()).c_str() : "-",
            !up ? "-" : *up ? "true" : "false",
            or_dash(macs.c_str()).c_str()));
    }
    print_sorted(lines);
    return 0;
}

void
print_chassis(sb::Chassis ch)
{
    printf("Chassis name=%s hostname=%s\n", std::string(ch.name()).c_str(),
           or_dash(std::string(ch.hostname()).c_str()).c_str());
    std::vector<std::string> lines;
    for (sb::Encap e : ch.encaps()) {
        lines.push_back(format("Encap type=%s ip=%s",
                               std::string(e.type()).c_str(),
                               std::string(e.ip()).c_str()));
    }
    print_sorted(lines);
}

/* Commits 'txn', reporting anything but success or "nothing to do". */
bool
commit(ovsdb_idl_txn *txn)
{
    enum ovs_shim_txn_status status = ovs_shim_idl_txn_commit_block(txn);
    if (status != OVS_SHIM_TXN_SUCCESS && status != OVS_SHIM_TXN_UNCHANGED) {
        fprintf(stderr, "%s: transaction failed: %s\n", program_name,
                ovs_shim_txn_status_to_string(status));
        return false;
    }
    return true;
}

int
register_chassis(ovsdb_idl *idl, int argc, char *argv[])
{
    const char *name = argv[0];
    std::vector<const char *> types(argv + 3, argv + argc);
    {
        ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl));
        sb_shim_chassis_register(txn.get(), name, argv[1], types.data(),
                                 types.size(), argv[2]);
        if (!commit(txn.get())) {
            return EXIT_FAILED;
        }
    }
    /* The committed rows are in the IDL once the server's update for them
     * has been processed, which commit_block() waits for. */
    const sb::Chassis ch = sb::Chassis::find_by_name(sb_indexes.get(), name);
    if (!ch) {
        fprintf(stderr, "%s: chassis %s missing after commit\n",
                program_name, name);
        return EXIT_FAILED;
    }
    print_chassis(ch);
    return 0;
}

int
claim(ovsdb_idl *idl, const char *port, const char *chassis)
{
    const sb::Chassis ch = sb::Chassis::find_by_name(sb_indexes.get(),
                                                     chassis);
    if (!ch) {
        fprintf(stderr, "%s: no chassis %s\n", program_name, chassis);
        return EXIT_FAILED;
    }
    if (const sb::PortBinding pb
            = sb::PortBinding::find_by_name(sb_indexes.get(), port)) {
        ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl));
        sb_shim_port_binding_set_chassis(pb.get(), ch.get());
        sb_shim_port_binding_set_up(pb.get(), true);
        return commit(txn.get()) ? 0 : EXIT_FAILED;
    }
    fprintf(stderr, "%s: no port binding %s\n", program_name, port);
    return EXIT_FAILED;
}

int
dump_ovs(ovsdb_idl *idl)
{
    const ovsrec_open_vswitch *cfg = ovs_shim_open_vswitch_first(idl);
    if (!cfg) {
        fprintf(stderr, "%s: no Open_vSwitch row\n", program_name);
        return EXIT_FAILED;
    }
    const smap *ids = ovs_shim_open_vswitch_external_ids(cfg);
    for (const char *key : { "system-id", "ovn-remote", "ovn-encap-type",
                             "ovn-encap-ip", "ovn-bridge" }) {
        printf("Open_vSwitch %s=%s\n", key, smap_value(ids, key).c_str());
    }

    std::vector<std::string> lines;
    for (const ovsrec_bridge *br : OvsBridges(idl)) {
        const char *br_name = ovs_shim_bridge_name(br);
        lines.push_back(format("Bridge %s fail_mode=%s ports=%zu", br_name,
                               or_dash(ovs_shim_bridge_fail_mode(br)).c_str(),
                               ovs_shim_bridge_n_ports(br)));
        for (size_t i = 0; i < ovs_shim_bridge_n_ports(br); i++) {
            const ovsrec_port *port = ovs_shim_bridge_port(br, i);
            if (!port) {
                continue;
            }
            for (size_t j = 0; j < ovs_shim_port_n_interfaces(port); j++) {
                const ovsrec_interface *iface
                    = ovs_shim_port_interface(port, j);
                const smap *iface_ids
                    = ovs_shim_interface_external_ids(iface);
                lines.push_back(format(
                    "Interface %s/%s/%s ofport=%" PRId64 " iface-id=%s",
                    br_name, ovs_shim_port_name(port),
                    ovs_shim_interface_name(iface),
                    ovs_shim_interface_ofport(iface),
                    smap_value(iface_ids, "iface-id").c_str()));
            }
        }
    }
    print_sorted(lines);
    return 0;
}

void
usage()
{
    printf("%s: drives the OVSDB shims against a real server\n"
           "usage: %s dump-sb REMOTE\n"
           "       %s register-chassis REMOTE NAME HOSTNAME IP TYPE...\n"
           "       %s claim REMOTE PORT CHASSIS\n"
           "       %s dump-ovs REMOTE\n",
           program_name, program_name, program_name, program_name,
           program_name);
}

int
usage_error()
{
    fprintf(stderr, "%s: bad arguments (use --help for help)\n",
            program_name);
    return EXIT_USAGE;
}

}  // namespace

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    vlog_set_levels(nullptr, VLF_CONSOLE, VLL_WARN);

    if (argc == 2 && !strcmp(argv[1], "--help")) {
        usage();
        return 0;
    }
    if (argc < 3) {
        return usage_error();
    }
    const std::string command = argv[1];
    const char *remote = argv[2];
    const int n_args = argc - 3;
    char **args = argv + 3;

    /* Each command, with how many arguments it takes after REMOTE. */
    struct Command {
        const char *name;
        int min_args, max_args;
    };
    static const Command commands[] = {
        { "dump-sb", 0, 0 },
        { "register-chassis", 4, INT_MAX },
        { "claim", 2, 2 },
        { "dump-ovs", 0, 0 },
    };
    const Command *c = nullptr;
    for (const Command &candidate : commands) {
        if (command == candidate.name) {
            c = &candidate;
        }
    }
    if (!c || n_args < c->min_args || n_args > c->max_args) {
        return usage_error();
    }

    const bool is_sb = command != "dump-ovs";
    sb::Indexes *ix = nullptr;
    ovs::IdlPtr idl(is_sb ? sb_gen_idl_create(remote, true, &ix)
                          : ovs_shim_vswitch_idl_create(remote));
    /* Destroyed before the IDL: the indexes belong to it. */
    struct IndexesReset {
        ~IndexesReset() { sb_indexes.reset(); }
    } reset_indexes;
    sb_indexes.reset(ix);
    if (!wait_for_sync(idl.get())) {
        return EXIT_FAILED;
    }
    if (command == "dump-sb") {
        return dump_sb(idl.get());
    } else if (command == "register-chassis") {
        return register_chassis(idl.get(), n_args, args);
    } else if (command == "claim") {
        return claim(idl.get(), args[0], args[1]);
    } else {
        return dump_ovs(idl.get());
    }
}
