/* The symbol table (ovn/lib/symtab.h).  Each symbol's definition is data
 * in tests/lflow-compile/symtab.txt; these tests check the builders and
 * the register layout the actions depend on. */
#include <config.h>

#include <gtest/gtest.h>

#include "ovn/lib/logical-fields.h"
#include "ovn/lib/symtab.h"

namespace ovn {
namespace {

TEST(Symtab, LogicalRegistersOverlayTheWideOnes)
{
    const Symtab &t = Symtab::ovn();
    struct {
        const char *name;
        mf_field_id id;
        int ofs, width;
    } cases[] = {
        { "reg0", MFF_XXREG0, 96, 32 }, { "reg3", MFF_XXREG0, 0, 32 },
        { "reg4", MFF_XXREG1, 96, 32 }, { "reg7", MFF_XXREG1, 0, 32 },
        { "reg8", MFF_XREG4, 32, 32 }, { "reg9", MFF_XREG4, 0, 32 },
        { "xreg0", MFF_XXREG0, 64, 64 }, { "xreg1", MFF_XXREG0, 0, 64 },
        { "xreg2", MFF_XXREG1, 64, 64 }, { "xreg3", MFF_XXREG1, 0, 64 },
        { "xreg4", MFF_XREG4, 0, 64 }, { "xxreg1", MFF_XXREG1, 0, 128 },
        { "flags.loopback", MFF_LOG_FLAGS, 0, 1 },
        { "ct.trk", MFF_CT_STATE, 5, 1 },
        { "ct_label.label", MFF_CT_LABEL, 96, 32 },
        { "vlan.vid", MFF_VLAN_TCI, 0, 12 },
    };
    for (const auto &c : cases) {
        const ExprSymbol *s = t.lookup(c.name);
        ASSERT_NE(nullptr, s) << c.name;
        int ofs;
        const mf_field *root = s->root_field(&ofs);
        ASSERT_NE(nullptr, root) << c.name;
        EXPECT_EQ(c.id, root->id) << c.name;
        EXPECT_EQ(c.ofs, ofs) << c.name;
        EXPECT_EQ(c.width, s->width) << c.name;
    }
}

TEST(Symtab, PortNamesAreStringsInTheLogicalPortRegisters)
{
    const ExprSymbol *in = Symtab::ovn().lookup("inport");
    const ExprSymbol *out = Symtab::ovn().lookup("outport");
    ASSERT_TRUE(in && out);
    EXPECT_TRUE(in->is_string());
    EXPECT_EQ(MFF_LOG_INPORT, in->field->id);
    EXPECT_EQ(MFF_LOG_OUTPORT, out->field->id);
    EXPECT_EQ(ExprLevel::NOMINAL, in->level);
    EXPECT_EQ(ExprWrite::ANY, out->rw);
}

TEST(Symtab, PredicateLevelFollowsTheSymbolsItNames)
{
    const Symtab &t = Symtab::ovn();
    EXPECT_EQ(ExprLevel::NOMINAL, t.lookup("ip4")->level);
    EXPECT_EQ(ExprLevel::NOMINAL, t.lookup("tcp")->level);
    EXPECT_EQ(ExprLevel::BOOLEAN, t.lookup("ip4.mcast")->level);
    EXPECT_EQ(ExprLevel::BOOLEAN, t.lookup("ip.first_frag")->level);
}

TEST(Symtab, ConntrackMarksAreWritableOnlyInCtCommit)
{
    const Symtab &t = Symtab::ovn();
    for (const char *name : { "ct_mark", "ct_label", "ct_mark.blocked",
                              "ct_label.label" }) {
        EXPECT_EQ(ExprWrite::CT_COMMIT, t.lookup(name)->rw) << name;
    }
    EXPECT_EQ(ExprWrite::NONE, t.lookup("ct_state")->rw);
    EXPECT_EQ(ExprWrite::NONE, t.lookup("ct.est")->rw);
    EXPECT_EQ(ExprWrite::NONE, t.lookup("ip.frag")->rw);
    EXPECT_EQ(ExprWrite::ANY, t.lookup("reg0")->rw);
}

TEST(Symtab, OnlyTheNominalIntegerFieldsAreCrossproducted)
{
    int n = 0;
    for (const auto &[name, s] : Symtab::ovn().symbols()) {
        if (s->must_crossproduct) {
            n++;
            EXPECT_TRUE(name == "eth.type" || name == "ip.proto"
                        || name == "icmp6.type" || name == "icmp6.code")
                << name;
        }
    }
    EXPECT_EQ(4, n);
}

TEST(Symtab, BuildersRejectDuplicatesAndBadSubfields)
{
    Symtab t;
    ASSERT_NE(nullptr, t.add_field("f", MFF_REG0, "", false));
    EXPECT_EQ(nullptr, t.add_field("f", MFF_REG1, "", false));
    EXPECT_EQ(nullptr, t.add_subfield("s", "", "f[32]"));
    EXPECT_EQ(nullptr, t.add_subfield("s", "", "f[3..2]"));
    EXPECT_EQ(nullptr, t.add_subfield("s", "", "nosuch[1]"));
    EXPECT_EQ(nullptr, t.add_subfield("s", "", "f"));
    ASSERT_NE(nullptr, t.add_field("n", MFF_ETH_TYPE, "", true));
    EXPECT_EQ(nullptr, t.add_subfield("s", "", "n[1]"));
    const ExprSymbol *s = t.add_subfield("s", "f", "f[4..7]");
    ASSERT_NE(nullptr, s);
    EXPECT_EQ(4, s->width);
    EXPECT_EQ(4, s->parent_ofs);
    EXPECT_EQ("f", s->prereqs);
}

TEST(Symtab, EveryDefinitionIsValid)
{
    /* ovn_init_symtab() ignores the builders' null returns, so a bad
     * definition would just leave its symbol out: 23.03 has 125. */
    EXPECT_EQ(125u, Symtab::ovn().symbols().size());
}

}  // namespace
}  // namespace ovn
