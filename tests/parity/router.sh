# (g) Two switches behind a router: sw0 (switch-common.sh; sw0-p3 has no
# VIF here) and sw1 with one VIF, vif4, joined by lr0.  The router's
# datapath is local through its patch ports, and so is sw1.  lr0 has a
# static route to 10.0.2.0/24 through 10.0.1.9 (on sw1), and sw1-p1
# DHCPv4 options (sw1's router as its gateway and DHCP server).
NO_VIF_3=yes
. "$PARITY_DIR"/switch-common.sh
ovn-nbctl ls-add sw1 \
    -- set logical_switch sw1 other_config:requested-tnl-key=2
ovn-nbctl lsp-add sw1 sw1-p1 \
    -- lsp-set-addresses sw1-p1 "50:54:00:00:01:01 10.0.1.1" \
    -- set logical_switch_port sw1-p1 options:requested-tnl-key=1
ovs-vsctl add-port br-int vif4 -- set interface vif4 \
    external_ids:iface-id=sw1-p1 ofport_request=4
ovn-nbctl lr-add lr0 -- set logical_router lr0 options:requested-tnl-key=3
ovn-nbctl lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.254/24 \
    -- set logical_router_port lr0-sw0 options:requested-tnl-key=1
ovn-nbctl lrp-add lr0 lr0-sw1 00:00:00:00:ff:02 10.0.1.254/24 \
    -- set logical_router_port lr0-sw1 options:requested-tnl-key=2
for sw in sw0 sw1; do
    ovn-nbctl lsp-add $sw $sw-lr0 -- lsp-set-type $sw-lr0 router \
        -- lsp-set-addresses $sw-lr0 router \
        -- lsp-set-options $sw-lr0 router-port=lr0-$sw \
        -- set logical_switch_port $sw-lr0 options:requested-tnl-key=10
done
ovn-nbctl lr-route-add lr0 10.0.2.0/24 10.0.1.9
dhcp=$(ovn-nbctl create dhcp_options cidr=10.0.1.0/24)
ovn-nbctl dhcp-options-set-options "$dhcp" lease_time=3600 \
    router=10.0.1.254 server_id=10.0.1.254 server_mac=00:00:00:00:ff:02 \
    dns_server=10.0.1.254 mtu=1442
ovn-nbctl lsp-set-dhcpv4-options sw1-p1 "$dhcp"
