# (k2) An external port active here: sw0 (switch-common.sh, two VIFs
# here) has a localnet port on physnet1 (br-ex) and external ports ext1
# (a host on the physical network that OVN answers ARP and DHCP for) and
# ext2, both placed by HA chassis group grp1, whose only chassis is hv1
# (this chassis): hv1 claims them and answers for them.
NO_VIF_3=yes
. "$PARITY_DIR"/switch-common.sh
ovs-vsctl add-br br-ex -- set bridge br-ex datapath_type=dummy \
    -- set open . external_ids:ovn-bridge-mappings=physnet1:br-ex
ovn-nbctl lsp-add sw0 sw0-ln -- lsp-set-type sw0-ln localnet \
    -- lsp-set-addresses sw0-ln unknown \
    -- lsp-set-options sw0-ln network_name=physnet1 \
    -- set logical_switch_port sw0-ln options:requested-tnl-key=9
opts='"server_id"="10.0.0.254" "router"="10.0.0.254"'
opts="$opts \"server_mac\"=\"00:00:00:00:ff:01\" \"lease_time\"=\"3600\""
dhcp=$(ovn-nbctl create dhcp_options cidr=10.0.0.0/24 options="$opts")
for i in 1 2; do
    ovn-nbctl lsp-add sw0 ext$i -- lsp-set-type ext$i external \
        -- lsp-set-addresses ext$i "50:54:00:00:00:1$i 10.0.0.1$i" \
        -- lsp-set-dhcpv4-options ext$i $dhcp \
        -- set logical_switch_port ext$i options:requested-tnl-key=1$i
done
ovn-nbctl ha-chassis-group-add grp1 \
    -- ha-chassis-group-add-chassis grp1 hv1 30
grp=$(ovn-nbctl --bare --columns=_uuid find ha_chassis_group name=grp1)
ovn-nbctl set logical_switch_port ext1 ha_chassis_group=$grp \
    -- set logical_switch_port ext2 ha_chassis_group=$grp
