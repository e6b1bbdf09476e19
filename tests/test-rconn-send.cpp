/* test-rconn-send: sends flows and groups to a switch over a real rconn,
 * the way ofctrl will, and waits for the barrier that follows them.
 *
 *   test-rconn-send [OPTIONS] TARGET MESSAGE...
 *
 * TARGET is an OpenFlow connection method such as unix:DIR/br-int.mgmt.
 * Each MESSAGE is 'flow:TEXT' (a flow in ovs-ofctl add-flow syntax, sent as
 * an OpenFlow 1.5 flow_mod ADD) or 'group:ID:TEXT' (a group type and
 * buckets in ovs-ofctl add-group syntax, without group_id, added as group
 * 'ID').  Every message is parsed before anything is sent, so a bad one
 * sends nothing.  As in ofctrl_put(), groups go before flows, so a flow may
 * name a group given after it on the command line; otherwise the order of
 * the arguments is kept.
 *
 * Exit status: 0 when the barrier reply arrived and the switch reported no
 * error; 1 on an OpenFlow error (each printed on stderr), a lost connection
 * or a timeout; 2 on a usage or parse error.
 *
 * The testsuite and utilities/ovn-sandbox.sh use it until ovn-controller
 * itself drives the switch. */

#include <config.h>

#include <getopt.h>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "lib/c-ptr.h"
#include "lib/match-value.h"
#include "lib/ofp-encode.h"
#include "lib/ofp-text.h"
#include "lib/parse-error.h"
#include "openvswitch/ofp-errors.h"  /* Before ofp-flow.h; see ofp-text.h. */
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-print.h"
#include "openvswitch/ofp-util.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/rconn.h"
#include "openvswitch/vlog.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(test_rconn_send);

namespace {

/* Exit statuses. */
constexpr int EXIT_SWITCH_ERROR = 1;  /* OpenFlow error, timeout, ... */
constexpr int EXIT_BAD_INPUT = 2;     /* Usage or parse error. */

struct Options {
    const char *target = nullptr;
    std::vector<std::string> messages;
    long long int timeout_ms = 10 * 1000;
};

/* One encoded OpenFlow message and the argument it came from, so that an
 * error from the switch (which carries the failing message's xid) can be
 * reported against what the user wrote. */
struct Request {
    std::string what;
    ovs::OfpbufPtr msg;
    ovs_be32 xid;
    bool is_group;
};

ovs_be32
xid_of(const ofpbuf &msg)
{
    return static_cast<const ofp_header *>(msg.data)->xid;
}

[[noreturn]] void
usage()
{
    printf("%s: send flows and groups over an OpenFlow 1.5 rconn\n"
           "usage: %s [OPTIONS] TARGET MESSAGE...\n"
           "where TARGET is e.g. unix:DIR/br-int.mgmt and each MESSAGE is\n"
           "  flow:TEXT        a flow as ovs-ofctl add-flow reads it\n"
           "  group:ID:TEXT    group ID with type and buckets as\n"
           "                   ovs-ofctl add-group reads them\n"
           "\nOptions:\n"
           "  -t, --timeout=SECS  give up after SECS seconds (default 10)\n"
           "  -h, --help          display this help message\n",
           program_name, program_name);
    vlog_usage();
    exit(EXIT_SUCCESS);
}

[[noreturn]] void
bad_usage(const char *message)
{
    fprintf(stderr, "%s: %s (use --help for help)\n", program_name, message);
    exit(EXIT_BAD_INPUT);
}

Options
parse_options(int argc, char *argv[])
{
    enum {
        VLOG_OPTION_ENUMS = UCHAR_MAX + 1,
    };
    static const option long_options[] = {
        {"timeout", required_argument, nullptr, 't'},
        {"help", no_argument, nullptr, 'h'},
        VLOG_LONG_OPTIONS,
        {nullptr, 0, nullptr, 0},
    };

    Options options;
    for (;;) {
        int c = getopt_long(argc, argv, "t:hv::", long_options, nullptr);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 't': {
            char *end;
            errno = 0;
            long secs = strtol(optarg, &end, 10);
            if (errno || *end || end == optarg || secs <= 0) {
                bad_usage("--timeout needs a positive number of seconds");
            }
            options.timeout_ms = secs * 1000LL;
            break;
        }
        case 'h':
            usage();

        VLOG_OPTION_HANDLERS

        case '?':
            exit(EXIT_BAD_INPUT);

        default:
            abort();
        }
    }

