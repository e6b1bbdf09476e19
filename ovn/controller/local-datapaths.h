/* local-datapaths: the logical datapaths this chassis has flows for.
 *
 * A datapath is local when a port of it is bound here (binding.h's
 * Bindings::local_datapaths(), the "roots"), or when a patch port joins it
 * to a local datapath: the set is the closure of the roots over the patch
 * ports' peers (options:peer), as in OVN 23.03, so that a router reached
 * through a switch with a VIF here is local, and so are the other switches
 * behind that router.  It stops being local once the last path to it goes.
 *
 * The set is kept up to date from the tracked changes, touching only what
 * the change reaches: a root or a patch port that appears extends it from
 * there; a root, a patch port or a datapath that goes (or a patch port
 * that changes its peer) looks again at the part of the set joined to it
 * by patch ports, which stays local as far as a root in it still reaches
 * and goes otherwise.  Only a reconnection, a new chassis or br-int, or
 * a missing peer that appears without naming its port back computes the
 * set again from the roots (coverage counter local_datapaths_full).  A
 * change to any other row costs nothing.
 *
 * Physical flows, conntrack zones, the Southbound monitor conditions and
 * the logical flows are computed for these datapaths.  Owned by the main
 * loop; anyone may read it. */
#ifndef OVN_CONTROLLER_LOCAL_DATAPATHS_H
#define OVN_CONTROLLER_LOCAL_DATAPATHS_H 1

#include <map>
#include <set>
#include <string>
#include <vector>

#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

namespace ovn {

/* The peer of patch port 'pb' (options:peer) if it exists and has a
 * datapath, otherwise null. */
sb::PortBinding patch_peer(const sb::Indexes *ix, sb::PortBinding pb);

/* Whether 'pb' is a patch port whose peer's datapath is to be local
 * whenever its own is. */
bool patch_joins_peer(sb::PortBinding pb);

class LocalDatapaths {
public:
    /* What changed since the last run, as the IDLs tracked it. */
    struct Changes {
        /* Port_Bindings that are new, deleted or changed. */
        std::vector<sb::PortBinding> port_bindings;
        /* Datapath_Bindings that are new or deleted. */
        std::vector<sb::DatapathBinding> datapaths;
    };

    /* Computes the set again from 'roots', the datapaths with a port bound
     * here: the first run, and after the rows may all have changed. */
    void run(const sb::Indexes *ix,
             const std::map<ovs::Uuid, sb::DatapathBinding> &roots);

    /* Brings the set up to date after 'changes', 'roots' being the roots
     * now.  Costs nothing unless a root or a patch port changed; a caller
     * that knows the roots to be those of the last run says so with
     * 'roots_changed' false, which spares comparing them. */
    void run_changes(const sb::Indexes *ix,
                     const std::map<ovs::Uuid, sb::DatapathBinding> &roots,
                     const Changes &changes, bool roots_changed = true);

    bool contains(sb::DatapathBinding dp) const;
    bool contains(const ovs::Uuid &dp) const { return datapaths_.count(dp); }
    const std::map<ovs::Uuid, sb::DatapathBinding> &datapaths() const
    {
        return datapaths_;
    }

    /* The localnet ports of the local datapaths, by name: they have
     * conntrack zones, and patch.h's ports to the provider bridges. */
    std::set<std::string> localnet_ports() const;
    /* The localnet port of local datapath 'dp', or null if it has none
     * (the first by name if it has several). */
    sb::PortBinding localnet_port(const sb::Indexes *ix,
                                  sb::DatapathBinding dp) const;

    /* Whether the set, or its localnet ports, changed since the last
     * clear_changes(). */
    bool changed() const { return changed_; }
    void clear_changes() { changed_ = false; }

    /* Bumped by every computation from the roots (for the tests). */
    uint64_t full_runs() const { return full_runs_; }

    /* Bumped whenever a datapath joins or leaves the set (and by every
     * computation from the roots): what a reader built from the set's
     * UUIDs is still right while it stays the same. */
    uint64_t generation() const { return generation_; }

private:
    void compute(const sb::Indexes *ix,
                 const std::map<ovs::Uuid, sb::DatapathBinding> &roots);
    void extend(const sb::Indexes *ix, sb::DatapathBinding dp);
    void add_patch(const sb::Indexes *ix, sb::PortBinding pb,
                   std::vector<sb::DatapathBinding> *todo);
    bool add(sb::DatapathBinding dp);
    std::vector<ovs::Uuid> peer_datapaths(const sb::Indexes *ix,
                                          const ovs::Uuid &dp) const;
    void shrink(const sb::Indexes *ix,
                const std::map<ovs::Uuid, sb::DatapathBinding> &roots,
                const std::set<ovs::Uuid> &from);
    void forget(const ovs::Uuid &dp);

    std::map<ovs::Uuid, sb::DatapathBinding> datapaths_;
    /* The roots as of the last run. */
    std::set<ovs::Uuid> roots_;
    /* A patch port on a local datapath, which the closure went through
     * (or tried to): its datapath and its peer's (zero if the peer was
     * not found), by Port_Binding. */
    struct Patch {
        ovs::Uuid dp;
        ovs::Uuid peer_dp;
    };
    std::map<ovs::Uuid, Patch> patches_;
    /* The peer names that the closure did not find. */
    std::set<std::string> missing_peers_;
    /* The localnet ports on local datapaths: name by Port_Binding. */
    std::map<ovs::Uuid, std::string> localnet_;
    bool changed_ = false;
    uint64_t full_runs_ = 0;
    uint64_t generation_ = 0;
};

}  // namespace ovn

#endif  /* ovn/controller/local-datapaths.h */
