/* What pinctrl's Southbound flushes share (ovn/controller/pinctrl-sb.h):
 * PinctrlSbGate, which lets a flush run only when what it reads moved. */
#include <config.h>

#include <gtest/gtest.h>

#include "ovn/controller/pinctrl-sb.h"

namespace ovn {
namespace {

PinctrlSbGate::Inputs
inputs(unsigned int table, const void *chassis, uint64_t handed,
       uint64_t retry_gen = 0)
{
    PinctrlSbGate::Inputs in;
    in.seqnos = {table, 7, 9};
    in.chassis = chassis;
    in.handed = handed;
    in.retry_gen = retry_gen;
    return in;
}

TEST(PinctrlSbGate, OpensOnTheFirstRunThenOnlyWhenAnInputMoves)
{
    int row_a, row_b;
    PinctrlSbGate gate;
    EXPECT_TRUE(gate.open(inputs(1, &row_a, 0)));
    /* Iterations that changed nothing the flush reads. */
    EXPECT_FALSE(gate.open(inputs(1, &row_a, 0)));
    EXPECT_FALSE(gate.open(inputs(1, &row_a, 0)));

    /* Its table (e.g. its own write coming back). */
    EXPECT_TRUE(gate.open(inputs(2, &row_a, 0)));
    EXPECT_FALSE(gate.open(inputs(2, &row_a, 0)));
    /* Another table it reads. */
    PinctrlSbGate::Inputs in = inputs(2, &row_a, 0);
    in.seqnos[2]++;
    EXPECT_TRUE(gate.open(in));
    EXPECT_FALSE(gate.open(in));
    /* Our Chassis row, found or gone. */
    in.chassis = &row_b;
    EXPECT_TRUE(gate.open(in));
    in.chassis = nullptr;
    EXPECT_TRUE(gate.open(in));
    EXPECT_FALSE(gate.open(in));
    /* Something new from the pinctrl thread. */
    in.handed++;
    EXPECT_TRUE(gate.open(in));
    EXPECT_FALSE(gate.open(in));
    /* A failed transaction, whose writes are to be made again. */
    in.retry_gen++;
    EXPECT_TRUE(gate.open(in));
    EXPECT_FALSE(gate.open(in));
}

TEST(PinctrlSbGate, ChassisRowFromTheContextWithoutLookup)
{
    /* A context with its row needs no IDL: the row is handed back. */
    const auto *row = reinterpret_cast<const sbrec_chassis *>(0x1000);
    PinctrlSbContext sbc{nullptr, nullptr, nullptr, "hv1", row};
    EXPECT_EQ(pinctrl_sb_chassis(sbc).get(), row);
    /* Neither name nor row: no chassis. */
    PinctrlSbContext none{nullptr, nullptr, nullptr};
    EXPECT_FALSE(pinctrl_sb_chassis(none));
}

}  // namespace
}  // namespace ovn
