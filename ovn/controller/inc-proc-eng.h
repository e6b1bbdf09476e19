/* inc-proc-eng: ovn-controller's incremental processing engine, with
 * upstream's model and unixctl names.
 *
 * The computation is a graph of nodes.  An input node (no inputs of its
 * own) looks at one source (a Southbound table's tracked changes, br-int's
 * tables, ...) and says whether it changed.  Every other node keeps data
 * computed from its inputs, and has, per input, an optional change
 * handler: when that input changed, the handler updates the node's data
 * incrementally and returns true, or returns false when it cannot cope.
 * A node recomputes (its 'run' function) when an input without a handler
 * changed, when a handler gave up, or when a full recompute was asked for.
 *
 * Engine::run() visits the nodes once, inputs before the nodes that use
 * them, and at most once per main-loop iteration (Engine::init_run()
 * starts one).  A run that is not allowed to recompute (the caller has no
 * Southbound transaction for the writes a recompute may need) cancels the
 * nodes that would recompute, and those that depend on them; the caller
 * then asks for a run again on the next iteration, with a full recompute
 * of what was canceled.
 *
 * The nodes' data belong to their owners (the modules); the engine owns
 * only the graph, each node's state for the current run and its
 * statistics.  Owned by the main loop; nothing here throws. */
#ifndef OVN_CONTROLLER_INC_PROC_ENG_H
#define OVN_CONTROLLER_INC_PROC_ENG_H 1

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

struct unixctl_conn;

namespace ovn {

enum class EngineState {
    STALE,          /* Not visited in this run yet. */
    UPDATED,        /* Its data changed in this run. */
    UNCHANGED,      /* Visited; its data did not change. */
    CANCELED,       /* Needed a recompute that was not allowed. */
};

const char *engine_state_to_string(EngineState);

class EngineNode {
public:
    /* Recomputes the node's data from all of its inputs (for an input
     * node: looks at its source).  Calls set_updated() if the data
     * changed. */
    using RunFn = std::function<void(EngineNode &)>;
    /* Handles a change of one input; false: recompute instead. */
    using HandlerFn = std::function<bool(EngineNode &)>;

    EngineNode(std::string name, RunFn run);
    EngineNode(const EngineNode &) = delete;
    EngineNode &operator=(const EngineNode &) = delete;

    /* Makes 'input' an input of this node, with 'handler' for its
     * changes (none: any change recomputes this node). */
    void add_input(EngineNode &input, HandlerFn handler = nullptr);

    const std::string &name() const { return name_; }
    EngineState state() const { return state_; }
    bool is_updated() const { return state_ == EngineState::UPDATED; }
    /* Called by the node's run function or handlers. */
    void set_updated() { state_ = EngineState::UPDATED; }
    /* Whether this run recomputes the node (true inside its run function
     * when called for a recompute, as opposed to change handlers). */
    bool recomputing() const { return recomputing_; }

    struct Stats {
        uint64_t recompute = 0;
        uint64_t compute = 0;       /* Runs handled by change handlers. */
        uint64_t abort = 0;         /* Canceled runs. */
    };
    const Stats &stats() const { return stats_; }

private:
    friend class Engine;

    struct Input {
        EngineNode *node;
        HandlerFn handler;
    };

    std::string name_;
    RunFn run_;
    std::vector<Input> inputs_;
    EngineState state_ = EngineState::STALE;
    bool recomputing_ = false;
    Stats stats_;
};

class Engine {
public:
    /* The graph of every node 'root' depends on.  The nodes must outlive
     * the engine. */
    explicit Engine(EngineNode &root);

    /* Starts a main-loop iteration: every node is stale again. */
    void init_run();
    /* Visits the nodes, unless this iteration already did.  Nodes that
     * must recompute and may not ('recompute_allowed' false) are
     * canceled. */
    void run(bool recompute_allowed);

    bool has_run() const { return has_run_; }
    /* Whether the last run canceled a node: then the next one recomputes
     * every node (upstream's behaviour after a canceled run). */
    bool canceled() const { return canceled_; }
    /* Makes the next run recompute every node. */
    void set_force_recompute() { force_recompute_ = true; }
    bool force_recompute() const { return force_recompute_; }

    /* unixctl inc-engine/show-stats [NODE [STAT]], inc-engine/recompute,
     * inc-engine/clear-stats. */
    void register_unixctl_commands();
    std::vector<std::string> show_stats(const std::string &node,
                                        const std::string &stat) const;
    void clear_stats();
    const std::vector<EngineNode *> &nodes() const { return nodes_; }

private:
    void run_node(EngineNode &node, bool recompute_allowed);
    void recompute_node(EngineNode &node, bool recompute_allowed);

    /* Inputs before the nodes that use them; the root last. */
    std::vector<EngineNode *> nodes_;
    bool has_run_ = false;
    bool canceled_ = false;
    bool force_recompute_ = true;   /* The first run computes it all. */
};

}  // namespace ovn

#endif  /* ovn/controller/inc-proc-eng.h */
