#! /usr/bin/env python3
"""nb-set-change.py: one change of a set column in the Northbound, timed
until ovn-northd and then every hypervisor have acted on it.

    nb-set-change.py SOCKET TABLE NAME COLUMN insert|delete FILE

Inserts into (or deletes from) COLUMN of the TABLE row named NAME the
strings listed in FILE, one a line, in one transaction on the Northbound
ovsdb-server at unix socket SOCKET; the same transaction increments
NB_Global's nb_cfg, as 'ovn-nbctl --wait=hv' does.  Then waits, through a
monitor of NB_Global, until sb_cfg (ovn-northd has written the Southbound)
and hv_cfg (every chassis has the flows) reach that value, and prints

    COMMIT_MS SB_MS HV_MS

the milliseconds from the start of the transaction to its reply, to
sb_cfg and to hv_cfg.  The Open vSwitch Python library is not needed:
this speaks JSON-RPC (RFC 7047) on the socket.  ovn-nbctl cannot make such
a change with 100k values: its argument list would exceed the kernel's
limit, and it adds values one at a time, in quadratic time.
"""

import json
import socket
import sys
import time


class Connection:
    """A JSON-RPC connection to an ovsdb-server."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buf = ""
        self.decoder = json.JSONDecoder()
        self.next_id = 0

    def send(self, method, params):
        self.next_id += 1
        msg = {"method": method, "params": params, "id": self.next_id}
        self.sock.sendall(json.dumps(msg).encode())
        return self.next_id

    def receive(self):
        """The next message; answers the server's echo requests."""
        while True:
            self.buf = self.buf.lstrip()
            if self.buf:
                try:
                    msg, end = self.decoder.raw_decode(self.buf)
                except ValueError:
                    msg = None
                if msg is not None:
                    self.buf = self.buf[end:]
                    if msg.get("method") == "echo":
                        reply = {"result": msg["params"], "error": None,
                                 "id": msg["id"]}
                        self.sock.sendall(json.dumps(reply).encode())
                        continue
                    return msg
            data = self.sock.recv(1 << 20)
            if not data:
                sys.exit("nb-set-change: the server closed the connection")
            self.buf += data.decode()

    def reply(self, msg_id):
        """The reply to request 'msg_id', with the updates received
        meanwhile handed to self.update()."""
        while True:
            msg = self.receive()
            if msg.get("id") == msg_id and "result" in msg:
                if msg.get("error"):
                    sys.exit("nb-set-change: %s" % msg["error"])
                return msg["result"]
            if msg.get("method") == "update":
                self.update(msg["params"][1])

    def update(self, updates):
        for row in updates.get("NB_Global", {}).values():
            new = row.get("new")
            if new:
                self.cfg.update(new)


def main():
    if len(sys.argv) != 7 or sys.argv[5] not in ("insert", "delete"):
        sys.exit(__doc__)
    path, table, name, column, op, values_file = sys.argv[1:]
    with open(values_file) as f:
        values = [line.strip() for line in f if line.strip()]

    conn = Connection(path)
    conn.cfg = {}
    mid = conn.send("monitor", ["OVN_Northbound", "nb-set-change", {
        "NB_Global": {"columns": ["nb_cfg", "sb_cfg", "hv_cfg"]}}])
    conn.update(conn.reply(mid))

    t0 = time.monotonic()
    mid = conn.send("transact", ["OVN_Northbound",
        {"op": "mutate", "table": table,
         "where": [["name", "==", name]],
         "mutations": [[column, op, ["set", values]]]},
        {"op": "mutate", "table": "NB_Global", "where": [],
         "mutations": [["nb_cfg", "+=", 1]]},
        {"op": "select", "table": "NB_Global", "where": [],
         "columns": ["nb_cfg"]}])
    result = conn.reply(mid)
    t_commit = time.monotonic()
    for r in result:
        if r.get("error"):
            sys.exit("nb-set-change: %s: %s" % (r["error"],
                                                r.get("details", "")))
    if result[0].get("count") != 1:
        sys.exit("nb-set-change: no %s row named %s" % (table, name))
    nb_cfg = result[2]["rows"][0]["nb_cfg"]

    t_sb = t_hv = None
    while t_hv is None:
        now = time.monotonic()
        if t_sb is None and conn.cfg.get("sb_cfg", 0) >= nb_cfg:
            t_sb = now
        if t_sb is not None and conn.cfg.get("hv_cfg", 0) >= nb_cfg:
            t_hv = now
            break
        msg = conn.receive()
        if msg.get("method") == "update":
            conn.update(msg["params"][1])

    def ms(t):
        return "%.1f" % ((t - t0) * 1000)
    print(ms(t_commit), ms(t_sb), ms(t_hv))


if __name__ == "__main__":
    main()
