/* MeterTable: ofctrl's OpenFlow meters (for log(meter=...), controller
 * meters and set_meter), shared and reference-counted by owner, with IDs
 * from a bitmap allocator.  It owns the meters and their IDs.
 *
 * A meter is requested as ovs-ofctl text without its ID ("kbps burst
 * stats bands=type=drop rate=100 burst_size=10") on behalf of an owner;
 * the same text always maps to the same meter and ID while any owner holds
 * it.
 *
 * OVS does not take meter mods in bundles, and deleting a meter deletes
 * the flows that use it, so the rules are:
 *   - a new meter's ADD goes out before the put's bundle, so the flows of
 *     the bundle find it;
 *   - a meter no owner holds any more is deleted only in a put after the
 *     one that removed its flows has been acknowledged;
 *   - its ID returns to the pool only once the switch has acknowledged
 *     that DELETE, so the switch never sees one ID stand for two meters.
 *
 * Only ofctrl and its tests use this class. */
#ifndef OVN_CONTROLLER_METER_TABLE_H
#define OVN_CONTROLLER_METER_TABLE_H 1

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/c-ptr.h"
#include "ovn/controller/flow-table.h"
#include "ovn/controller/id-table.h"

namespace ovn {

class MeterTable {
public:
    /* OVN's limit on meter IDs. */
    static constexpr uint32_t DEFAULT_MAX_ID = 65535;

    /* IDs are allocated from 1 to 'max_id', lowest free first. */
    explicit MeterTable(uint32_t max_id = DEFAULT_MAX_ID);
    ~MeterTable();
    MeterTable(const MeterTable &) = delete;
    MeterTable &operator=(const MeterTable &) = delete;

    /* Makes 'owner' hold the meter described by 'text' and returns its ID.
     * Returns nullopt, with a message in '*error', if 'text' does not parse
     * or no ID is free; the table is then unchanged.  'name' is what the
     * owner calls the meter (a Southbound Meter's name, set_meter's
     * "__string: ..."), for list() only: the meter itself is 'text''s,
     * whatever its names. */
    std::optional<uint32_t> add_meter(const OwnerRef &owner,
                                      std::string_view text,
                                      std::string *error,
                                      std::string_view name = {});

    /* Releases every meter 'owner' holds.  Returns how many. */
    size_t remove_owner(const OwnerRef &owner);

    /* Releases every meter of every owner. */
    void clear();

    /* The switch lost every meter: the next put re-adds those in use. */
    void forget_installed();

    /* Put, before the bundle: calls 'emit' with the METER_MOD of each new
     * meter, and of each DELETE that is now safe.  Pending until commit()
     * or abort(). */
    void emit(
        const std::function<void(ovs::OfpbufPtr, bool is_delete)> &emit);
    /* The switch acknowledged the put (its bundle included): added meters
     * are installed, deleted ones forgotten and their IDs free again, and
     * meters released before the put may be deleted by the next one. */
    void commit();
    /* The switch refused the put's bundle (but took its meter mods, which
     * were not in it). */
    void abort();

    /* A METER_MOD that deletes every meter (after a reconnect). */
    static ovs::OfpbufPtr encode_delete_all();

    bool has_changes() const noexcept { return meters_.has_tracked(); }
    size_t size() const noexcept { return meters_.size(); }
    bool id_in_use(uint32_t id) const noexcept
    {
        return meters_.id_in_use(id);
    }

    /* "meter=ID TEXT" per meter, sorted by ID. */
    std::vector<std::string> dump() const;
    /* "NAME: ID" per name an owner gave a meter (its text if none),
     * sorted by name: OVN 23.03's 'meter-table-list'. */
    std::vector<std::string> list() const;

private:
    struct Meter;

    static void forget_names(Meter &, const OwnerRef &);

    IdTable<Meter> meters_;
    std::vector<Meter *> pending_;  /* Sent or released by the put in
                                     * flight. */
};

}  // namespace ovn

#endif  /* ovn/controller/meter-table.h */
