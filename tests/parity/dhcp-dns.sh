# (c) DHCPv4 and DHCPv6 options on sw0-p1, DNS records on the switch.
ADDR_1="50:54:00:00:00:01 10.0.0.1 ae70::1"
. "$PARITY_DIR"/switch-common.sh
v4=$(ovn-nbctl create dhcp_options cidr=10.0.0.0/24)
ovn-nbctl dhcp-options-set-options "$v4" lease_time=3600 router=10.0.0.254 \
    server_id=10.0.0.254 server_mac=c0:ff:ee:00:00:01 dns_server=10.0.0.254
v6=$(ovn-nbctl create dhcp_options cidr='"ae70::/64"' \
         options='"server_id"="00:00:00:10:00:01"')
ovn-nbctl lsp-set-dhcpv4-options sw0-p1 "$v4" \
    -- lsp-set-dhcpv6-options sw0-p1 "$v6"
records='"vm1.ovn.test"="10.0.0.1 ae70::1" "vm2.ovn.test"="10.0.0.2"'
dns=$(ovn-nbctl create dns records="$records")
ovn-nbctl add logical_switch sw0 dns_records "$dns"
