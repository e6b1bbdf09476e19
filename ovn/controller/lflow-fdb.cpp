#include <config.h>

#include "ovn/controller/lflow-fdb.h"

#include <string>

#include "lib/ofpacts-builder.h"
#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/binding.h"
#include "ovn/lib/actions.h"
#include "ovn/lib/bad-row.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/lport-addresses.h"

VLOG_DEFINE_THIS_MODULE(lflow_fdb);

COVERAGE_DEFINE(fdb_bad_row);

namespace ovn {

namespace {

constexpr uint16_t FDB_PRIORITY = 100;

}  // namespace

void
FdbFlows::add_fdb(const SideFlowInput &in, sb::Fdb fdb)
{
    const sb::DatapathBinding dp
        = sb::DatapathBinding::find_by_tunnel_key(in.ix, fdb.dp_key());
    if (!dp || !in.is_local_datapath(dp)) {
        return;
    }
    const std::optional<eth_addr> mac = parse_mac(fdb.mac());
    if (!mac) {
        COVERAGE_INC(fdb_bad_row);
        report_bad_row("FDB", fdb.uuid().to_string(),
                       "bad mac '" + std::string(fdb.mac()) + "'");
        return;
    }
    const ovs::Uuid owner = fdb.uuid();

    ovs::Match get;
    match_set_metadata(get.get(), htonll(fdb.dp_key()));
    match_set_dl_dst(get.get(), *mac);
    owners_.add_flow(OFTABLE_GET_FDB, FDB_PRIORITY, get,
                     ovs::OfpactsBuilder()
                         .load(MFF_LOG_OUTPORT, fdb.port_key())
                         .build(),
                     owner, dp.uuid());

    ovs::Match lookup;
    match_set_metadata(lookup.get(), htonll(fdb.dp_key()));
    match_set_reg(lookup.get(), MFF_LOG_INPORT - MFF_REG0, fdb.port_key());
    match_set_dl_src(lookup.get(), *mac);
    owners_.add_flow(OFTABLE_LOOKUP_FDB, FDB_PRIORITY, lookup,
                     ovs::OfpactsBuilder()
                         .load_bits(MFF_LOG_FLAGS, 1, MLF_LOOKUP_FDB_BIT, 1)
                         .build(),
                     owner, dp.uuid());
}

void
FdbFlows::run(const SideFlowInput &in)
{
    owners_.remove_all();
    for (const auto &[uuid, dp] : in.datapaths()) {
        add_datapath(in, dp);
    }
}

void
FdbFlows::handle_fdb(const SideFlowInput &in, const ovs::Uuid &uuid)
{
    owners_.remove(uuid);
    if (const sb::Fdb fdb = sb::Fdb::get_for_uuid(in.sb, uuid)) {
        add_fdb(in, fdb);
    }
}

void
FdbFlows::add_datapath(const SideFlowInput &in, sb::DatapathBinding dp)
{
    for (sb::Fdb fdb : sb::Fdb::all_by_dp_key(in.ix, dp.tunnel_key())) {
        if (!owners_.contains(fdb.uuid())) {
            add_fdb(in, fdb);
        }
    }
}

void
FdbFlows::remove_datapath(const ovs::Uuid &dp)
{
    owners_.remove_datapath(dp);
}

}  // namespace ovn
