/* ovn/controller/inc-proc-eng: change handlers, fallback to recompute,
 * one run per iteration, canceling, statistics. */
#include <config.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ovn/controller/inc-proc-eng.h"

namespace {

using ovn::Engine;
using ovn::EngineNode;
using ovn::EngineState;

/* in_a -> mid (handler) -> root; in_b -> root (no handler). */
struct Graph {
    bool a_changed = false;
    bool b_changed = false;
    bool handler_copes = true;
    std::vector<std::string> log;

    EngineNode in_a{"in_a", [this](EngineNode &n) {
        if (a_changed) {
            n.set_updated();
        }
    }};
    EngineNode in_b{"in_b", [this](EngineNode &n) {
        if (b_changed) {
            n.set_updated();
        }
    }};
    EngineNode mid{"mid", [this](EngineNode &n) {
        log.push_back("mid:recompute");
        n.set_updated();
    }};
    EngineNode root{"root", [this](EngineNode &) {
        log.push_back("root:recompute");
    }};

    Graph()
    {
        mid.add_input(in_a, [this](EngineNode &n) {
            log.push_back("mid:handle_a");
            if (handler_copes) {
                n.set_updated();
            }
            return handler_copes;
        });
        root.add_input(mid, [this](EngineNode &) {
            log.push_back("root:handle_mid");
            return true;
        });
        root.add_input(in_b);
    }

    void
    iterate(Engine &eng, bool recompute_allowed = true)
    {
        log.clear();
        eng.init_run();
        eng.run(recompute_allowed);
        a_changed = b_changed = false;
    }
};

TEST(IncProcEng, FirstRunRecomputesEveryNode)
{
    Graph g;
    Engine eng(g.root);
    g.iterate(eng);
    EXPECT_EQ(g.log, (std::vector<std::string>{"mid:recompute",
                                               "root:recompute"}));
    EXPECT_EQ(g.root.stats().recompute, 1u);
    EXPECT_EQ(g.mid.stats().recompute, 1u);
}

TEST(IncProcEng, NoChangeRunsNothing)
{
    Graph g;
    Engine eng(g.root);
    g.iterate(eng);
    g.iterate(eng);
    EXPECT_TRUE(g.log.empty());
    EXPECT_EQ(g.root.state(), EngineState::UNCHANGED);
}

TEST(IncProcEng, HandledChangeDoesNotRecompute)
{
    Graph g;
    Engine eng(g.root);
    g.iterate(eng);
    g.a_changed = true;
    g.iterate(eng);
    EXPECT_EQ(g.log, (std::vector<std::string>{"mid:handle_a",
                                               "root:handle_mid"}));
    EXPECT_EQ(g.mid.stats().recompute, 1u);
    EXPECT_EQ(g.mid.stats().compute, 1u);
    EXPECT_EQ(g.root.stats().compute, 1u);
    EXPECT_EQ(g.root.stats().recompute, 1u);
}

TEST(IncProcEng, HandlerThatGivesUpFallsBackToRecompute)
{
    Graph g;
    Engine eng(g.root);
    g.iterate(eng);
    g.a_changed = true;
    g.handler_copes = false;
    g.iterate(eng);
    EXPECT_EQ(g.log, (std::vector<std::string>{"mid:handle_a",
                                               "mid:recompute",
                                               "root:handle_mid"}));
    EXPECT_EQ(g.mid.stats().recompute, 2u);
}

TEST(IncProcEng, InputWithoutHandlerRecomputes)
{
    Graph g;
    Engine eng(g.root);
    g.iterate(eng);
    g.b_changed = true;
    g.iterate(eng);
    EXPECT_EQ(g.log, (std::vector<std::string>{"root:recompute"}));
}

TEST(IncProcEng, AtMostOneRunPerIteration)
{
    Graph g;
    Engine eng(g.root);
    g.iterate(eng);
    g.b_changed = true;
    eng.init_run();
    eng.run(true);
    eng.run(true);
    EXPECT_TRUE(eng.has_run());
    EXPECT_EQ(g.root.stats().recompute, 2u);
}

TEST(IncProcEng, RecomputeWithoutTransactionIsCanceledThenForced)
{
    Graph g;
    Engine eng(g.root);
    g.iterate(eng);
    g.b_changed = true;
    g.iterate(eng, false);
    EXPECT_TRUE(g.log.empty());
    EXPECT_TRUE(eng.canceled());
    EXPECT_EQ(g.root.state(), EngineState::CANCELED);
    EXPECT_EQ(g.root.stats().abort, 1u);

    /* The change is gone from the inputs by now; the next run recomputes
     * everything instead. */
    g.iterate(eng);
    EXPECT_FALSE(eng.canceled());
    EXPECT_EQ(g.log, (std::vector<std::string>{"mid:recompute",
                                               "root:recompute"}));
}

TEST(IncProcEng, HandledChangeIsNotCanceledWithoutTransaction)
{
    Graph g;
    Engine eng(g.root);
    g.iterate(eng);
    g.a_changed = true;
    g.iterate(eng, false);
    EXPECT_FALSE(eng.canceled());
    EXPECT_EQ(g.root.stats().compute, 1u);
}

TEST(IncProcEng, ShowAndClearStats)
{
    Graph g;
    Engine eng(g.root);
    g.iterate(eng);
    EXPECT_EQ(eng.show_stats("root", "recompute"),
              (std::vector<std::string>{"1"}));
    EXPECT_EQ(eng.show_stats("mid", ""),
              (std::vector<std::string>{"Node: mid",
                                        "- recompute:            1",
                                        "- compute:              0",
                                        "- abort:                0"}));
    EXPECT_TRUE(eng.show_stats("nonexistent", "").empty());
    eng.clear_stats();
    EXPECT_EQ(eng.show_stats("root", "recompute"),
              (std::vector<std::string>{"0"}));
}

TEST(IncProcEng, ForcedRecomputeRecomputesEveryNode)
{
    Graph g;
    Engine eng(g.root);
    g.iterate(eng);
    eng.set_force_recompute();
    g.iterate(eng);
    EXPECT_EQ(g.log, (std::vector<std::string>{"mid:recompute",
                                               "root:recompute"}));
}

}  // namespace
