# (f) Logical_Flows written straight into the Southbound (no ovn-northd):
# every match of tests/lflow-compile/expr-to-flows.txt and every actions
# of actions.txt, on the fixtures that raw-sb-txn.py describes.
python3 "$PARITY_DIR"/raw-sb-txn.py "$PARITY_DIR"/../lflow-compile \
    > raw-sb.json
ovsdb-client transact "$OVN_SB_DB" "$(cat raw-sb.json)" > raw-sb.reply
# The reply has an "error" member when an operation failed.
if grep -q '"error"' raw-sb.reply; then
    cat raw-sb.reply >&2
    exit 1
fi
for i in 1 2 3; do
    ovs-vsctl add-port br-int vif$i -- set interface vif$i \
        external_ids:iface-id=lsp$i ofport_request=$i
done
