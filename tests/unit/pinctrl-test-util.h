/* For the unit tests of pinctrl's handlers (ovn/controller/pinctrl-handler.h):
 * packets to and from hex, a dispatch that keeps what a registration adds,
 * and a context that records what a handler sends, resumes and drops and
 * hands it the snapshots a test sets, as if the main thread had published
 * them. */
#ifndef TESTS_UNIT_PINCTRL_TEST_UTIL_H
#define TESTS_UNIT_PINCTRL_TEST_UTIL_H 1

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <typeindex>
#include <vector>

#include "ovn/controller/pinctrl-handler.h"

namespace ovn {

/* "0a0b..." as bytes (a trailing odd digit is ignored). */
inline PacketBytes
packet_from_hex(std::string_view hex)
{
    PacketBytes b;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        b.push_back(uint8_t(std::stoul(std::string(hex.substr(i, 2)),
                                       nullptr, 16)));
    }
    return b;
}

/* 'b' in lower-case hex, two digits a byte. */
inline std::string
packet_to_hex(const PacketBytes &b)
{
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (uint8_t c : b) {
        s += digits[c >> 4];
        s += digits[c & 15];
    }
    return s;
}

/* The handlers a registration adds, by opcode, and its periodic work. */
class FakePinctrlDispatch : public PinctrlDispatch {
public:
    void add(uint32_t opcode, const char *, PinctrlHandler h) override
    {
        handlers[opcode] = std::move(h);
    }
    void add_sb_flush(PinctrlSbFlush) override {}
    void add_periodic(PinctrlPeriodic p) override
    {
        periodic = std::move(p);
    }

    std::map<uint32_t, PinctrlHandler> handlers;
    PinctrlPeriodic periodic;
};

/* What a handler did: the packets it sent (either way) and resumed, its
 * drops with their details, how often it woke the main thread. */
class FakePinctrlContext : public PinctrlContext {
public:
    bool send_packet_out(const PacketBytes &p, const match &,
                         const uint8_t *, size_t) override
    {
        sent.push_back(p);
        return true;
    }
    void send_packet_out_ofpacts(const PacketBytes &p, const ofpbuf &)
        override
    {
        sent.push_back(p);
    }
    void resume(const PinctrlPacketIn &pi, const PacketBytes *p,
                const match *) override
    {
        resumed.push_back(p ? *p : PacketBytes(pi.packet.data,
                                               pi.packet.data
                                               + pi.packet.size));
    }
    void drop(const PinctrlPacketIn &, PinctrlDrop why,
              std::string_view detail) override
    {
        drops.push_back(why);
        details.emplace_back(detail);
    }
    void notify_main() override { n_notified++; }

    /* What snapshot<T>() returns from now on. */
    template <typename T>
    void set_snapshot(std::shared_ptr<const T> s)
    {
        snapshots_[std::type_index(typeid(T))] = std::move(s);
    }

    std::vector<PacketBytes> sent;
    std::vector<PacketBytes> resumed;
    std::vector<PinctrlDrop> drops;
    std::vector<std::string> details;
    int n_notified = 0;

protected:
    std::shared_ptr<const void> get_snapshot(std::type_index type) const
        override
    {
        auto it = snapshots_.find(type);
        return it != snapshots_.end() ? it->second : nullptr;
    }

private:
    std::map<std::type_index, std::shared_ptr<const void>> snapshots_;
};

}  // namespace ovn

#endif  /* tests/unit/pinctrl-test-util.h */
