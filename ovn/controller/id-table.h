/* IdTable<Entry>: the bookkeeping that GroupTable and MeterTable share.
 *
 * An entry is named by its ovs-ofctl text, holds an OpenFlow ID from 1 to
 * a maximum (lowest free first) and the owners that hold it.  Entries
 * changed since the last put are "tracked", for the next put to look at.
 * An entry no owner holds stays, ID and all, until its table forgets it:
 * only the table knows when the switch no longer has it.
 *
 * IdTable owns the entries and their IDs.  What an entry means to the
 * switch (its mod, installed or pending) is the table's: 'Entry' derives
 * from IdEntry and adds it.  Only GroupTable, MeterTable and their tests
 * use this class. */
#ifndef OVN_CONTROLLER_ID_TABLE_H
#define OVN_CONTROLLER_ID_TABLE_H 1

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lib/bitmap-owner.h"
#include "ovn/controller/flow-table.h"

namespace ovn {

struct IdEntry {
    uint32_t id = 0;
    std::string text;
    std::vector<OwnerRef> owners;
    bool tracked = false;
};

template <typename Entry>
class IdTable {
public:
    /* IDs are allocated from 1 to 'max_id', lowest free first. */
    explicit IdTable(uint32_t max_id)
        : max_id_(max_id), ids_(size_t(max_id) + 1)
    {
        /* ID 0 is never allocated. */
        ids_.set(0);
    }
    IdTable(const IdTable &) = delete;
    IdTable &operator=(const IdTable &) = delete;

    uint32_t max_id() const noexcept { return max_id_; }

    Entry *find(const std::string &text) const
    {
        auto it = by_text_.find(text);
        return it == by_text_.end() ? nullptr : it->second.get();
    }

    /* Gives 'entry' (its text set, no entry of the table having the same)
     * the lowest free ID and takes it.  Returns nullptr, dropping 'entry',
     * if no ID is free. */
    Entry *insert(std::unique_ptr<Entry> entry)
    {
        std::optional<size_t> id = ids_.first_zero(1);
        if (!id || *id > max_id_) {
            return nullptr;
        }
        ids_.set(*id);
        entry->id = *id;
        Entry *e = entry.get();
        by_text_.emplace(e->text, std::move(entry));
        return e;
    }

    /* Makes 'owner' hold 'e' (once, however often it asks) and tracks
     * 'e'. */
    void hold(Entry &e, const OwnerRef &owner)
    {
        if (std::find(e.owners.begin(), e.owners.end(), owner)
            == e.owners.end()) {
            e.owners.push_back(owner);
            by_owner_[owner].push_back(&e);
        }
        track(e);
    }

    /* Makes 'owner' release every entry it holds, calling 'released' with
     * each after the owner is gone from it, and tracks them.  Returns how
     * many. */
    template <typename F>
    size_t release(const OwnerRef &owner, F &&released)
    {
        auto it = by_owner_.find(owner);
        if (it == by_owner_.end()) {
            return 0;
        }
        size_t n = it->second.size();
        for (Entry *e : it->second) {
            e->owners.erase(std::find(e->owners.begin(), e->owners.end(),
                                      owner));
            released(*e);
            track(*e);
        }
        by_owner_.erase(it);
        return n;
    }
    size_t release(const OwnerRef &owner)
    {
        return release(owner, [](Entry &) {});
    }

    /* Every owner releases everything. */
    template <typename F>
    void release_all(F &&released)
    {
        while (!by_owner_.empty()) {
            release(by_owner_.begin()->first, released);
        }
    }

    /* Takes 'e' from all its owners at once, and tracks it. */
    void drop_owners(Entry &e)
    {
        for (const OwnerRef &owner : e.owners) {
            auto it = by_owner_.find(owner);
            std::vector<Entry *> &held = it->second;
            held.erase(std::find(held.begin(), held.end(), &e));
            if (held.empty()) {
                by_owner_.erase(it);
            }
        }
        e.owners.clear();
        track(e);
    }

    void track(Entry &e)
    {
        if (!e.tracked) {
            e.tracked = true;
            tracked_.push_back(&e);
        }
    }

    /* The tracked entries, no longer tracked. */
    std::vector<Entry *> take_tracked()
    {
        std::vector<Entry *> tracked;
        tracked.swap(tracked_);
        for (Entry *e : tracked) {
            e->tracked = false;
        }
        return tracked;
    }

    /* Destroys 'e' and frees its ID: the switch no longer has it. */
    void forget(Entry &e)
    {
        if (e.tracked) {
            tracked_.erase(std::find(tracked_.begin(), tracked_.end(), &e));
        }
        ids_.reset(e.id);
        const std::string text = e.text;
        by_text_.erase(text);
    }

    /* Is 'id' allocated (held, or waiting for the switch to lose it)? */
    bool id_in_use(uint32_t id) const noexcept
    {
        return id > 0 && id <= max_id_ && ids_.test(id);
    }

    const std::vector<Entry *> &tracked() const noexcept
    {
        return tracked_;
    }
    bool has_tracked() const noexcept { return !tracked_.empty(); }
    size_t size() const noexcept { return by_text_.size(); }

    template <typename F>
    void for_each(F &&f)
    {
        for (auto &entry : by_text_) {
            f(*entry.second);
        }
    }

    /* Every entry, by ID. */
    std::vector<const Entry *> by_id() const
    {
        std::vector<const Entry *> entries;
        entries.reserve(by_text_.size());
        for (const auto &entry : by_text_) {
            entries.push_back(entry.second.get());
        }
        std::sort(entries.begin(), entries.end(),
                  [](const Entry *a, const Entry *b) { return a->id < b->id; });
        return entries;
    }

private:
    uint32_t max_id_;
    ovs::Bitmap ids_;           /* Bit N set: ID N allocated. */
    std::unordered_map<std::string, std::unique_ptr<Entry>> by_text_;
    std::unordered_map<OwnerRef, std::vector<Entry *>, OwnerRefHash>
        by_owner_;
    std::vector<Entry *> tracked_;
};

}  // namespace ovn

#endif  /* ovn/controller/id-table.h */
