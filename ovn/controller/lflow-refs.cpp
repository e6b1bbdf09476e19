#include <config.h>

#include "ovn/controller/lflow-refs.h"

namespace ovn {

void
LflowRefs::add(LflowRefType type, std::string_view name,
               const ovs::Uuid &lflow)
{
    auto it = by_resource_.find(std::make_pair(type, name));
    if (it == by_resource_.end()) {
        it = by_resource_.emplace(Resource(type, std::string(name)),
                                  std::set<ovs::Uuid>()).first;
    }
    if (it->second.insert(lflow).second) {
        by_lflow_[lflow].push_back(it);
    }
}

void
LflowRefs::remove_lflow(const ovs::Uuid &lflow)
{
    auto it = by_lflow_.find(lflow);
    if (it == by_lflow_.end()) {
        return;
    }
    for (ByResource::iterator res : it->second) {
        res->second.erase(lflow);
        if (res->second.empty()) {
            by_resource_.erase(res);
        }
    }
    by_lflow_.erase(it);
}

void
LflowRefs::find(LflowRefType type, std::string_view name,
                std::set<ovs::Uuid> *lflows) const
{
    auto it = by_resource_.find(std::make_pair(type, name));
    if (it != by_resource_.end()) {
        lflows->insert(it->second.begin(), it->second.end());
    }
}

size_t
LflowRefs::count(LflowRefType type, std::string_view name) const
{
    auto it = by_resource_.find(std::make_pair(type, name));
    return it == by_resource_.end() ? 0 : it->second.size();
}

void
LflowRefs::clear()
{
    by_resource_.clear();
    by_lflow_.clear();
}

}  // namespace ovn