    if (optind >= argc) {
        bad_usage("missing TARGET");
    }
    options.target = argv[optind++];
    if (optind >= argc) {
        bad_usage("nothing to send");
    }
    options.messages.assign(argv + optind, argv + argc);
    return options;
}

/* Parses the ID of 'group:ID:TEXT'. */
uint32_t
parse_group_id(std::string_view text)
{
    std::string s(text);
    char *end;
    errno = 0;
    unsigned long long id = strtoull(s.c_str(), &end, 0);
    if (s.empty() || errno || *end || s[0] == '-' || id > OFPG_MAX) {
        throw ovs::ParseError("group id", text,
                              "expected a number between 0 and 0xffffff00");
    }
    return static_cast<uint32_t>(id);
}

/* Turns one MESSAGE argument into its OpenFlow message.  Throws
 * ovs::ParseError. */
Request
encode_argument(const std::string &arg)
{
    constexpr std::string_view FLOW = "flow:";
    constexpr std::string_view GROUP = "group:";
    std::string_view a(arg);

    ovs::OfpbufPtr msg;
    bool is_group = false;
    if (a.substr(0, FLOW.size()) == FLOW) {
        ovs::FlowSpec flow = ovs::parse_flow(a.substr(FLOW.size()));
        ovs::MiniMatch match(flow.match);

        ovs::FlowModArgs fm;
        fm.command = OFPFC_ADD;
        fm.table_id = flow.table_id;
        fm.priority = flow.priority;
        fm.match = match.get();
        fm.ofpacts = flow.actions.data();
        fm.ofpacts_len = flow.actions.size();
        msg = ovs::encode_flow_mod(fm);
    } else if (a.substr(0, GROUP.size()) == GROUP) {
        std::string_view rest = a.substr(GROUP.size());
        size_t colon = rest.find(':');
        if (colon == std::string_view::npos) {
            throw ovs::ParseError("argument", a, "expected group:ID:TEXT");
        }
        uint32_t group_id = parse_group_id(rest.substr(0, colon));
        auto group = ovs::parse_group(rest.substr(colon + 1));
        msg = ovs::encode_group_add(*group, group_id);
        is_group = true;
    } else {
        throw ovs::ParseError("argument", a,
                              "expected flow:TEXT or group:ID:TEXT");
    }

    ovs_be32 xid = xid_of(*msg);
    return Request{arg, std::move(msg), xid, is_group};
}

const Request *
find_request(const std::vector<Request> &requests, ovs_be32 xid)
{
    for (const Request &r : requests) {
        if (r.xid == xid) {
            return &r;
        }
    }
    return nullptr;
}

void
report_error(const std::vector<Request> &requests, const ofp_header *oh)
{
    const Request *r = find_request(requests, oh->xid);
    ovs::CStringPtr text(ofp_to_string(oh, ntohs(oh->length), nullptr,
                                       nullptr, 2));
    fprintf(stderr, "%s: switch rejected %s:\n%s", program_name,
            r ? r->what.c_str() : "an unknown request", text.get());
    if (text.get()[0] && text.get()[strlen(text.get()) - 1] != '\n') {
        fputc('\n', stderr);
    }
}

/* Sends 'requests' (the last of which is the barrier) once 'target'
 * connects, then runs the poll loop until the barrier reply arrives.
 * Returns the exit status. */
