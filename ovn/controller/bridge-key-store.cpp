#include <config.h>

#include "ovn/controller/bridge-key-store.h"

#include <cstring>

#include "lib/ovs-internal.h"
#include "openvswitch/json.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(bridge_key_store);

COVERAGE_DEFINE(bridge_key_store_read);
COVERAGE_DEFINE(bridge_key_store_write);
COVERAGE_DEFINE(bridge_key_store_write_failed);

namespace ovn {

namespace {

constexpr const char *DATABASE = "Open_vSwitch";

/* A failed write waits this long before it is sent again, so that a
 * server that keeps refusing it (no bridge yet) costs little. */
constexpr long long int RETRY_MSEC = 250;

/* The reply to a write that nothing waits for is read this long after the
 * write at the latest (see send_and_wait()). */
constexpr long long int REPLY_WAKE_MSEC = 1000;

struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

/* [["name", "==", 'bridge']], the condition that picks the bridge. */
json *
where_bridge(const std::string &bridge)
{
    return json_array_create_1(
        json_array_create_3(json_string_create("name"),
                            json_string_create("=="),
                            json_string_create(bridge.c_str())));
}

/* The "transact" request of the one operation 'op'. */
jsonrpc_msg *
transact(json *op, json **idp)
{
    return jsonrpc_create_request(
        "transact",
        json_array_create_2(json_string_create(DATABASE), op), idp);
}

bool
same_id(const json *a, const json *b)
{
    return a && b && json_equal(a, b);
}

/* The first operation's result of a "transact" reply, if it is an object
 * without "error". */
const shash *
first_result(const jsonrpc_msg *msg)
{
    if (msg->type != JSONRPC_REPLY || !msg->result
        || msg->result->type != JSON_ARRAY
        || json_array(msg->result)->n < 1) {
        return nullptr;
    }
    const json *r = json_array(msg->result)->elems[0];
    if (r->type != JSON_OBJECT || shash_find(json_object(r), "error")) {
        return nullptr;
    }
    return json_object(r);
}

/* What went wrong with 'msg', for the log. */
std::string
describe_failure(const jsonrpc_msg *msg)
{
    const json *what = msg->type == JSONRPC_ERROR ? msg->error : msg->result;
    if (!what) {
        return "empty reply";
    }
    char *s = json_to_string(what, 0);
    std::string text(s);
    free(s);
    return text;
}

}  // namespace

void
BridgeKeyStore::SessionDeleter::operator()(jsonrpc_session *s) const noexcept
{
    jsonrpc_session_close(s);
}

void
BridgeKeyStore::JsonDeleter::operator()(json *j) const noexcept
{
    json_destroy(j);
}

BridgeKeyStore::BridgeKeyStore(const std::string &remote,
                               std::vector<std::string> prefixes)
    : session_(jsonrpc_session_open(remote.c_str(), true)),
      prefixes_(std::move(prefixes))
{
}

bool
BridgeKeyStore::is_kept(const char *key) const
{
    for (const std::string &prefix : prefixes_) {
        if (!strncmp(key, prefix.c_str(), prefix.size())) {
            return true;
        }
    }
    return false;
}

BridgeKeyStore::~BridgeKeyStore() = default;

void
BridgeKeyStore::set_bridge(const std::string &bridge)
{
    if (bridge != bridge_) {
        /* Another bridge's keys: read them before the zones are computed
         * against it.  A reply still to come is about the old one. */
        bridge_ = bridge;
        loaded_ = false;
        keys_.clear();
        read_id_.reset();
        need_read_ = true;
    }
}

void
BridgeKeyStore::run()
{
    jsonrpc_session_run(session_.get());
    const unsigned int seqno = jsonrpc_session_get_seqno(session_.get());
    if (seqno != conn_seqno_) {
        conn_seqno_ = seqno;
        reset_connection();
    }
    for (int i = 0; i < 50; i++) {
        jsonrpc_msg *msg = jsonrpc_session_recv(session_.get());
        if (!msg) {
            break;
        }
        handle_reply(msg);
        jsonrpc_msg_destroy(msg);
    }
}

/* The session connected, or lost its connection: the requests in flight
 * will get no reply, and what the bridge holds may have changed meanwhile
 * (the server restarted): read it again, then write again what was not
 * acknowledged. */
void
BridgeKeyStore::reset_connection()
{
    requeue_in_flight();
    read_id_.reset();
    need_read_ = true;
}

/* Puts the writes in flight back in the queue, behind the later writes of
 * the same keys. */
void
BridgeKeyStore::requeue_in_flight()
{
    for (auto &[key, value] : in_flight_) {
        pending_.emplace(key, std::move(value));
    }
    in_flight_.clear();
    write_id_.reset();
}

void
BridgeKeyStore::set(const std::string &key,
                 const std::optional<std::string> &value)
{
    auto it = keys_.find(key);
    if (value) {
        if (it != keys_.end() && it->second == *value) {
            return;
        }
        keys_[key] = *value;
    } else {
        if (it == keys_.end()) {
            return;
        }
        keys_.erase(it);
    }
    pending_[key] = value;
}

void
BridgeKeyStore::send_and_wait()
{
    jsonrpc_session *s = session_.get();
    if (jsonrpc_session_is_connected(s) && !bridge_.empty()) {
        const bool due = time_msec() >= retry_at_;
        const bool read = need_read_ && !read_id_;
        const bool write = loaded_ && !read_id_ && !write_id_
                           && !pending_.empty();
        if ((read || write) && !due) {
            poll_timer_wait_until(retry_at_);
        } else if (read) {
            send_read();
        } else if (write) {
            send_writes();
        }
    }
    jsonrpc_session_wait(s);
    if (write_id_ && !read_id_ && pending_.empty()
        && time_msec() < write_sent_at_ + REPLY_WAKE_MSEC) {
        /* The reply to our last write is all that is expected, and
         * nothing waits for it: it is taken in by run() when something
         * else wakes the main loop, not in an iteration of its own.  A
         * late wake-up, in case nothing else comes, keeps the session
         * answering the server's probes; past it, the reply itself wakes
         * us (a timer already expired would wake every poll until a slow
         * server answers). */
        poll_timer_wait_until(write_sent_at_ + REPLY_WAKE_MSEC);
    } else {
        jsonrpc_session_recv_wait(s);
    }
}

/* Asks for the bridge's external_ids. */
void
BridgeKeyStore::send_read()
{
    json *op = json_object_create();
    json_object_put_string(op, "op", "select");
    json_object_put_string(op, "table", "Bridge");
    json_object_put(op, "where", where_bridge(bridge_));
    json_object_put(op, "columns",
                    json_array_create_1(json_string_create("external_ids")));
    json *id = nullptr;
    jsonrpc_session_send(session_.get(), transact(op, &id));
    read_id_.reset(id);
    need_read_ = false;
    COVERAGE_INC(bridge_key_store_read);
}

/* One "mutate" of the bridge's external_ids: the keys to change or remove
 * are deleted, then those to set inserted ("insert" keeps a key's old
 * value). */
void
BridgeKeyStore::send_writes()
{
    json *deleted = json_array_create_empty();
    json *inserted = json_array_create_empty();
    for (const auto &[key, value] : pending_) {
        json_array_add(deleted, json_string_create(key.c_str()));
        if (value) {
            json_array_add(inserted,
                           json_array_create_2(
                               json_string_create(key.c_str()),
                               json_string_create(value->c_str())));
        }
    }
    json *mutations = json_array_create_1(
        json_array_create_3(json_string_create("external_ids"),
                            json_string_create("delete"),
                            json_array_create_2(json_string_create("set"),
                                                deleted)));
    json_array_add(mutations,
                   json_array_create_3(json_string_create("external_ids"),
                                       json_string_create("insert"),
                                       json_array_create_2(
                                           json_string_create("map"),
                                           inserted)));
    json *op = json_object_create();
    json_object_put_string(op, "op", "mutate");
    json_object_put_string(op, "table", "Bridge");
    json_object_put(op, "where", where_bridge(bridge_));
    json_object_put(op, "mutations", mutations);

    json *id = nullptr;
    jsonrpc_session_send(session_.get(), transact(op, &id));
    write_id_.reset(id);
    write_sent_at_ = time_msec();
    in_flight_ = std::move(pending_);
    pending_.clear();
    COVERAGE_INC(bridge_key_store_write);
}

void
BridgeKeyStore::handle_reply(const jsonrpc_msg *msg)
{
    if (msg->type != JSONRPC_REPLY && msg->type != JSONRPC_ERROR) {
        return;
    }
    if (same_id(msg->id, read_id_.get())) {
        read_id_.reset();
        read_done(msg);
    } else if (same_id(msg->id, write_id_.get())) {
        write_id_.reset();
        write_done(msg);
    }
}

/* The bridge's keys arrived.  The first time, they are the zones that a
 * previous run left, and the writes queued meanwhile go on top.  After a
 * reconnection, ours stand: whatever differs (the database was replaced,
 * or written to while we were away) is written again. */
void
BridgeKeyStore::read_done(const jsonrpc_msg *msg)
{
    const shash *result = first_result(msg);
    const json *rows = result ? static_cast<const json *>(
        shash_find_data(result, "rows")) : nullptr;
    if (!rows || rows->type != JSON_ARRAY) {
        VLOG_WARN_RL(&rl, "%s: reading our external_ids keys failed (%s), "
                     "retrying", bridge_.c_str(),
                     describe_failure(msg).c_str());
        need_read_ = true;
        retry_at_ = time_msec() + RETRY_MSEC;
        return;
    }

    Keys read;
    /* No row: the bridge is not there yet, and a new one has no keys. */
    if (json_array(rows)->n > 0) {
        const json *row = json_array(rows)->elems[0];
        const json *ids = row->type == JSON_OBJECT
            ? static_cast<const json *>(
                shash_find_data(json_object(row), "external_ids"))
            : nullptr;
        /* ["map", [[KEY, VALUE], ...]] */
        if (ids && ids->type == JSON_ARRAY && json_array(ids)->n == 2
            && json_array(ids)->elems[1]->type == JSON_ARRAY) {
            const struct json_array *pairs
                = json_array(json_array(ids)->elems[1]);
            for (size_t i = 0; i < pairs->n; i++) {
                const json *pair = pairs->elems[i];
                if (pair->type != JSON_ARRAY || json_array(pair)->n != 2
                    || json_array(pair)->elems[0]->type != JSON_STRING
                    || json_array(pair)->elems[1]->type != JSON_STRING) {
                    continue;
                }
                const char *key = json_string(json_array(pair)->elems[0]);
                if (is_kept(key)) {
                    read[key] = json_string(json_array(pair)->elems[1]);
                }
            }
        }
    }

    if (!loaded_) {
        /* set() has kept 'pending_' in 'keys_': the same on top of what
         * the bridge holds. */
        for (const auto &[key, value] : pending_) {
            if (value) {
                read[key] = *value;
            } else {
                read.erase(key);
            }
        }
        keys_ = std::move(read);
        loaded_ = true;
        reads_++;
        VLOG_INFO("%s: %zu keys read", bridge_.c_str(),
                  keys_.size());
        return;
    }
    for (const auto &[key, value] : keys_) {
        auto it = read.find(key);
        if (it == read.end() || it->second != value) {
            pending_[key] = value;
        }
    }
    for (const auto &[key, value] : read) {
        if (!keys_.count(key)) {
            pending_[key] = std::nullopt;
        }
    }
}

void
BridgeKeyStore::write_done(const jsonrpc_msg *msg)
{
    const shash *result = first_result(msg);
    const json *count = result ? static_cast<const json *>(
        shash_find_data(result, "count")) : nullptr;
    if (count && count->type == JSON_INTEGER && count->integer > 0) {
        in_flight_.clear();
        retry_at_ = 0;
        return;
    }
    COVERAGE_INC(bridge_key_store_write_failed);
    VLOG_WARN_RL(&rl, "%s: writing %zu external_ids keys failed (%s), "
                 "retrying", bridge_.c_str(), in_flight_.size(),
                 count ? "no such bridge" : describe_failure(msg).c_str());
    requeue_in_flight();
    retry_at_ = time_msec() + RETRY_MSEC;
}

}  // namespace ovn
