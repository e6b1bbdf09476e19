#include <config.h>

#include "ovn/controller/flow-table.h"

#include <algorithm>
#include <new>
#include <optional>
#include <tuple>

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
COVERAGE_DEFINE(flow_table_conj_appended);

namespace ovn {

/* A desired flow, or a record of a flow the switch holds.  Owned by its
 * FlowKey (through the key's 'flows' list), allocated with its actions as
 * a tail.
 *
 * A flow with an owner is desired.  A flow without one is a record: it
 * stays in its key's list only while the switch holds it ('installed') or
 * the pending diff sent it ('pending').  A desired flow becomes a record
 * when its owner removes it while the switch holds it; a merged
 * conjunction flow is always a record ('merged'), built by the diff from
 * the conjunction-only flows of its key.
 *
 * The controller meter belongs to the flow, not to the key: flows that
 * differ only in their meter compete for the one flow the switch holds for
 * their key.  Most flows have none, so a meter takes 4 bytes of the tail,
 * after the actions, only when there is one ('has_meter'). */
struct DesiredFlow {
    FlowKey *key;
    DesiredFlow *next_in_key;   /* Unordered. */
    FlowOwner *owner;           /* Null for a record. */
    DesiredFlow *next_of_owner;
    DesiredFlow **prev_of_owner; /* What points to this flow in its owner's
                                  * list: unlinking one flow is O(1). */
    uint32_t ofpacts_len : 27;
    uint32_t has_meter : 1;     /* A controller meter follows the actions? */
    uint32_t installed : 1;     /* Is this what the switch holds? */
    uint32_t pending : 1;       /* Sent by the uncommitted diff? */
    uint32_t merged : 1;        /* A merged conjunction flow? */
    uint32_t foreign : 1;       /* A record of a switch flow with timeouts,
                                 * flags or an importance of its own: never
                                 * the same as a flow of ours. */
    uint32_t cookie;
    uint64_t ofpacts[];         /* 'ofpacts_len' bytes of ofpacts, then the
                                 * meter if 'has_meter'. */

    const ofpact *actions() const noexcept
    {
        return reinterpret_cast<const ofpact *>(ofpacts);
    }
    /* The controller meter, 0 for none. */
    uint32_t meter_id() const noexcept
    {
        return has_meter ? meter_tail() : 0;
    }
    size_t tail_len() const noexcept
    {
        return ofpacts_len + (has_meter ? sizeof(uint32_t) : 0);
    }

private:
    uint32_t meter_tail() const noexcept
    {
        uint32_t meter;
        memcpy(&meter, reinterpret_cast<const uint8_t *>(ofpacts)
                       + ofpacts_len, sizeof meter);
        return meter;
    }
};

/* One distinct (table_id, priority, match): one flow on the switch.  Owned
 * by the FlowTable, indexed by FlowTable::keys_, allocated with its
 * miniflow and minimask as a tail (an inline minimatch), which is most of
 * a key's size. */
struct FlowKey {
    minimatch match;            /* Points into 'data'. */
    DesiredFlow *flows;         /* Owned; see DesiredFlow. */
    uint16_t priority;
    uint8_t table_id;
    uint8_t tracked : 1;        /* In FlowTable::tracked_? */
    uint8_t pending : 1;        /* In FlowTable::pending_? */
    uint8_t pending_delete : 1; /* The pending diff deleted the flow. */
    uint32_t hash;              /* In FlowTable::keys_. */
    uint64_t data[];

