#include <config.h>

#include "ovn/controller/ct-zone-store.h"

#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"

namespace ovn {

CtZoneStore::CtZoneStore(const std::string &remote)
    : loop_(ovs_shim_idl_loop_create(
                ovs_shim_vswitch_zone_idl_create(remote.c_str())))
{
}

void
CtZoneStore::run()
{
    txn_ = ovs_shim_idl_loop_run(loop_.get());
}

bool
CtZoneStore::commit_and_wait()
{
    txn_ = nullptr;
    return ovs_shim_idl_loop_commit_and_wait(loop_.get()) != 0;
}

const ovsrec_bridge *
CtZoneStore::bridge(const std::string &name) const
{
    const ovsdb_idl *idl = ovs_shim_idl_loop_idl(loop_.get());
    if (!ovs_shim_idl_has_ever_connected(idl)) {
        return nullptr;
    }
    return ovs_shim_bridge_find(idl, name.c_str());
}

}  // namespace ovn
