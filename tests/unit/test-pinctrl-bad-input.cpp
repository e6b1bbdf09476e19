/* What pinctrl's put_fdb and bind_vport handlers make of packet-ins that
 * are not what the logical flows send: each is dropped and counted for
 * its reason, and nothing is queued for the Southbound.  (The packet
 * tests with real switches are in tests/pinctrl-ports.at.) */
#include <config.h>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "lib/ovs-internal.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/lib/logical-fields.h"

namespace ovn {
namespace {

/* The handlers that registrations add, by opcode. */
class FakeDispatch : public PinctrlDispatch {
public:
    void add(uint32_t opcode, const char *, PinctrlHandler h) override
    {
        handlers[opcode] = std::move(h);
    }
    void add_sb_flush(PinctrlSbFlush) override {}
    void add_periodic(PinctrlPeriodic) override {}

    std::map<uint32_t, PinctrlHandler> handlers;
};

/* Records what a handler does. */
class FakeContext : public PinctrlContext {
public:
    bool send_packet_out(const PacketBytes &, const match &,
                         const uint8_t *, size_t) override
    {
        n_sent++;
        return true;
    }
    void send_packet_out_ofpacts(const PacketBytes &, const ofpbuf &)
        override
    {
        n_sent++;
    }
    void resume(const PinctrlPacketIn &, const PacketBytes *,
                const match *) override
    {
        n_sent++;
    }
    void drop(const PinctrlPacketIn &, PinctrlDrop why,
              std::string_view) override
    {
        drops.push_back(why);
    }
    void notify_main() override { n_notified++; }

    std::vector<PinctrlDrop> drops;
    int n_sent = 0;
    int n_notified = 0;

protected:
    std::shared_ptr<const void> get_snapshot(std::type_index) const override
    {
        return nullptr;
    }
};

/* A gratuitous ARP from 50:54:00:00:00:01 for 10.0.0.10. */
const uint8_t GARP[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x50, 0x54, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
    0x50, 0x54, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x0a,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x0a,
};

class PinctrlBadInput : public ::testing::Test {
protected:
    PinctrlBadInput()
    {
        pinctrl_register_fdb(dispatch_);
        pinctrl_register_vport(dispatch_);
    }

    /* Runs the handler of 'opcode' on GARP, in datapath 'dp_key' from
     * port 'inport', with 'userdata' after the opcode. */
    void run(uint32_t opcode, uint64_t dp_key, uint32_t inport,
             const std::vector<uint8_t> &userdata = {})
    {
        match md;
        match_init_catchall(&md);
        match_set_metadata(&md, htonll(dp_key));
        match_set_reg(&md, MFF_LOG_INPORT - MFF_REG0, inport);
        PinctrlPacketIn pi{opcode, nullptr, nullptr, &md,
                           PinctrlPacket(GARP, sizeof GARP),
                           userdata.data(), userdata.size()};
        dispatch_.handlers.at(opcode)(ctx, pi);
    }

    FakeContext ctx;

private:
    FakeDispatch dispatch_;
};

TEST_F(PinctrlBadInput, PutFdbLearnsFromAPortOfADatapath)
{
    run(ACTION_OPCODE_PUT_FDB, 1, 2);
    EXPECT_TRUE(ctx.drops.empty());
    EXPECT_EQ(ctx.n_notified, 1);
}

TEST_F(PinctrlBadInput, PutFdbDropsKeysTheFdbTableRefuses)
{
    run(ACTION_OPCODE_PUT_FDB, 0, 2);
    run(ACTION_OPCODE_PUT_FDB, 1, 0);
    run(ACTION_OPCODE_PUT_FDB, 1 << 24, 2);
    run(ACTION_OPCODE_PUT_FDB, 1ull << 32 | 1, 2);
    run(ACTION_OPCODE_PUT_FDB, 1, 1 << 24);
    EXPECT_EQ(ctx.drops, std::vector<PinctrlDrop>(
                             5, PinctrlDrop::BAD_USERDATA));
    EXPECT_EQ(ctx.n_notified, 0);
}

TEST_F(PinctrlBadInput, BindVportQueuesTheParentOfTheVirtualPort)
{
    run(ACTION_OPCODE_BIND_VPORT, 1, 2, {0, 0, 0, 3});
    EXPECT_TRUE(ctx.drops.empty());
    EXPECT_EQ(ctx.n_notified, 1);
}

TEST_F(PinctrlBadInput, BindVportDropsBadKeys)
{
    run(ACTION_OPCODE_BIND_VPORT, 1, 2);                    /* No key. */
    run(ACTION_OPCODE_BIND_VPORT, 1, 2, {0, 0, 3});         /* Short. */
    run(ACTION_OPCODE_BIND_VPORT, 1, 2, {0, 0, 0, 3, 0});   /* Long. */
    run(ACTION_OPCODE_BIND_VPORT, 1, 2, {0, 0, 0, 0});      /* Zero. */
    run(ACTION_OPCODE_BIND_VPORT, 1, 2, {1, 0, 0, 0});      /* > 24 bits. */
    run(ACTION_OPCODE_BIND_VPORT, 0, 2, {0, 0, 0, 3});
    run(ACTION_OPCODE_BIND_VPORT, 1, 0, {0, 0, 0, 3});
    EXPECT_EQ(ctx.drops, std::vector<PinctrlDrop>(
                             7, PinctrlDrop::BAD_USERDATA));
    EXPECT_EQ(ctx.n_notified, 0);
    EXPECT_EQ(ctx.n_sent, 0);
}

}  // namespace
}  // namespace ovn
