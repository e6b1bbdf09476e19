#include <config.h>

#include "ovn/controller/flow-table.h"

#include <algorithm>
#include <new>

#include "lib/ovs-internal.h"
#include "hash.h"
#include "lib/dynamic-string.h"
#include "lib/shim/flow-shim.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(flow_table);

COVERAGE_DEFINE(flow_table_duplicate);
COVERAGE_DEFINE(flow_table_replaced);

namespace ovn {

/* A desired flow.  Owned by its FlowKey (through the key's 'flows' list),
 * allocated with its actions as a tail.
 *
 * When its owner removes it while the switch still holds it, it stays in
 * its key's list with 'owner' null (a "zombie"), because it is the record of
 * what the switch holds until the next diff() replaces or deletes it. */
struct DesiredFlow {
    FlowKey *key;
    DesiredFlow *next_in_key;   /* Live flows by owner UUID, then zombie. */
    FlowOwner *owner;           /* Null for a zombie. */
    DesiredFlow *next_of_owner;
    uint32_t ofpacts_len;
    bool installed;             /* Is this what the switch holds? */
    uint64_t ofpacts[];         /* 'ofpacts_len' bytes of ofpacts. */

    const ofpact *actions() const noexcept
    {
        return reinterpret_cast<const ofpact *>(ofpacts);
    }
};

/* One distinct (table_id, priority, match).  Owned by FlowTable::keys_,
 * allocated with its miniflow and minimask as a tail (an inline
 * minimatch), which is most of a key's size. */
struct FlowKey {
    hmap_node node;             /* In FlowTable::keys_. */
    minimatch match;            /* Points into 'data'. */
    DesiredFlow *flows;         /* Owned; see DesiredFlow. */
    uint32_t installed_cookie;  /* Valid while a flow is installed. */
    uint16_t priority;
    uint8_t table_id;
    bool tracked;               /* In FlowTable::tracked_? */
    uint64_t data[];

