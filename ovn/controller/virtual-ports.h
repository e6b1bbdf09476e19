/* virtual-ports: the virtual ports that this chassis claims.
 *
 * A virtual port (Port_Binding type "virtual") is a virtual IP that one
 * of its options:virtual-parents answers for at a time.  It has no
 * interface of its own: when a parent bound here sends a packet as the
 * virtual IP, the logical flows' bind_vport action makes pinctrl write
 * the parent's name into the port's virtual_parent column (pinctrl's
 * part; this module writes virtual_parent only to clear it).  As in OVN
 * 23.03:
 *
 *   - a virtual port whose virtual_parent names a logical port bound on
 *     this chassis (binding.h) is claimed here (Port_Binding.chassis) and
 *     set up;
 *   - a virtual port claimed here whose virtual_parent names a port not
 *     bound here, or none, is released: chassis and virtual_parent
 *     cleared, 'up' left as it is;
 *   - a virtual port claimed here whose parent stops being bound here is
 *     released the same way, and set down.
 *
 * The virtual port gets no conntrack zone and no physical flows of its
 * own here (its packets come and go through its parent's interface), and
 * its datapath is local through its parent.
 *
 * The first run, and a run after the rows may all have changed, reads
 * every Port_Binding; the others only those the IDL's change tracking
 * reports, and the virtual ports of the parents whose binding changed.
 * Owned by the main loop. */
#ifndef OVN_CONTROLLER_VIRTUAL_PORTS_H
#define OVN_CONTROLLER_VIRTUAL_PORTS_H 1

#include <map>
#include <set>
#include <string>

#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;
struct ovsdb_idl_txn;

namespace ovn {

class Bindings;

class VirtualPorts {
public:
    /* Brings the virtual ports up to date with 'sb' (every row if 'full',
     * else the tracked ones and those whose parents' bindings changed in
     * 'bindings'), claiming and releasing through 'sb_txn' (or, if it is
     * null, on a later run).  Returns whether the set of virtual ports
     * claimed here changed. */
    bool run(const ovsdb_idl *sb, ovsdb_idl_txn *sb_txn,
             sb::Chassis chassis, const Bindings &bindings, bool full);

    /* Whether 'pb' is a virtual port claimed here. */
    bool is_resident(sb::PortBinding pb) const
    {
        return pb && resident_.count(pb.uuid());
    }

private:
    bool consider(sb::PortBinding pb, ovsdb_idl_txn *sb_txn,
                  sb::Chassis chassis, const Bindings &bindings);
    void set_parent(const ovs::Uuid &vport, const std::string &parent);

    /* The virtual ports claimed here, and the parent they were claimed
     * for. */
    std::map<ovs::Uuid, std::string> resident_;
    /* Every virtual port with a virtual_parent, by parent, and the parent
     * of each. */
    std::map<std::string, std::set<ovs::Uuid>> by_parent_;
    std::map<ovs::Uuid, std::string> parent_of_;
    /* Ports whose claim or release waits for a transaction. */
    std::set<ovs::Uuid> retry_;
};

}  // namespace ovn

#endif  /* ovn/controller/virtual-ports.h */
