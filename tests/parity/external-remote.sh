# (k3) External ports placed on other chassis: sw0 (switch-common.sh, two
# VIFs here) has a localnet port on physnet1 (br-ex) and external port
# ext1; sw1 (key 2, a VIF sw1-p1 here) has none, and external ports ext2
# and ext3.  ext1 and ext2 are in HA chassis group grp2 (hv2 at 30, hv3
# at 20), ext3 in grp3 (hv2 alone); hv2 and hv3 exist only in the
# Southbound, and ext3 is bound to hv2.  hv1, this chassis, is in no
# group: it claims none, reaches ext1 through the localnet port, ext2
# through the tunnels to its group's chassis, and ext3 through hv2's.
NO_VIF_3=yes
. "$PARITY_DIR"/switch-common.sh
ovs-vsctl add-br br-ex -- set bridge br-ex datapath_type=dummy \
    -- set open . external_ids:ovn-bridge-mappings=physnet1:br-ex
ovn-sbctl chassis-add hv2 geneve 192.168.0.2
ovn-sbctl chassis-add hv3 geneve 192.168.0.3
ovn-nbctl lsp-add sw0 sw0-ln -- lsp-set-type sw0-ln localnet \
    -- lsp-set-addresses sw0-ln unknown \
    -- lsp-set-options sw0-ln network_name=physnet1 \
    -- set logical_switch_port sw0-ln options:requested-tnl-key=9
ovn-nbctl ls-add sw1 -- set logical_switch sw1 other_config:requested-tnl-key=2
ovn-nbctl lsp-add sw1 sw1-p1 \
    -- lsp-set-addresses sw1-p1 "50:54:00:00:01:01 10.0.1.1" \
    -- set logical_switch_port sw1-p1 options:requested-tnl-key=1
ovs-vsctl add-port br-int vif4 -- set interface vif4 \
    external_ids:iface-id=sw1-p1 ofport_request=4
ovn-nbctl lsp-add sw0 ext1 -- lsp-set-type ext1 external \
    -- lsp-set-addresses ext1 "50:54:00:00:00:11 10.0.0.11" \
    -- set logical_switch_port ext1 options:requested-tnl-key=11
for i in 2 3; do
    ovn-nbctl lsp-add sw1 ext$i -- lsp-set-type ext$i external \
        -- lsp-set-addresses ext$i "50:54:00:00:01:1$i 10.0.1.1$i" \
        -- set logical_switch_port ext$i options:requested-tnl-key=1$i
done
ovn-nbctl ha-chassis-group-add grp2 \
    -- ha-chassis-group-add-chassis grp2 hv2 30 \
    -- ha-chassis-group-add-chassis grp2 hv3 20 \
    -- ha-chassis-group-add grp3 \
    -- ha-chassis-group-add-chassis grp3 hv2 30
grp2=$(ovn-nbctl --bare --columns=_uuid find ha_chassis_group name=grp2)
grp3=$(ovn-nbctl --bare --columns=_uuid find ha_chassis_group name=grp3)
ovn-nbctl set logical_switch_port ext1 ha_chassis_group=$grp2 \
    -- set logical_switch_port ext2 ha_chassis_group=$grp2 \
    -- set logical_switch_port ext3 ha_chassis_group=$grp3
ovn-nbctl --wait=sb sync
ovn-sbctl lsp-bind ext3 hv2
