#include <config.h>

#include "ovn/controller/inc-proc-eng.h"

#include <cinttypes>
#include <cstdio>
#include <set>

#include "lib/ovs-internal.h"
#include "lib/unixctl-server.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "unixctl.h"

VLOG_DEFINE_THIS_MODULE(inc_proc_eng);

COVERAGE_DEFINE(engine_run);
COVERAGE_DEFINE(engine_node_recompute);
COVERAGE_DEFINE(engine_node_compute);
COVERAGE_DEFINE(engine_node_abort);

namespace ovn {

const char *
engine_state_to_string(EngineState state)
{
    switch (state) {
    case EngineState::STALE:
        return "Stale";
    case EngineState::UPDATED:
        return "Updated";
    case EngineState::UNCHANGED:
        return "Unchanged";
    case EngineState::CANCELED:
        return "Canceled";
    }
    return "Unknown";
}

EngineNode::EngineNode(std::string name, RunFn run)
    : name_(std::move(name)), run_(std::move(run))
{
}

void
EngineNode::add_input(EngineNode &input, HandlerFn handler)
{
    inputs_.push_back(Input{&input, std::move(handler)});
}

namespace {

void
topo_sort(EngineNode *node, std::set<EngineNode *> &seen,
          std::vector<EngineNode *> &order,
          const std::function<std::vector<EngineNode *>(EngineNode *)> &ins)
{
    if (!seen.insert(node).second) {
        return;
    }
    for (EngineNode *in : ins(node)) {
        topo_sort(in, seen, order, ins);
    }
    order.push_back(node);
}

}  // namespace

Engine::Engine(EngineNode &root)
{
    std::set<EngineNode *> seen;
    topo_sort(&root, seen, nodes_, [](EngineNode *n) {
        std::vector<EngineNode *> ins;
        for (const EngineNode::Input &in : n->inputs_) {
            ins.push_back(in.node);
        }
        return ins;
    });
}

void
Engine::init_run()
{
    has_run_ = false;
    for (EngineNode *node : nodes_) {
        node->state_ = EngineState::STALE;
    }
}

void
Engine::recompute_node(EngineNode &node, bool recompute_allowed)
{
    if (!recompute_allowed) {
        VLOG_DBG("node %s: recompute canceled", node.name_.c_str());
        node.state_ = EngineState::CANCELED;
        node.stats_.abort++;
        COVERAGE_INC(engine_node_abort);
        return;
    }
    node.state_ = EngineState::UNCHANGED;
    node.recomputing_ = true;
    node.run_(node);
    node.recomputing_ = false;
    node.stats_.recompute++;
    COVERAGE_INC(engine_node_recompute);
}

void
Engine::run_node(EngineNode &node, bool recompute_allowed)
{
    if (node.inputs_.empty()) {
        /* An input node only looks at its source, which is cheap and
         * never needs a transaction. */
        node.state_ = EngineState::UNCHANGED;
        node.run_(node);
        node.stats_.recompute++;
        return;
    }
    for (const EngineNode::Input &in : node.inputs_) {
        if (in.node->state_ == EngineState::CANCELED) {
            node.state_ = EngineState::CANCELED;
            node.stats_.abort++;
            COVERAGE_INC(engine_node_abort);
            return;
        }
    }
    if (force_recompute_) {
        recompute_node(node, recompute_allowed);
        return;
    }

    bool need_compute = false;
    for (const EngineNode::Input &in : node.inputs_) {
        if (in.node->state_ != EngineState::UPDATED) {
            continue;
        }
        if (!in.handler) {
            recompute_node(node, recompute_allowed);
            return;
        }
        need_compute = true;
    }
    node.state_ = EngineState::UNCHANGED;
    if (!need_compute) {
        return;
    }
    for (const EngineNode::Input &in : node.inputs_) {
        if (in.node->state_ == EngineState::UPDATED && !in.handler(node)) {
            VLOG_DBG("node %s: handler for input %s gave up, recomputing",
                     node.name_.c_str(), in.node->name_.c_str());
            recompute_node(node, recompute_allowed);
            return;
        }
    }
    node.stats_.compute++;
    COVERAGE_INC(engine_node_compute);
}

void
Engine::run(bool recompute_allowed)
{
    if (has_run_) {
        return;
    }
    COVERAGE_INC(engine_run);
    canceled_ = false;
    for (EngineNode *node : nodes_) {
        run_node(*node, recompute_allowed);
        if (node->state_ == EngineState::CANCELED) {
            canceled_ = true;
        }
    }
    has_run_ = true;
    /* A canceled run leaves the nodes' data behind their inputs, and the
     * inputs' changes are gone once the caller clears change tracking:
     * recompute everything next time. */
    force_recompute_ = canceled_;
}

std::vector<std::string>
Engine::show_stats(const std::string &node_name, const std::string &stat) const
{
    std::vector<std::string> lines;
    for (const EngineNode *node : nodes_) {
        if (!node_name.empty() && node->name_ != node_name) {
            continue;
        }
        const EngineNode::Stats &s = node->stats_;
        if (!stat.empty()) {
            uint64_t value = stat == "recompute" ? s.recompute
                             : stat == "compute" ? s.compute
                             : s.abort;
            lines.push_back(std::to_string(value));
            continue;
        }
        char buf[128];
        lines.push_back("Node: " + node->name_);
        snprintf(buf, sizeof buf, "- recompute: %12" PRIu64, s.recompute);
        lines.push_back(buf);
        snprintf(buf, sizeof buf, "- compute:   %12" PRIu64, s.compute);
        lines.push_back(buf);
        snprintf(buf, sizeof buf, "- abort:     %12" PRIu64, s.abort);
        lines.push_back(buf);
    }
    return lines;
}

void
Engine::clear_stats()
{
    for (EngineNode *node : nodes_) {
        node->stats_ = EngineNode::Stats();
    }
}

namespace {

void
cmd_show_stats(unixctl_conn *conn, int argc, const char *argv[], void *eng_)
{
    const Engine &eng = *static_cast<const Engine *>(eng_);
    std::string node = argc > 1 ? argv[1] : "";
    std::string stat = argc > 2 ? argv[2] : "";
    if (!stat.empty() && stat != "recompute" && stat != "compute"
        && stat != "abort") {
        unixctl_command_reply_error(conn, "Invalid stat type");
        return;
    }
    std::vector<std::string> lines = eng.show_stats(node, stat);
    if (!node.empty() && lines.empty()) {
        unixctl_command_reply_error(conn, "Invalid node name");
        return;
    }
    ovs::unixctl_reply_lines(conn, lines);
}

void
cmd_clear_stats(unixctl_conn *conn, int, const char *[], void *eng_)
{
    static_cast<Engine *>(eng_)->clear_stats();
    unixctl_command_reply(conn, nullptr);
}

void
cmd_recompute(unixctl_conn *conn, int, const char *[], void *eng_)
{
    VLOG_INFO("User triggered force recompute.");
    static_cast<Engine *>(eng_)->set_force_recompute();
    poll_immediate_wake();
    unixctl_command_reply(conn, nullptr);
}

}  // namespace

void
Engine::register_unixctl_commands()
{
    unixctl_command_register("inc-engine/show-stats", "[NODE [STAT]]", 0, 2,
                             cmd_show_stats, this);
    unixctl_command_register("inc-engine/clear-stats", "", 0, 0,
                             cmd_clear_stats, this);
    unixctl_command_register("inc-engine/recompute", "", 0, 0,
                             cmd_recompute, this);
}

}  // namespace ovn
