#include <config.h>

#include "ovn/controller/lflow-refs.h"

namespace ovn {

LflowRefs::Entry *
LflowRefs::lookup(LflowRefType type, std::string_view name) const
{
    key_.first = type;
    key_.second.assign(name.data(), name.size());
    auto it = by_resource_.find(key_);
    return it != by_resource_.end() ? const_cast<Entry *>(&*it) : nullptr;
}

void
LflowRefs::add(LflowRefType type, std::string_view name,
               const ovs::Uuid &lflow)
{
    Entry *e = lookup(type, name);
    if (!e) {
        e = &*by_resource_.emplace(Resource(type, std::string(name)),
                                   std::set<ovs::Uuid>()).first;
    }
    if (e->second.insert(lflow).second) {
        by_lflow_[lflow].push_back(e);
    }
}

void
LflowRefs::remove_lflow(const ovs::Uuid &lflow)
{
    auto it = by_lflow_.find(lflow);
    if (it == by_lflow_.end()) {
        return;
    }
    for (Entry *e : it->second) {
        e->second.erase(lflow);
        if (e->second.empty()) {
            by_resource_.erase(by_resource_.find(e->first));
        }
    }
    by_lflow_.erase(it);
}

void
LflowRefs::find(LflowRefType type, std::string_view name,
                std::set<ovs::Uuid> *lflows) const
{
    if (const Entry *e = lookup(type, name)) {
        lflows->insert(e->second.begin(), e->second.end());
    }
}

size_t
LflowRefs::count(LflowRefType type, std::string_view name) const
{
    const Entry *e = lookup(type, name);
    return e ? e->second.size() : 0;
}

void
LflowRefs::clear()
{
    by_resource_.clear();
    by_lflow_.clear();
}

}  // namespace ovn
