/* bridge-key-store: the integration bridge's external_ids keys that
 * ovn-controller keeps there, reached through a JSON-RPC session of its
 * own: the conntrack zones ("ct-zone-NAME"="ZONE", as OVN 23.03 keeps
 * them; ct-zones.h) and the Northbound configuration whose flows are
 * installed with the time of its installation and of this run's start
 * ("ovn-nb-cfg", "ovn-nb-cfg-ts", "ovn-startup-ts"; nb-cfg-keys.h).
 *
 * The main IDL of the local database does not monitor Bridge external_ids:
 * br-int's holds a key per local port and two per local datapath, and
 * Open vSwitch's IDL parses a whole column again whenever one key of it
 * changes, so that an IDL of the zones would parse every zone on each
 * zone written or freed (twice per port bound and unbound).  Nor can an
 * IDL write a key of a column that it does not monitor.  So this store
 * reads the bridge's keys with the prefixes it is given once, when its
 * session (re)connects, and from then on only writes them, with bare
 * "transact" requests: a "mutate" of the bridge's external_ids that
 * deletes and inserts just the keys that changed.  Its own copy of the
 * keys follows its writes.  Other keys, and other clients' writes to
 * them, are left alone.
 *
 * A write that fails (an error reply, a bridge that is not there, a lost
 * connection) is sent again, after a reconnection once the keys have been
 * read again, and with later writes of the same keys taking precedence.
 *
 * Until the first read has completed, keys() is null: the zones are not to
 * be computed before (they would not find those a previous run left, and
 * renumber every connection).  Owned by the main loop. */
#ifndef OVN_CONTROLLER_BRIDGE_KEY_STORE_H
#define OVN_CONTROLLER_BRIDGE_KEY_STORE_H 1

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct json;
struct jsonrpc_msg;
struct jsonrpc_session;

namespace ovn {

class BridgeKeyStore {
public:
    /* external_ids keys (with their prefix) to values. */
    using Keys = std::map<std::string, std::string>;

    /* Connects to the Open_vSwitch database at 'remote'; keeps the keys
     * that start with one of 'prefixes'. */
    BridgeKeyStore(const std::string &remote,
                   std::vector<std::string> prefixes);
    ~BridgeKeyStore();
    BridgeKeyStore(const BridgeKeyStore &) = delete;
    BridgeKeyStore &operator=(const BridgeKeyStore &) = delete;

    /* Runs the session and handles the replies that came: once per
     * main-loop iteration. */
    void run();
    /* The integration bridge's name: if it changed, its keys are read
     * anew (keys() is null meanwhile). */
    void set_bridge(const std::string &bridge);
    /* Sends what is to be sent (the read, the writes set() queued since
     * the last transaction) and arranges for poll_block() to wake when
     * the session has work or a retry is due.  The reply to a write with
     * no other write queued behind it wakes nobody: run() takes it in on
     * the next wake-up for something else, or a second after the write if
     * none comes.  After run() and the set()s of an iteration. */
    void send_and_wait();

    /* The bridge's keys with the prefix, as read and then written by us;
     * null until they have first been read. */
    const Keys *keys() const { return loaded_ ? &keys_ : nullptr; }
    /* How many times the keys were read: a key that one read found or
     * set() wrote stays, as far as keys() goes, until the next read. */
    uint64_t reads() const { return reads_; }
    /* Sets 'key' to 'value' on the bridge, or removes it if 'value' is
     * empty, unless keys() already has it so. */
    void set(const std::string &key, const std::optional<std::string> &value);

    /* Whether writes are queued or waiting for their reply. */
    bool busy() const { return !pending_.empty() || !in_flight_.empty(); }

private:
    using Changes = std::map<std::string, std::optional<std::string>>;

    void reset_connection();
    void send_read();
    void send_writes();
    void handle_reply(const jsonrpc_msg *msg);
    void read_done(const jsonrpc_msg *msg);
    void write_done(const jsonrpc_msg *msg);
    void requeue_in_flight();

    struct SessionDeleter {
        void operator()(jsonrpc_session *) const noexcept;
    };
    struct JsonDeleter {
        void operator()(json *) const noexcept;
    };
    using JsonPtr = std::unique_ptr<json, JsonDeleter>;

    std::unique_ptr<jsonrpc_session, SessionDeleter> session_;
    bool is_kept(const char *key) const;

    const std::vector<std::string> prefixes_;
    std::string bridge_;
    unsigned int conn_seqno_ = 0;

    bool loaded_ = false;
    uint64_t reads_ = 0;
    /* A read is due (after a (re)connection or a new bridge name). */
    bool need_read_ = true;
    Keys keys_;

    /* Writes not sent yet, and those of the transaction in flight. */
    Changes pending_;
    Changes in_flight_;
    /* The ids of the requests in flight, null when there is none. */
    JsonPtr read_id_;
    JsonPtr write_id_;
    /* When the write in flight was sent (msec). */
    long long int write_sent_at_ = 0;
    /* After a failed write, the next is not sent before this time
     * (msec). */
    long long int retry_at_ = 0;
};

}  // namespace ovn

#endif  /* ovn/controller/bridge-key-store.h */
