# (d) Dual-stack ports, port security on both families.
ADDR_1="50:54:00:00:00:01 10.0.0.1 fd00::1"
ADDR_2="50:54:00:00:00:02 10.0.0.2 fd00::2"
ADDR_3="50:54:00:00:00:03 10.0.0.3 fd00::3"
. "$PARITY_DIR"/switch-common.sh
ovn-nbctl lsp-set-port-security sw0-p1 "50:54:00:00:00:01 10.0.0.1 fd00::1"
ovn-nbctl lsp-set-port-security sw0-p2 "50:54:00:00:00:02 10.0.0.2 fd00::2"