    DesiredFlow *winner() const noexcept
    {
        return flows && flows->owner ? flows : nullptr;
    }
    DesiredFlow *installed() const noexcept
    {
        for (DesiredFlow *f = flows; f; f = f->next_in_key) {
            if (f->installed) {
                return f;
            }
        }
        return nullptr;
    }
};

/* The flows one Southbound row produced.  Owned by FlowTable::owners_. */
struct FlowOwner {
    hmap_node node;             /* In FlowTable::owners_. */
    ovs::Uuid uuid;
    DesiredFlow *flows;         /* Not owned: the keys own them. */
};

namespace {

using KeyView = ovs::HmapView<FlowKey, &FlowKey::node>;
using OwnerView = ovs::HmapView<FlowOwner, &FlowOwner::node>;

uint32_t
key_hash(uint8_t table_id, uint16_t priority, const minimatch &match)
{
    return hash_2words((uint32_t(table_id) << 16) | priority,
                       minimatch_hash(&match, 0));
}

DesiredFlow *
desired_flow_create(FlowKey &key, FlowOwner &owner, const ofpact *ofpacts,
                    size_t ofpacts_len)
{
    void *mem = xmalloc(sizeof(DesiredFlow) + ofpacts_len);
    DesiredFlow *f = new (mem) DesiredFlow;
    f->key = &key;
    f->next_in_key = nullptr;
    f->owner = &owner;
    f->next_of_owner = nullptr;
    f->ofpacts_len = ofpacts_len;
    f->installed = false;
    if (ofpacts_len) {
        memcpy(f->ofpacts, ofpacts, ofpacts_len);
    }
    return f;
}

void
desired_flow_destroy(DesiredFlow *f) noexcept
{
    f->~DesiredFlow();
    free(f);
}

/* Unlinks 'f' from its key's list. */
void
key_unlink(FlowKey &key, DesiredFlow &f) noexcept
{
    for (DesiredFlow **p = &key.flows; *p; p = &(*p)->next_in_key) {
        if (*p == &f) {
            *p = f.next_in_key;
            f.next_in_key = nullptr;
            return;
        }
    }
    OVS_NOT_REACHED();
}

/* Links live flow 'f' into its key's list, in owner UUID order. */
void
key_link_sorted(FlowKey &key, DesiredFlow &f) noexcept
{
    DesiredFlow **p = &key.flows;
    while (*p && (*p)->owner && (*p)->owner->uuid < f.owner->uuid) {
        p = &(*p)->next_in_key;
    }
    f.next_in_key = *p;
    *p = &f;
}

/* Unlinks 'f' from its owner's list. */
void
owner_unlink(FlowOwner &owner, DesiredFlow &f) noexcept
{
    for (DesiredFlow **p = &owner.flows; *p; p = &(*p)->next_of_owner) {
        if (*p == &f) {
            *p = f.next_of_owner;
            f.next_of_owner = nullptr;
            return;
        }
    }
    OVS_NOT_REACHED();
}

/* Keeps 'f', which the switch holds, as its key's zombie. */
void
key_make_zombie(FlowKey &key, DesiredFlow &f) noexcept
{
    f.owner = nullptr;
    f.next_of_owner = nullptr;
    DesiredFlow **p = &key.flows;
    while (*p) {
        p = &(*p)->next_in_key;
    }
    *p = &f;
}

std::string
format_flow(const FlowKey &key, const ofpact *ofpacts, size_t ofpacts_len)
{
    ovs::Ds s;
    s.put_format("table=%d, priority=%d, ", key.table_id, key.priority);
    minimatch_format(&key.match, nullptr, nullptr, s.get(),
                     OFP_DEFAULT_PRIORITY);
    s.put(" actions=");
    s.put(ovs::Ofpacts(ofpacts, ofpacts_len).to_string());
    return s.str();
}

}  // namespace

FlowTable::FlowTable() = default;

FlowTable::~FlowTable()
{
    for (FlowOwner &o : OwnerView(owners_)) {
        OwnerView(owners_).remove(o);
        delete &o;
    }
    for (FlowKey &key : KeyView(keys_)) {
        key.tracked = false;
        destroy_key(&key);
    }
}

FlowKey *
FlowTable::find_or_create_key(uint8_t table_id, uint16_t priority,
                              const ovs::Match &match)
{
    /* Build the candidate's inline minimatch on the stack: lookups of keys
     * that already exist allocate nothing. */
    const size_t size = ovs_shim_minimatch_inline_size(match.get());
    uint64_t stub[2048 / sizeof(uint64_t)];
    std::unique_ptr<uint64_t[]> heap;
    uint64_t *buf = stub;
    if (size > sizeof stub) {
        heap.reset(new uint64_t[(size + 7) / 8]);
        buf = heap.get();
    }
    minimatch candidate;
    ovs_shim_minimatch_inline_init(&candidate, buf, match.get());
    const uint32_t hash = key_hash(table_id, priority, candidate);

    for (FlowKey &key : KeyView(keys_).with_hash(hash)) {
        if (key.table_id == table_id && key.priority == priority
            && minimatch_equal(&key.match, &candidate)) {
            ovs_shim_minimatch_inline_destroy(&candidate);
            return &key;
        }
    }

    void *mem = xmalloc(sizeof(FlowKey) + size);
    FlowKey *key = new (mem) FlowKey;
    ovs_shim_minimatch_inline_clone(&key->match, key->data, &candidate,
                                    size);
    ovs_shim_minimatch_inline_destroy(&candidate);
    key->flows = nullptr;
    key->installed_cookie = 0;
    key->priority = priority;
    key->table_id = table_id;
    key->tracked = false;
    KeyView(keys_).insert(*key, hash);
    return key;
}

void
FlowTable::destroy_key(FlowKey *key) noexcept
{
    ovs_assert(!key->tracked);
    while (DesiredFlow *f = key->flows) {
        key->flows = f->next_in_key;
        desired_flow_destroy(f);
    }
    KeyView(keys_).remove(*key);
    ovs_shim_minimatch_inline_destroy(&key->match);
    key->~FlowKey();
    free(key);
}

FlowOwner *
FlowTable::find_owner(const ovs::Uuid &uuid) const
{
    hmap *owners = const_cast<hmap *>(owners_.get());
    for (FlowOwner &o : OwnerView(owners).with_hash(uuid.hash())) {
        if (o.uuid == uuid) {
            return &o;
        }
    }
    return nullptr;
}

void
FlowTable::track(FlowKey &key) noexcept
{
    if (!key.tracked) {
        key.tracked = true;
        tracked_.push_back(&key);
    }
}

/* Takes live flow 'f' out of its key and its owner's list; frees it unless
 * the switch holds it, in which case it stays as the key's zombie. */
void
FlowTable::unlink_desired(DesiredFlow &f) noexcept
{
    FlowKey &key = *f.key;
    key_unlink(key, f);
    n_desired_--;
    if (f.installed) {
        key_make_zombie(key, f);
    } else {
        desired_flow_destroy(&f);
    }
    track(key);
}

AddFlowResult
FlowTable::add_flow(uint8_t table_id, uint16_t priority,
                    const ovs::Match &match, const ofpact *ofpacts,
                    size_t ofpacts_len, const ovs::Uuid &owner_uuid)
{
    FlowKey *key = find_or_create_key(table_id, priority, match);
    AddFlowResult result = AddFlowResult::ADDED;

    for (DesiredFlow *f = key->winner(); f && f->owner;
         f = f->next_in_key) {
        if (f->owner->uuid != owner_uuid) {
            continue;
        }
        if (ofpacts_equal(f->actions(), f->ofpacts_len,
                          ofpacts, ofpacts_len)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
            COVERAGE_INC(flow_table_duplicate);
            if (!VLOG_DROP_DBG(&rl)) {
                VLOG_DBG("dropping duplicate flow for owner %s: %s",
                         owner_uuid.to_string().c_str(),
                         format_flow(*key, ofpacts, ofpacts_len).c_str());
            }
            return AddFlowResult::DUPLICATE;
        }

        /* The caller should have removed the owner's flows first. */
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        COVERAGE_INC(flow_table_replaced);
        if (!VLOG_DROP_WARN(&rl)) {
            VLOG_WARN("owner %s re-added a flow with new actions, replacing "
                      "the old ones: %s", owner_uuid.to_string().c_str(),
                      format_flow(*key, ofpacts, ofpacts_len).c_str());
        }
        owner_unlink(*f->owner, *f);
        unlink_desired(*f);
        result = AddFlowResult::REPLACED;
        break;
    }

    FlowOwner *owner = find_owner(owner_uuid);
    if (!owner) {
        owner = new FlowOwner;
        owner->uuid = owner_uuid;
        owner->flows = nullptr;
        OwnerView(owners_).insert(*owner, owner_uuid.hash());
    }

    DesiredFlow *f = desired_flow_create(*key, *owner, ofpacts, ofpacts_len);
    key_link_sorted(*key, *f);
    f->next_of_owner = owner->flows;
    owner->flows = f;
    n_desired_++;
    track(*key);
    return result;
}

size_t
FlowTable::remove_flows(const ovs::Uuid &owner_uuid)
{
    FlowOwner *owner = find_owner(owner_uuid);
    if (!owner) {
        return 0;
    }

    size_t n = 0;
    DesiredFlow *next;
    for (DesiredFlow *f = owner->flows; f; f = next) {
        next = f->next_of_owner;
        unlink_desired(*f);
        n++;
    }
    OwnerView(owners_).remove(*owner);
    delete owner;
    return n;
}

void
FlowTable::clear()
{
    for (FlowOwner &o : OwnerView(owners_)) {
        remove_flows(o.uuid);
    }
}

void
FlowTable::forget_installed()
{
    tracked_.clear();
    for (FlowKey &key : KeyView(keys_)) {
        key.tracked = false;
        DesiredFlow *installed = key.installed();
        if (installed) {
            installed->installed = false;
            if (!installed->owner) {
                key_unlink(key, *installed);
                desired_flow_destroy(installed);
            }
        }
        if (key.flows) {
            track(key);
        } else {
            destroy_key(&key);
        }
    }
    n_installed_ = 0;
}

void
FlowTable::diff(const std::function<void(const FlowChange &)> &emit)
{
    for (FlowKey *key : tracked_) {
        key->tracked = false;
        DesiredFlow *winner = key->winner();
        DesiredFlow *installed = key->installed();

        if (winner == installed) {
            if (!winner) {
                /* Added and removed between two diffs. */
                destroy_key(key);
            }
            continue;
        }

        FlowChange change{};
        change.table_id = key->table_id;
        change.priority = key->priority;
        change.match = &key->match;

        if (!winner) {
            /* Only the zombie is left: the switch must forget the flow. */
            change.command = FlowChange::DELETE;
            emit(change);
            n_installed_--;
            destroy_key(key);
            continue;
        }

        const uint32_t cookie = winner->owner->uuid.first_word();
        change.ofpacts = winner->actions();
        change.ofpacts_len = winner->ofpacts_len;
        change.cookie = cookie;
        change.owner = winner->owner->uuid;
        change.key = key;
        if (!installed) {
            change.command = FlowChange::ADD;
            emit(change);
            n_installed_++;
        } else {
            /* Another flow takes over the key.  OpenFlow 1.1+ MODIFY keeps
             * the old cookie, so a new owner means a new ADD, which
             * replaces the flow in place. */
            if (cookie != key->installed_cookie) {
                change.command = FlowChange::ADD;
                emit(change);
            } else if (!ofpacts_equal(installed->actions(),
                                      installed->ofpacts_len,
                                      winner->actions(),
                                      winner->ofpacts_len)) {
                change.command = FlowChange::MODIFY;
                emit(change);
            }
            installed->installed = false;
            if (!installed->owner) {
                key_unlink(*key, *installed);
                desired_flow_destroy(installed);
            }
        }
        winner->installed = true;
        key->installed_cookie = cookie;
    }

    tracked_.clear();
    if (tracked_.capacity() > 4096) {
        /* Give back the memory of a full reinstall. */
        tracked_.shrink_to_fit();
    }
}

std::string
FlowTable::reject(const FlowKey *key_, const ovs::Uuid &owner_uuid)
{
    /* Keys live until diff() or forget_installed() frees them, which the
     * caller guarantees has not happened yet. */
    FlowKey *key = const_cast<FlowKey *>(key_);
    for (DesiredFlow *f = key->winner(); f && f->owner;
         f = f->next_in_key) {
        if (f->owner->uuid == owner_uuid) {
            std::string description = format_flow(*key, f->actions(),
                                                  f->ofpacts_len);
            FlowOwner *owner = f->owner;
            owner_unlink(*owner, *f);
            unlink_desired(*f);
            if (!owner->flows) {
                OwnerView(owners_).remove(*owner);
                delete owner;
            }
            return description;
        }
    }
    return "";
}

FlowTableStats
FlowTable::stats() const noexcept
{
    FlowTableStats s;
    s.n_keys = keys_.size();
    s.n_desired = n_desired_;
    s.n_installed = n_installed_;
    s.n_owners = owners_.size();
    s.n_tracked = tracked_.size();
    return s;
}

size_t
FlowTable::memory_bytes() const noexcept
{
    size_t bytes = (keys_.get()->mask + 1) * sizeof(hmap_node *)
                   + (owners_.get()->mask + 1) * sizeof(hmap_node *)
                   + owners_.size() * sizeof(FlowOwner)
                   + tracked_.capacity() * sizeof(FlowKey *);
    hmap *keys = const_cast<hmap *>(keys_.get());
    for (const FlowKey &key : KeyView(keys)) {
        /* The inline minimatch has the same layout as a heap one. */
        bytes += sizeof(FlowKey) + ovs_shim_minimatch_heap_size(&key.match);
        for (const DesiredFlow *f = key.flows; f; f = f->next_in_key) {
            bytes += sizeof(DesiredFlow) + f->ofpacts_len;
        }
    }
    return bytes;
}

std::vector<std::string>
FlowTable::dump_desired() const
{
    std::vector<std::string> lines;
    hmap *keys = const_cast<hmap *>(keys_.get());
    for (FlowKey &key : KeyView(keys)) {
        for (DesiredFlow *f = key.winner(); f && f->owner;
             f = f->next_in_key) {
            lines.push_back(format_flow(key, f->actions(), f->ofpacts_len)
                            + " owner=" + f->owner->uuid.to_string());
        }
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

std::vector<std::string>
FlowTable::dump_installed() const
{
    std::vector<std::string> lines;
    hmap *keys = const_cast<hmap *>(keys_.get());
    for (FlowKey &key : KeyView(keys)) {
        if (DesiredFlow *f = key.installed()) {
            ovs::Ds s;
            s.put_format("cookie=0x%" PRIx32 ", ", key.installed_cookie);
            lines.push_back(s.str()
                            + format_flow(key, f->actions(),
                                          f->ofpacts_len));
        }
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

void
FlowTable::for_each_installed(
    const std::function<void(const FlowChange &)> &visit) const
{
    hmap *keys = const_cast<hmap *>(keys_.get());
    for (FlowKey &key : KeyView(keys)) {
        if (DesiredFlow *f = key.installed()) {
            FlowChange c{};
            c.command = FlowChange::ADD;
            c.table_id = key.table_id;
            c.priority = key.priority;
            c.match = &key.match;
            c.ofpacts = f->actions();
            c.ofpacts_len = f->ofpacts_len;
            c.cookie = key.installed_cookie;
            c.owner = f->owner ? f->owner->uuid : ovs::Uuid();
            visit(c);
        }
    }
}

}  // namespace ovn