    DesiredFlow *installed() const noexcept
    {
        for (DesiredFlow *f = flows; f; f = f->next_in_key) {
            if (f->installed) {
                return f;
            }
        }
        return nullptr;
    }
    DesiredFlow *pending_flow() const noexcept
    {
        for (DesiredFlow *f = flows; f; f = f->next_in_key) {
            if (f->pending) {
                return f;
            }
        }
        return nullptr;
    }
};

/* The flows one Southbound row produced for one producer.  Owned by
 * FlowTable::owners_.
 *
 * The flows of an owner on several logical datapaths (a Logical_Flow of a
 * datapath group) are indexed by datapath, so that taking one datapath's
 * away costs its flows, not the owner's.  While every flow of the owner
 * that fixes the metadata fixes the same one ('single_metadata', if it
 * fits in 32 bits), there is no index; once they fix two or more,
 * FlowTable::runs_ holds, sorted by metadata, the first flow of each in
 * 'flows', where the flows that fix one metadata follow each other.  Flows
 * that fix none are anywhere else in the list. */
struct FlowOwner {
    hmap_node node;             /* In FlowTable::owners_. */
    ovs::Uuid uuid;
    FlowProducer producer;
    bool has_metadata : 1;      /* 'single_metadata' is set. */
    bool indexed : 1;           /* In FlowTable::runs_. */
    uint32_t single_metadata;
    DesiredFlow *flows;         /* Not owned: the keys own them. */
};

const char *
flow_producer_name(FlowProducer producer)
{
    switch (producer) {
    case FlowProducer::PHYSICAL: return "physical";
    case FlowProducer::LOGICAL: return "logical";
    }
    return "?";
}

std::string
OwnerRef::to_string() const
{
    return std::string(producer == FlowProducer::LOGICAL ? "logical:" : "")
           + uuid.to_string();
}

namespace {

using OwnerView = ovs::HmapView<FlowOwner, &FlowOwner::node>;

uint32_t
key_hash(uint8_t table_id, uint16_t priority, uint32_t match_hash)
{
    /* 'match_hash' is minimatch_hash(, 0): what a compressed MatchRef
     * brings along. */
    return hash_int((uint32_t(table_id) << 16) | priority, match_hash);
}

uint32_t
owner_hash(FlowProducer producer, const ovs::Uuid &uuid)
{
    return hash_int(uint32_t(producer), uuid.hash());
}

const ofpact *
next_ofpact(const ofpact *a)
{
    return reinterpret_cast<const ofpact *>(
        reinterpret_cast<const uint8_t *>(a) + OFPACT_ALIGN(a->len));
}

/* Does the action list contain a conjunction()? */
bool
has_conjunction(const ofpact *ofpacts, size_t len)
{
    const ofpact *end = reinterpret_cast<const ofpact *>(
        reinterpret_cast<const uint8_t *>(ofpacts) + len);
    for (const ofpact *a = ofpacts; a < end; a = next_ofpact(a)) {
        if (a->type == OFPACT_CONJUNCTION) {
            return true;
        }
    }
    return false;
}

/* Are the actions nothing but conjunction()s (at least one)? */
bool
is_conj_only(const ofpact *ofpacts, size_t len)
{
    if (!len) {
        return false;
    }
    const ofpact *end = reinterpret_cast<const ofpact *>(
        reinterpret_cast<const uint8_t *>(ofpacts) + len);
    for (const ofpact *a = ofpacts; a < end; a = next_ofpact(a)) {
        if (a->type != OFPACT_CONJUNCTION) {
            return false;
        }
    }
    return true;
}

bool
is_conj_only(const DesiredFlow &f)
{
    return is_conj_only(f.actions(), f.ofpacts_len);
}

/* 23.03's precedence among flows with one key: 0 = "allow" (some action,
 * no conjunction), 1 = drop (no action), 2 = with a conjunction. */
int
precedence_class(const DesiredFlow &f)
{
    if (!f.ofpacts_len) {
        return 1;
    }
    return has_conjunction(f.actions(), f.ofpacts_len) ? 2 : 0;
}

/* Does live flow 'a' win its key over live flow 'b'?  Precedence class
 * first, then the smaller owner UUID, then physical before logical, then
 * the smaller controller meter (none first), then the actions' bytes: a
 * total order, so the winner never depends on the order the flows were
 * added in.  The meter decides only between flows of one owner, since one
 * Logical_Flow has one controller meter. */
bool
winner_precedes(const DesiredFlow &a, const DesiredFlow &b)
{
    const int ca = precedence_class(a), cb = precedence_class(b);
    if (ca != cb) {
        return ca < cb;
    }
    if (a.owner->uuid != b.owner->uuid) {
        return a.owner->uuid < b.owner->uuid;
    }
    if (a.owner->producer != b.owner->producer) {
        return a.owner->producer < b.owner->producer;
    }
    if (a.meter_id() != b.meter_id()) {
        return a.meter_id() < b.meter_id();
    }
    if (a.ofpacts_len != b.ofpacts_len) {
        return a.ofpacts_len < b.ofpacts_len;
    }
    return memcmp(a.ofpacts, b.ofpacts, a.ofpacts_len) < 0;
}

/* Are 'a' and 'b' conjunction-only flows that go into one merged switch
 * flow when one of them wins their key?  Both must be live, of one producer
 * and with one controller meter. */
bool
merge_together(const DesiredFlow &a, const DesiredFlow &b)
{
    return a.owner && b.owner && a.owner->producer == b.owner->producer
           && a.meter_id() == b.meter_id() && is_conj_only(a)
           && is_conj_only(b);
}

DesiredFlow *
key_winner(const FlowKey &key)
{
    DesiredFlow *winner = nullptr;
    for (DesiredFlow *f = key.flows; f; f = f->next_in_key) {
        if (f->owner && (!winner || winner_precedes(*f, *winner))) {
            winner = f;
        }
    }
    return winner;
}

using ConjVector = std::vector<ofpact_conjunction>;

void
collect_conjunctions(const ofpact *ofpacts, size_t len, ConjVector *conjs)
{
    const ofpact *end = reinterpret_cast<const ofpact *>(
        reinterpret_cast<const uint8_t *>(ofpacts) + len);
    for (const ofpact *a = ofpacts; a < end; a = next_ofpact(a)) {
        if (a->type == OFPACT_CONJUNCTION) {
            conjs->push_back(*reinterpret_cast<const ofpact_conjunction *>
                             (a));
        }
    }
}

/* Sorts 'conjs' by (id, clause, n_clauses), drops duplicates, and returns
 * them as an action list. */
std::vector<uint64_t>
encode_conjunctions(ConjVector *conjs)
{
    auto key = [](const ofpact_conjunction &c) {
        return std::make_tuple(c.id, c.clause, c.n_clauses);
    };
    std::sort(conjs->begin(), conjs->end(),
              [&](const ofpact_conjunction &a, const ofpact_conjunction &b) {
                  return key(a) < key(b);
              });
    conjs->erase(std::unique(conjs->begin(), conjs->end(),
                             [&](const ofpact_conjunction &a,
                                 const ofpact_conjunction &b) {
                                 return key(a) == key(b);
                             }),
                 conjs->end());
    static_assert(sizeof(ofpact_conjunction) % OFPACT_ALIGNTO == 0, "");
    std::vector<uint64_t> buf(conjs->size() * sizeof(ofpact_conjunction)
                              / sizeof(uint64_t));
    if (!conjs->empty()) {
        memcpy(buf.data(), conjs->data(),
               conjs->size() * sizeof(ofpact_conjunction));
    }
    return buf;
}

/* Adds the new flow's size to 'bytes', the table's running count. */
DesiredFlow *
desired_flow_create(FlowKey &key, FlowOwner *owner, uint32_t meter_id,
                    const void *ofpacts, size_t ofpacts_len, uint32_t cookie,
                    size_t &bytes)
{
    ovs_assert(ofpacts_len < (1u << 27));
    const size_t meter_len = meter_id ? sizeof(uint32_t) : 0;
    void *mem = xmalloc(sizeof(DesiredFlow) + ofpacts_len + meter_len);
    DesiredFlow *f = new (mem) DesiredFlow;
    f->key = &key;
    f->owner = owner;
    f->next_of_owner = nullptr;
    f->prev_of_owner = nullptr;
    f->ofpacts_len = ofpacts_len;
    f->has_meter = meter_id != 0;
    if (meter_id) {
        memcpy(reinterpret_cast<uint8_t *>(f->ofpacts) + ofpacts_len,
               &meter_id, sizeof meter_id);
    }
    f->installed = false;
    f->pending = false;
    f->merged = false;
    f->foreign = false;
    f->cookie = cookie;
    if (ofpacts_len) {
        memcpy(f->ofpacts, ofpacts, ofpacts_len);
    }
    f->next_in_key = key.flows;
    key.flows = f;
    bytes += sizeof(DesiredFlow) + f->tail_len();
    return f;
}

/* Takes the flow's size off 'bytes', the table's running count. */
void
desired_flow_destroy(DesiredFlow *f, size_t &bytes) noexcept
{
    bytes -= sizeof(DesiredFlow) + f->tail_len();
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

/* The metadata that 'f''s match fixes, if it fixes all of it. */
std::optional<uint64_t>
flow_metadata(const DesiredFlow &f) noexcept
{
    uint64_t metadata;
    if (ovs_shim_minimatch_get_metadata(&f.key->match, &metadata)) {
        return metadata;
    }
    return std::nullopt;
}

/* Links 'f' into a list of flows before the flow that '*where' points
 * to. */
void
list_insert(DesiredFlow **where, DesiredFlow &f) noexcept
{
    f.next_of_owner = *where;
    if (*where) {
        (*where)->prev_of_owner = &f.next_of_owner;
    }
    f.prev_of_owner = where;
    *where = &f;
}

void
list_remove(DesiredFlow &f) noexcept
{
    *f.prev_of_owner = f.next_of_owner;
    if (f.next_of_owner) {
        f.next_of_owner->prev_of_owner = f.prev_of_owner;
    }
    f.next_of_owner = nullptr;
    f.prev_of_owner = nullptr;
}

/* An owner's index: (metadata, its first flow), sorted by metadata. */
using MetadataRuns = std::vector<std::pair<uint64_t, DesiredFlow *>>;

/* The order of 'MetadataRuns': by metadata alone. */
bool
run_before(const MetadataRuns::value_type &a,
           const MetadataRuns::value_type &b) noexcept
{
    return a.first < b.first;
}

/* The run of 'metadata' in 'runs', or end(). */
MetadataRuns::iterator
find_run(MetadataRuns &runs, uint64_t metadata) noexcept
{
    auto run = std::lower_bound(runs.begin(), runs.end(),
                                MetadataRuns::value_type(metadata, nullptr),
                                run_before);
    return run != runs.end() && run->first == metadata ? run : runs.end();
}

/* Links 'f' into the list of 'owner', not indexed and whose other flows
 * fix no metadata or the one 'f' fixes, if any. */
void
owner_link_single(FlowOwner &owner, DesiredFlow &f,
                  const std::optional<uint64_t> &metadata) noexcept
{
    if (metadata && !owner.has_metadata) {
        owner.has_metadata = true;
        owner.single_metadata = *metadata;
    }
    list_insert(&owner.flows, f);
}

/* Links 'f' into the list of 'owner', indexed by 'runs': with its flows
 * on the same datapath, if 'f' fixes the metadata. */
void
owner_link_indexed(FlowOwner &owner, MetadataRuns &runs, DesiredFlow &f,
                   const std::optional<uint64_t> &metadata) noexcept
{
    if (!metadata) {
        list_insert(&owner.flows, f);
        return;
    }
    auto run = find_run(runs, *metadata);
    if (run != runs.end()) {
        list_insert(run->second->prev_of_owner, f);
        run->second = &f;
    } else {
        list_insert(&owner.flows, f);
        runs.emplace(std::upper_bound(runs.begin(), runs.end(),
                                      MetadataRuns::value_type(*metadata, &f),
                                      run_before),
                     *metadata, &f);
    }
}

/* Unlinks 'f' from the list of an owner whose index is 'runs'. */
void
unlink_indexed(MetadataRuns &runs, DesiredFlow &f) noexcept
{
    if (const std::optional<uint64_t> metadata = flow_metadata(f)) {
        auto run = find_run(runs, *metadata);
        ovs_assert(run != runs.end());
        if (run->second == &f) {
            DesiredFlow *next = f.next_of_owner;
            if (next && flow_metadata(*next) == metadata) {
                run->second = next;
            } else {
                runs.erase(run);
            }
        }
    }
    list_remove(f);
}

std::string
format_flow(const FlowKey &key, uint32_t meter_id, const ofpact *ofpacts,
            size_t ofpacts_len)
{
    ovs::Ds s;
    s.put_format("table=%d, priority=%d, ", key.table_id, key.priority);
    if (meter_id) {
        s.put_format("meter=%" PRIu32 ", ", meter_id);
    }
    minimatch_format(&key.match, nullptr, nullptr, s.get(),
                     OFP_DEFAULT_PRIORITY);
    s.put(" actions=");
    s.put(ovs::Ofpacts(ofpacts, ofpacts_len).to_string());
    return s.str();
}

std::string
format_owner(const FlowOwner &owner)
{
    return OwnerRef{owner.producer, owner.uuid}.to_string();
}

}  // namespace

FlowTable::FlowTable() = default;

FlowTable::~FlowTable()
{
    for (FlowOwner &o : OwnerView(owners_)) {
        OwnerView(owners_).remove(o);
        delete &o;
    }
    for (FlowKey *key : keys_.elements()) {
        key->tracked = false;
        key->pending = false;
        destroy_key(key);
    }
}

FlowKey *
FlowTable::find_or_create_key(uint8_t table_id, uint16_t priority,
                              const ovs::MatchRef &match, bool create)
{
    /* A full match is compressed into an inline minimatch on the stack
     * (lookups of keys that exist allocate nothing); a compressed one is
     * looked up, and copied into a new key, as it is. */
    uint64_t stub[2048 / sizeof(uint64_t)];
    minimatch built;
    std::unique_ptr<uint64_t[]> heap;
    const minimatch *candidate = match.compressed();
    size_t size;
    uint32_t match_hash;
    if (candidate) {
        size = ovs_shim_minimatch_heap_size(candidate);
        match_hash = match.hash();
    } else {
        const struct match *full = match.full()->get();
        size = ovs_shim_minimatch_inline_try_init(&built, stub, sizeof stub,
                                                  full);
        if (size > sizeof stub) {
            heap.reset(new uint64_t[(size + 7) / 8]);
            ovs_shim_minimatch_inline_init(&built, heap.get(), full);
        }
        candidate = &built;
        match_hash = minimatch_hash(&built, 0);
    }
    /* Frees what a candidate built here holds outside its buffer (its
     * tunnel metadata allocation, if any). */
    auto release_built = [&]() {
        if (candidate == &built) {
            ovs_shim_minimatch_inline_destroy(&built);
        }
    };
    const uint32_t hash = key_hash(table_id, priority, match_hash);

    FlowKey *found = keys_.find(hash, [&](const FlowKey &key) {
        return (key.table_id == table_id && key.priority == priority
                && minimatch_equal(&key.match, candidate));
    });
    if (found) {
        release_built();
        return found;
    }
    if (!create) {
        release_built();
        return nullptr;
    }

    void *mem = xmalloc(sizeof(FlowKey) + size);
    FlowKey *key = new (mem) FlowKey;
    ovs_shim_minimatch_inline_clone(&key->match, key->data, candidate,
                                    size);
    /* The inline minimatch has the same layout as a heap one. */
    entry_bytes_ += sizeof(FlowKey)
                    + ovs_shim_minimatch_heap_size(&key->match);
    release_built();
    key->flows = nullptr;
    key->priority = priority;
    key->table_id = table_id;
    key->tracked = false;
    key->pending = false;
    key->pending_delete = false;
    key->hash = hash;
    keys_.insert(key, hash);
    return key;
}

void
FlowTable::destroy_key(FlowKey *key) noexcept
{
    ovs_assert(!key->tracked && !key->pending);
    while (DesiredFlow *f = key->flows) {
        key->flows = f->next_in_key;
        desired_flow_destroy(f, entry_bytes_);
    }
    keys_.remove(key, key->hash);
    entry_bytes_ -= sizeof(FlowKey)
                    + ovs_shim_minimatch_heap_size(&key->match);
    ovs_shim_minimatch_inline_destroy(&key->match);
    key->~FlowKey();
    free(key);
}

FlowOwner *
FlowTable::find_owner(FlowProducer producer, const ovs::Uuid &uuid) const
{
    hmap *owners = const_cast<hmap *>(owners_.get());
    for (FlowOwner &o : OwnerView(owners).with_hash(owner_hash(producer,
                                                               uuid))) {
        if (o.uuid == uuid && o.producer == producer) {
            return &o;
        }
    }
    return nullptr;
}

FlowOwner *
FlowTable::find_or_create_owner(FlowProducer producer,
                                const ovs::Uuid &uuid)
{
    FlowOwner *owner = find_owner(producer, uuid);
    if (!owner) {
        owner = new FlowOwner;
        owner->uuid = uuid;
        owner->producer = producer;
        owner->has_metadata = false;
        owner->indexed = false;
        owner->single_metadata = 0;
        owner->flows = nullptr;
        OwnerView(owners_).insert(*owner, owner_hash(producer, uuid));
    }
    return owner;
}

void
FlowTable::delete_owner(FlowOwner *owner) noexcept
{
    if (owner->indexed) {
        runs_.erase(owner);
    }
    OwnerView(owners_).remove(*owner);
    delete owner;
}

void
FlowTable::link_to_owner(FlowOwner &owner, DesiredFlow &f)
{
    const std::optional<uint64_t> metadata = flow_metadata(f);
    if (!owner.indexed) {
        if (!metadata
            || (!owner.has_metadata && *metadata <= UINT32_MAX)
            || (owner.has_metadata && *metadata == owner.single_metadata)) {
            owner_link_single(owner, f, metadata);
            return;
        }
        index_owner(owner);
    }
    owner_link_indexed(owner, runs_[&owner], f, metadata);
}

void
FlowTable::unlink_from_owner(FlowOwner &owner, DesiredFlow &f) noexcept
{
    ovs_assert(f.owner == &owner && f.prev_of_owner);
    if (owner.indexed) {
        auto runs = runs_.find(&owner);
        ovs_assert(runs != runs_.end());
        unlink_indexed(runs->second, f);
    } else {
        list_remove(f);
    }
}

/* 'owner''s flows are about to fix a second metadata: gathers those that
 * fix the one they all fixed so far at the head of its list, in the order
 * they had, as the first run of its index. */
void
FlowTable::index_owner(FlowOwner &owner)
{
    std::vector<DesiredFlow *> same;
    for (DesiredFlow *f = owner.flows; f; f = f->next_of_owner) {
        if (flow_metadata(*f)) {
            same.push_back(f);
        }
    }
    for (DesiredFlow *f : same) {
        list_remove(*f);
    }
    for (auto f = same.rbegin(); f != same.rend(); ++f) {
        list_insert(&owner.flows, **f);
    }
    MetadataRuns &runs = runs_[&owner];     /* New, empty. */
    if (!same.empty()) {
        runs.emplace_back(owner.single_metadata, same.front());
    }
    owner.indexed = true;
}

void
FlowTable::track(FlowKey &key) noexcept
{
    if (!key.tracked) {
        key.tracked = true;
        tracked_.push_back(&key);
    }
}

/* Frees record 'f' unless the switch holds it or the pending diff sent
 * it. */
void
FlowTable::release_record(FlowKey &key, DesiredFlow *f) noexcept
{
    if (!f->owner && !f->installed && !f->pending) {
        key_unlink(key, *f);
        desired_flow_destroy(f, entry_bytes_);
    }
}

/* 'f', already out of its owner's list, is no longer desired: it becomes a
 * record, freed unless the switch holds it or is about to. */
void
FlowTable::unlink_desired(DesiredFlow &f) noexcept
{
    FlowKey &key = *f.key;
    f.owner = nullptr;
    f.next_of_owner = nullptr;
    f.prev_of_owner = nullptr;
    n_desired_--;
    release_record(key, &f);
    track(key);
}

void
FlowTable::link_new_flow(FlowKey &key, FlowOwner &owner, uint32_t meter_id,
                         const ofpact *ofpacts, size_t ofpacts_len,
                         uint32_t cookie)
{
    DesiredFlow *f = desired_flow_create(key, &owner, meter_id, ofpacts,
                                         ofpacts_len, cookie, entry_bytes_);
    link_to_owner(owner, *f);
    n_desired_++;
    track(key);
}

AddFlowResult
FlowTable::add_flow(FlowProducer producer, uint8_t table_id,
                    uint16_t priority, uint32_t meter_id,
                    const ovs::MatchRef &match, const ofpact *ofpacts,
                    size_t ofpacts_len, uint32_t cookie,
                    const ovs::Uuid &owner_uuid)
{
    FlowKey *key = find_or_create_key(table_id, priority, match);
    return add_to_key(key, producer, meter_id, ofpacts, ofpacts_len, cookie,
                      owner_uuid);
}

AddFlowResult
FlowTable::add_to_key(FlowKey *key, FlowProducer producer,
                      uint32_t meter_id, const ofpact *ofpacts,
                      size_t ofpacts_len, uint32_t cookie,
                      const ovs::Uuid &owner_uuid)
{
    AddFlowResult result = AddFlowResult::ADDED;

    /* An owner has one desired flow per (key, controller meter), as in
     * 23.03's desired table. */
    FlowOwner *owner = find_owner(producer, owner_uuid);
    for (DesiredFlow *f = key->flows; owner && f; f = f->next_in_key) {
        if (f->owner != owner || f->meter_id() != meter_id) {
            continue;
        }
        if (f->cookie == cookie
            && ofpacts_equal(f->actions(), f->ofpacts_len,
                             ofpacts, ofpacts_len)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
            COVERAGE_INC(flow_table_duplicate);
            if (!VLOG_DROP_DBG(&rl)) {
                VLOG_DBG("dropping duplicate flow for owner %s: %s",
                         format_owner(*owner).c_str(),
                         format_flow(*key, meter_id, ofpacts,
                                     ofpacts_len).c_str());
            }
            return AddFlowResult::DUPLICATE;
        }

        /* The caller should have removed the owner's flows first. */
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        COVERAGE_INC(flow_table_replaced);
        if (!VLOG_DROP_WARN(&rl)) {
            VLOG_WARN("owner %s re-added a flow with new actions, replacing "
                      "the old ones: %s", format_owner(*owner).c_str(),
                      format_flow(*key, meter_id, ofpacts,
                                  ofpacts_len).c_str());
        }
        unlink_from_owner(*owner, *f);
        unlink_desired(*f);
        result = AddFlowResult::REPLACED;
        break;
    }

    if (!owner) {
        owner = find_or_create_owner(producer, owner_uuid);
    }
    link_new_flow(*key, *owner, meter_id, ofpacts, ofpacts_len, cookie);
    return result;
}

AddFlowResult
FlowTable::add_or_append_conj_flow(FlowProducer producer, uint8_t table_id,
                                   uint16_t priority, uint32_t meter_id,
                                   const ovs::MatchRef &match,
                                   const ofpact *ofpacts,
                                   size_t ofpacts_len, uint32_t cookie,
                                   const ovs::Uuid &owner_uuid)
{
    if (!is_conj_only(ofpacts, ofpacts_len)) {
        return add_flow(producer, table_id, priority, meter_id, match,
                        ofpacts, ofpacts_len, cookie, owner_uuid);
    }

    FlowKey *key = find_or_create_key(table_id, priority, match);
    FlowOwner *owner = find_owner(producer, owner_uuid);
    DesiredFlow *mine = nullptr;
    for (DesiredFlow *f = key->flows; owner && f; f = f->next_in_key) {
        if (f->owner == owner && f->meter_id() == meter_id) {
            mine = f;
            break;
        }
    }
    if (!mine || !is_conj_only(*mine)) {
        /* The key is found already: no second lookup. */
        return add_to_key(key, producer, meter_id, ofpacts, ofpacts_len,
                          cookie, owner_uuid);
    }

    ConjVector conjs;
    collect_conjunctions(mine->actions(), mine->ofpacts_len, &conjs);
    collect_conjunctions(ofpacts, ofpacts_len, &conjs);
    const std::vector<uint64_t> merged = encode_conjunctions(&conjs);
    const size_t merged_len = merged.size() * sizeof(uint64_t);
    if (merged_len == mine->ofpacts_len
        && !memcmp(merged.data(), mine->ofpacts, merged_len)) {
        COVERAGE_INC(flow_table_duplicate);
        return AddFlowResult::DUPLICATE;
    }

    COVERAGE_INC(flow_table_conj_appended);
    const uint32_t old_cookie = mine->cookie;
    unlink_from_owner(*owner, *mine);
    unlink_desired(*mine);
    link_new_flow(*key, *owner, meter_id,
                  reinterpret_cast<const ofpact *>(merged.data()),
                  merged_len, old_cookie);
    return AddFlowResult::APPENDED;
}

size_t
FlowTable::remove_flows(FlowProducer producer, const ovs::Uuid &owner_uuid)
{
    FlowOwner *owner = find_owner(producer, owner_uuid);
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
    delete_owner(owner);
    return n;
}

size_t
FlowTable::remove_flow(FlowProducer producer, uint8_t table_id,
                       uint16_t priority, const ovs::MatchRef &match,
                       const ovs::Uuid &owner_uuid)
{
    FlowOwner *owner = find_owner(producer, owner_uuid);
    FlowKey *key = owner ? find_or_create_key(table_id, priority, match,
                                              false)
                         : nullptr;
    if (!key) {
        return 0;
    }

    size_t n = 0;
    DesiredFlow *next;
    for (DesiredFlow *f = key->flows; f; f = next) {
        /* unlink_desired() may free 'f' and unlink it from the key. */
        next = f->next_in_key;
        if (f->owner == owner) {
            unlink_from_owner(*owner, *f);
            unlink_desired(*f);
            n++;
        }
    }
    if (!owner->flows) {
        delete_owner(owner);
    }
    return n;
}

size_t
FlowTable::remove_flows_with_metadata(FlowProducer producer,
                                      const ovs::Uuid &owner_uuid,
                                      uint64_t metadata)
{
    FlowOwner *owner = find_owner(producer, owner_uuid);
    if (!owner) {
        return 0;
    }

    size_t n = 0;
    DesiredFlow *next;
    if (owner->indexed) {
        /* The datapath's flows only: its run. */
        MetadataRuns &runs = runs_.at(owner);
        auto run = find_run(runs, metadata);
        DesiredFlow *f = run != runs.end() ? run->second : nullptr;
        if (f) {
            runs.erase(run);
        }
        for (; f && flow_metadata(*f) == metadata; f = next) {
            /* unlink_desired() may free 'f'. */
            next = f->next_of_owner;
            list_remove(*f);
            unlink_desired(*f);
            n++;
        }
    } else if (owner->has_metadata && owner->single_metadata == metadata) {
        for (DesiredFlow *f = owner->flows; f; f = next) {
            /* unlink_desired() may free 'f'. */
            next = f->next_of_owner;
            if (ovs_shim_minimatch_has_metadata(&f->key->match, metadata)) {
                list_remove(*f);
                unlink_desired(*f);
                n++;
            }
        }
    }
    if (!owner->flows) {
        delete_owner(owner);
    }
    return n;
}

std::set<ovs::Uuid>
FlowTable::flood_remove_flows(FlowProducer producer,
                              const std::set<ovs::Uuid> &owners)
{
    std::set<ovs::Uuid> removed(owners);
    std::vector<ovs::Uuid> queue(owners.begin(), owners.end());
    while (!queue.empty()) {
        const ovs::Uuid uuid = queue.back();
        queue.pop_back();
        FlowOwner *owner = find_owner(producer, uuid);
        if (!owner) {
            continue;
        }
        for (DesiredFlow *f = owner->flows; f; f = f->next_of_owner) {
            if (!is_conj_only(*f)) {
                continue;
            }
            /* Every conjunction-only flow of the key that merges with 'f'
             * goes into one switch flow: their owners share it. */
            for (DesiredFlow *g = f->key->flows; g; g = g->next_in_key) {
                if (g->owner != owner && merge_together(*f, *g)
                    && removed.insert(g->owner->uuid).second) {
                    queue.push_back(g->owner->uuid);
                }
            }
        }
    }
    for (const ovs::Uuid &uuid : removed) {
        remove_flows(producer, uuid);
    }
    return removed;
}

void
FlowTable::clear()
{
    for (FlowOwner &o : OwnerView(owners_)) {
        remove_flows(o.producer, o.uuid);
    }
}

void
FlowTable::forget_installed()
{
    abort();
    tracked_.clear();
    for (FlowKey *key : keys_.elements()) {
        key->tracked = false;
        if (DesiredFlow *installed = key->installed()) {
            installed->installed = false;
            release_record(*key, installed);
        }
        if (key->flows) {
            track(*key);
        } else {
            destroy_key(key);
        }
    }
    n_installed_ = 0;
}

bool
FlowTable::adopt_installed(uint8_t table_id, uint16_t priority,
                           const ovs::Match &match, const ofpact *ofpacts,
                           size_t ofpacts_len, uint32_t cookie,
                           bool foreign)
{
    ovs_assert(pending_.empty());
    FlowKey *key = find_or_create_key(table_id, priority, match);
    if (key->installed()) {
        return false;
    }
    DesiredFlow *f = desired_flow_create(*key, nullptr, 0, ofpacts,
                                         ofpacts_len, cookie, entry_bytes_);
    f->installed = true;
    f->foreign = foreign;
    n_installed_++;
    track(*key);
    return true;
}

/* Diffs one tracked key (begin_diff()): emits the change its installed
 * flow needs, if any.  May free 'key'. */
void
FlowTable::diff_key(FlowKey *key, DesiredFlow *winner,
                    const std::function<bool(const FlowChange &)> &emit)
{
    key->tracked = false;
    DesiredFlow *installed = key->installed();

    FlowChange change{};
    change.table_id = key->table_id;
    change.priority = key->priority;
    change.match = &key->match;

    if (!winner) {
        if (!installed) {
            /* Added and removed between two diffs. */
            ovs_assert(!key->flows);
            destroy_key(key);
        } else {
            /* Only the record is left: the switch must forget the
             * flow. */
            change.command = FlowChange::DELETE;
            if (emit(change)) {
                key->pending = true;
                key->pending_delete = true;
                pending_.push_back(key);
            }
        }
        return;
    }

    /* The conjunction-only flows of the winner's producer and meter all
     * go into one flow. */
    std::vector<uint64_t> merged;
    bool merge = false;
    if (is_conj_only(*winner)) {
        ConjVector conjs;
        size_t n = 0;
        for (DesiredFlow *f = key->flows; f; f = f->next_in_key) {
            if (merge_together(*winner, *f)) {
                collect_conjunctions(f->actions(), f->ofpacts_len,
                                     &conjs);
                n++;
            }
        }
        if (n > 1) {
            merge = true;
            merged = encode_conjunctions(&conjs);
        }
    }
    const void *actions = merge ? static_cast<const void *>(merged.data())
                                : winner->ofpacts;
    const size_t actions_len = merge ? merged.size() * sizeof(uint64_t)
                                     : winner->ofpacts_len;
    const uint32_t cookie = winner->cookie;
    const uint32_t meter_id = winner->meter_id();
    change.meter_id = meter_id;

    /* The switch's flow is its cookie and actions; a controller meter
     * that matters is in the actions ("controller(meter_id=N)"), so
     * flows that differ only in their meter are the same on the
     * switch. */
    if (installed && !installed->foreign && installed->cookie == cookie
        && installed->ofpacts_len == actions_len
        && !memcmp(installed->ofpacts, actions, actions_len)) {
        /* The switch has it already.  The record of a plain flow
         * gives way to the desired flow itself. */
        if (!merge && installed != winner) {
            installed->installed = false;
            winner->installed = true;
            release_record(*key, installed);
        }
        return;
    }

    DesiredFlow *flow = winner;
    if (merge) {
        flow = desired_flow_create(*key, nullptr, meter_id, actions,
                                   actions_len, cookie, entry_bytes_);
        flow->merged = true;
    }
    /* OpenFlow 1.1+ MODIFY keeps the old cookie, timeouts and flags, so a
     * new cookie, or a foreign flow, means a new ADD, which replaces the
     * flow in place. */
    change.command = (!installed || installed->foreign
                      || installed->cookie != cookie
                      ? FlowChange::ADD : FlowChange::MODIFY);
    change.ofpacts = flow->actions();
    change.ofpacts_len = flow->ofpacts_len;
    change.cookie = cookie;
    change.owner = winner->owner->uuid;
    change.key = key;
    change.flow = flow;
    if (emit(change)) {
        flow->pending = true;
        key->pending = true;
        pending_.push_back(key);
    } else {
        release_record(*key, flow);
    }
}

void
FlowTable::begin_diff(const std::function<bool(const FlowChange &)> &emit)
{
    ovs_assert(pending_.empty());
    /* Deletes first, then the rest; a diffed key's slot is cleared, since
     * diffing may free it. */
    for (FlowKey *&key : tracked_) {
        if (!key_winner(*key)) {
            diff_key(key, nullptr, emit);
            key = nullptr;
        }
    }
    for (FlowKey *key : tracked_) {
        if (key) {
            diff_key(key, key_winner(*key), emit);
        }
    }

    tracked_.clear();
    if (tracked_.capacity() > 4096) {
        /* Give back the memory of a full reinstall. */
        tracked_.shrink_to_fit();
    }
}

void
FlowTable::commit()
{
    for (FlowKey *key : pending_) {
        key->pending = false;
        DesiredFlow *installed = key->installed();
        if (key->pending_delete) {
            key->pending_delete = false;
            if (installed) {
                installed->installed = false;
                release_record(*key, installed);
                n_installed_--;
            }
        } else if (DesiredFlow *flow = key->pending_flow()) {
            flow->pending = false;
            flow->installed = true;
            if (installed) {
                installed->installed = false;
                release_record(*key, installed);
            } else {
                n_installed_++;
            }
        }
        if (!key->flows && !key->tracked) {
            destroy_key(key);
        }
    }
    pending_.clear();
    if (pending_.capacity() > 4096) {
        pending_.shrink_to_fit();
    }
}

void
FlowTable::abort()
{
    for (FlowKey *key : pending_) {
        key->pending = false;
        key->pending_delete = false;
        if (DesiredFlow *flow = key->pending_flow()) {
            flow->pending = false;
            release_record(*key, flow);
        }
        /* Diff it again, against what the switch still holds. */
        track(*key);
    }
    pending_.clear();
}

void
FlowTable::diff(const std::function<void(const FlowChange &)> &emit)
{
    begin_diff([&](const FlowChange &c) {
        emit(c);
        return true;
    });
    commit();
}

std::string
FlowTable::reject(const FlowKey *key_, const DesiredFlow *flow_)
{
    /* Keys and records live until the caller says they may be gone. */
    FlowKey *key = const_cast<FlowKey *>(key_);
    DesiredFlow *flow = const_cast<DesiredFlow *>(flow_);

    std::vector<DesiredFlow *> victims;
    if (flow->owner) {
        victims.push_back(flow);
    } else if (flow->merged) {
        /* Every conjunction-only flow of the winning producer went into
         * it. */
        DesiredFlow *best = nullptr;
        for (DesiredFlow *f = key->flows; f; f = f->next_in_key) {
            if (f->owner && is_conj_only(*f)
                && (!best || winner_precedes(*f, *best))) {
                best = f;
            }
        }
        for (DesiredFlow *f = key->flows; best && f; f = f->next_in_key) {
            if (merge_together(*best, *f)) {
                victims.push_back(f);
            }
        }
    }
    if (victims.empty()) {
        return "";
    }

    std::string description = format_flow(*key, flow->meter_id(),
                                          flow->actions(),
                                          flow->ofpacts_len);
    for (DesiredFlow *f : victims) {
        FlowOwner *owner = f->owner;
        description += " owner=" + format_owner(*owner);
        unlink_from_owner(*owner, *f);
        unlink_desired(*f);
        if (!owner->flows) {
            delete_owner(owner);
        }
    }
    return description;
}

std::string
FlowTable::describe_owners(const FlowKey *key) const
{
    std::vector<std::string> owners;
    for (const DesiredFlow *f = key->flows; f; f = f->next_in_key) {
        if (f->owner) {
            owners.push_back(format_owner(*f->owner));
        }
    }
    std::sort(owners.begin(), owners.end());
    std::string s;
    for (const std::string &o : owners) {
        s += (s.empty() ? "" : " ") + o;
    }
    return s;
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
    s.n_pending = pending_.size();
    return s;
}

size_t
FlowTable::memory_bytes() const noexcept
{
    return keys_.memory_bytes()
           + (owners_.get()->mask + 1) * sizeof(hmap_node *)
           + owners_.size() * sizeof(FlowOwner)
           + runs_.bucket_count() * sizeof(void *)
           + runs_.size() * (sizeof(decltype(runs_)::value_type)
                             + 2 * sizeof(void *))
           + tracked_.capacity() * sizeof(FlowKey *)
           + pending_.capacity() * sizeof(FlowKey *)
           + entry_bytes_;
}

size_t
FlowTable::count_entry_bytes() const noexcept
{
    size_t bytes = 0;
    keys_.for_each([&](const FlowKey &key) {
        bytes += sizeof(FlowKey) + ovs_shim_minimatch_heap_size(&key.match);
        for (const DesiredFlow *f = key.flows; f; f = f->next_in_key) {
            bytes += sizeof(DesiredFlow) + f->tail_len();
        }
    });
    return bytes;
}

std::vector<std::string>
FlowTable::dump_desired() const
{
    std::vector<std::string> lines;
    keys_.for_each([&](const FlowKey &key) {
        for (DesiredFlow *f = key.flows; f; f = f->next_in_key) {
            if (f->owner) {
                lines.push_back(format_flow(key, f->meter_id(),
                                            f->actions(), f->ofpacts_len)
                                + " owner=" + format_owner(*f->owner));
            }
        }
    });
    std::sort(lines.begin(), lines.end());
    return lines;
}

std::vector<std::string>
FlowTable::dump_installed() const
{
    std::vector<std::string> lines;
    keys_.for_each([&](const FlowKey &key) {
        if (DesiredFlow *f = key.installed()) {
            ovs::Ds s;
            s.put_format("cookie=0x%" PRIx32 ", ", f->cookie);
            lines.push_back(s.str()
                            + format_flow(key, f->meter_id(),
                                          f->actions(), f->ofpacts_len));
        }
    });
    std::sort(lines.begin(), lines.end());
    return lines;
}

void
FlowTable::for_each_installed(
    const std::function<void(const FlowChange &)> &visit) const
{
    keys_.for_each([&](const FlowKey &key) {
        if (DesiredFlow *f = key.installed()) {
            FlowChange c{};
            c.command = FlowChange::ADD;
            c.table_id = key.table_id;
            c.priority = key.priority;
            c.meter_id = f->meter_id();
            c.match = &key.match;
            c.ofpacts = f->actions();
            c.ofpacts_len = f->ofpacts_len;
            c.cookie = f->cookie;
            c.owner = f->owner ? f->owner->uuid : ovs::Uuid();
            c.key = &key;
            c.flow = f;
            visit(c);
        }
    });
}

}  // namespace ovn
