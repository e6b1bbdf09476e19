# (h) For pinctrl's replies: DHCPv4 options that DHCPINFORM's reply
# leaves out (lease and renewal times, netmask, broadcast address) and
# others it keeps, DHCPv6 with a DNS server and a domain, DNS records
# with two addresses and a reverse (PTR) name.
ADDR_1="50:54:00:00:00:01 10.0.0.1 ae70::1"
. "$PARITY_DIR"/switch-common.sh
v4=$(ovn-nbctl create dhcp_options cidr=10.0.0.0/24)
ovn-nbctl dhcp-options-set-options "$v4" lease_time=3600 T1=1800 \
    T2=3150 router=10.0.0.254 server_id=10.0.0.254 \
    server_mac=c0:ff:ee:00:00:01 broadcast_address=10.0.0.255 mtu=1442 \
    domain_name='"ovn.test"' hostname='"vm1"'
v6=$(ovn-nbctl create dhcp_options cidr='"ae70::/64"')
ovn-nbctl dhcp-options-set-options "$v6" server_id=00:00:00:10:00:01 \
    dns_server=ae70::fe domain_search='"ovn.test"'
ovn-nbctl lsp-set-dhcpv4-options sw0-p1 "$v4" \
    -- lsp-set-dhcpv6-options sw0-p1 "$v6"
records='"vm1.ovn.test"="10.0.0.1 ae70::1" "vm2.ovn.test"="10.0.0.2 10.0.0.22" "1.0.0.10.in-addr.arpa"="vm1.ovn.test"'
dns=$(ovn-nbctl create dns records="$records")
ovn-nbctl add logical_switch sw0 dns_records "$dns"