int
send_and_wait(const char *target, std::vector<Request> &requests,
              long long int timeout_ms)
{
    /* No inactivity probes (the run is short), a 1-second reconnect
     * backoff so that the switch may appear a moment after we start, and
     * no DSCP (it only applies to IP connections), as in ofctrl. */
    ovs::RconnPtr conn(rconn_create(0, 1, 0, 1u << OFP15_VERSION));
    rconn *rc = conn.get();
    rconn_connect(rc, target, target);

    const ovs_be32 barrier_xid = requests.back().xid;
    const long long int deadline = time_msec() + timeout_ms;
    bool sent = false;
    unsigned int seqno = 0;
    int n_errors = 0;

    for (;;) {
        rconn_run(rc);

        if (!sent && rconn_is_connected(rc)) {
            seqno = rconn_get_connection_seqno(rc);
            for (Request &r : requests) {
                /* rconn_send() takes the message whatever it returns. */
                int error = rconn_send(rc, r.msg.release(), nullptr);
                if (error) {
                    fprintf(stderr, "%s: %s: sending %s failed (%s)\n",
                            program_name, target, r.what.c_str(),
                            ovs_strerror(error));
                    return EXIT_SWITCH_ERROR;
                }
            }
            sent = true;
        }
        if (sent && rconn_get_connection_seqno(rc) != seqno) {
            /* Whatever was still queued was dropped with the connection. */
            fprintf(stderr, "%s: %s: connection lost before the barrier "
                    "reply\n", program_name, target);
            return EXIT_SWITCH_ERROR;
        }

        /* Bounded, so a chatty switch cannot starve the timeout check. */
        for (int i = 0; i < 50; i++) {
            ovs::OfpbufPtr msg(rconn_recv(rc));
            if (!msg) {
                break;
            }
            const auto *oh = static_cast<const ofp_header *>(msg->data);
            ofptype type;
            if (ofptype_decode(&type, oh)) {
                continue;
            }
            if (type == OFPTYPE_ECHO_REQUEST) {
                rconn_send(rc, ofputil_encode_echo_reply(oh), nullptr);
            } else if (type == OFPTYPE_ERROR) {
                report_error(requests, oh);
                n_errors++;
            } else if (type == OFPTYPE_BARRIER_REPLY
                       && oh->xid == barrier_xid) {
                return n_errors ? EXIT_SWITCH_ERROR : EXIT_SUCCESS;
            }
        }

        if (time_msec() >= deadline) {
            fprintf(stderr, "%s: %s: timed out after %lld s %s (rconn state "
                    "%s)\n", program_name, target, timeout_ms / 1000,
                    sent ? "waiting for the barrier reply"
                         : "trying to connect",
                    rconn_get_state(rc));
            return EXIT_SWITCH_ERROR;
        }

        rconn_run_wait(rc);
        rconn_recv_wait(rc);
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

}  // namespace

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    /* Only problems on the console by default; -v shows the rconn's
     * progress. */
    vlog_set_levels(nullptr, VLF_CONSOLE, VLL_WARN);
    Options options = parse_options(argc, argv);

    std::vector<Request> groups, requests;
    try {
        for (const std::string &arg : options.messages) {
            Request r = encode_argument(arg);
            (r.is_group ? groups : requests).push_back(std::move(r));
        }
    } catch (const ovs::ParseError &e) {
        fprintf(stderr, "%s: %s\n", program_name, e.what());
        return EXIT_BAD_INPUT;
    }
    requests.insert(requests.begin(),
                    std::make_move_iterator(groups.begin()),
                    std::make_move_iterator(groups.end()));
    ovs::OfpbufPtr barrier = ovs::encode_barrier_request();
    ovs_be32 barrier_xid = xid_of(*barrier);
    requests.push_back(Request{"the barrier", std::move(barrier),
                               barrier_xid, false});

    VLOG_DBG("sending %zu messages to %s", requests.size(), options.target);
    return send_and_wait(options.target, requests, options.timeout_ms);
}
