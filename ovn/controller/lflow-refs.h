/* lflow-refs: which Southbound resources each Logical_Flow's compilation
 * looked up, found or not, and the reverse: which Logical_Flows a
 * resource's change must recompile (23.03's "objdep").
 *
 * A resource is a (type, name) pair: a port or a multicast group by name
 * (multicast groups as "<datapath key>_<name>", their names being per
 * datapath), an address set, a port group (both names 23.03 tries), a
 * template variable, a meter.  A port is also a PORT_HERE resource where
 * its binding to this chassis, or its relation to it, changes what the
 * compilation gave: a port that the match or actions name, that
 * is_chassis_resident() asks about or that tags:in_out_port names (not
 * one that only a port group gave, whose ports each get or lose their
 * own flows as they come or go).
 *
 * Owned by lflow.cpp. */
#ifndef OVN_CONTROLLER_LFLOW_REFS_H
#define OVN_CONTROLLER_LFLOW_REFS_H 1

#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lib/uuid-value.h"

namespace ovn {

enum class LflowRefType : uint8_t {
    PORT_BINDING,
    PORT_HERE,
    MC_GROUP,
    ADDRESS_SET,
    PORT_GROUP,
    TEMPLATE,
    METER,
};

class LflowRefs {
public:
    /* Records that 'lflow' depends on resource ('type', 'name'). */
    void add(LflowRefType type, std::string_view name,
             const ovs::Uuid &lflow);
    /* Forgets every dependency of 'lflow'. */
    void remove_lflow(const ovs::Uuid &lflow);
    /* The Logical_Flows that depend on ('type', 'name'), added to
     * '*lflows'. */
    void find(LflowRefType type, std::string_view name,
              std::set<ovs::Uuid> *lflows) const;
    /* How many Logical_Flows depend on ('type', 'name'). */
    size_t count(LflowRefType type, std::string_view name) const;
    void clear();
    size_t n_resources() const noexcept { return by_resource_.size(); }

private:
    using Resource = std::pair<LflowRefType, std::string>;
    struct ResourceHash {
        size_t operator()(const Resource &r) const noexcept
        {
            return std::hash<std::string>()(r.second) * 31
                   + static_cast<size_t>(r.first);
        }
    };
    /* Hashed: a compilation records a dependency for every port it looks
     * up, and an ordered map's lookup compared names along a path of a
     * dozen nodes. */
    using ByResource = std::unordered_map<Resource, std::set<ovs::Uuid>,
                                          ResourceHash>;
    using Entry = ByResource::value_type;

    /* The entry of ('type', 'name'), or null; looked up through 'key_',
     * whose string keeps its capacity, so that no lookup allocates. */
    Entry *lookup(LflowRefType type, std::string_view name) const;

    ByResource by_resource_;
    mutable Resource key_;
    /* Each Logical_Flow's resources, as entries of 'by_resource_' (whose
     * elements stay where they are when it rehashes): an entry goes only
     * once no Logical_Flow depends on it, so these stay valid, and
     * recording a dependency copies no name. */
    std::unordered_map<ovs::Uuid, std::vector<Entry *>> by_lflow_;
};

}  // namespace ovn

#endif  /* ovn/controller/lflow-refs.h */
