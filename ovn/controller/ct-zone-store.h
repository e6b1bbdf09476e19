/* ct-zone-store: where the conntrack zones are kept, the integration
 * bridge's external_ids ("ct-zone-NAME"="ZONE", as OVN 23.03 keeps them;
 * ct-zones.h), reached through an IDL of its own.
 *
 * The main IDL of the local database does not monitor Bridge external_ids
 * at all: br-int's holds a key per local port and two per local datapath,
 * and Open vSwitch's IDL parses every column of a row again whenever any
 * of them changes, so that each port added to or removed from br-int
 * would cost it the parsing of every zone.  This second connection to the
 * same database monitors only the Bridge table's name and external_ids:
 * it parses the zones when they change (when we write one), not when the
 * ports do.
 *
 * Until it has received the database's contents, bridge() is null, and
 * the zones are not to be computed (they would not find those a previous
 * run left, and renumber every connection).  Owned by the main loop. */
#ifndef OVN_CONTROLLER_CT_ZONE_STORE_H
#define OVN_CONTROLLER_CT_ZONE_STORE_H 1

#include <string>

#include "lib/c-ptr.h"

struct ovsdb_idl_txn;
struct ovsrec_bridge;

namespace ovn {

class CtZoneStore {
public:
    /* Connects to the Open_vSwitch database at 'remote'. */
    explicit CtZoneStore(const std::string &remote);

    /* Runs the IDL and opens a transaction, unless the previous one is
     * still in flight.  Once per main-loop iteration, before bridge() and
     * txn(). */
    void run();
    /* Commits the transaction that run() opened and arranges for
     * poll_block() to wake when the IDL has work.  Returns false if the
     * previous transaction failed (its writes are to be done again). */
    bool commit_and_wait();

    /* The bridge named 'name', once the IDL has the database's contents
     * (null before, or if there is none). */
    const ovsrec_bridge *bridge(const std::string &name) const;
    /* The transaction that run() opened, or null. */
    ovsdb_idl_txn *txn() const { return txn_; }

private:
    ovs::IdlLoopPtr loop_;
    ovsdb_idl_txn *txn_ = nullptr;
};

}  // namespace ovn

#endif  /* ovn/controller/ct-zone-store.h */
