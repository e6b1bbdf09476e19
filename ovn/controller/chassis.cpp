#include <config.h>

#include "ovn/controller/chassis.h"

#include "lib/ovs-internal.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "lib/smap-owner.h"
#include "ovn/lib/sb-shim.h"
#include "smap.h"

COVERAGE_DEFINE(chassis_run);

namespace ovn {

namespace {

std::string
get_string(const smap *map, const char *key, const char *def = "")
{
    const char *value = map ? smap_get(map, key) : nullptr;
    return value ? value : def;
}

std::string
join_iface_types(const ovsrec_open_vswitch *ovs)
{
    std::string s;
    for (size_t i = 0; i < ovs_shim_open_vswitch_n_iface_types(ovs); i++) {
        if (i) {
            s += ',';
        }
        s += ovs_shim_open_vswitch_iface_type(ovs, i);
    }
    return s;
}

/* Chassis.other_config as ovn-northd 23.03 and the other chassis read
 * it: the configuration the others need to know, and the features this
 * ovn-controller really implements, since ovn-northd picks the flows it
 * emits from them: port-up-notif (Port_Binding.up once the flows are
 * in), ct-no-masked-label (ct_mark.blocked and ct_mark.natted, ct_lb_mark,
 * the hairpin flows on ct_mark) and ovn-ct-lb-related (ct_commit_nat),
 * which the logical flow translation handles.  mac-binding-timestamp
 * waits for pinctrl, which writes MAC_Bindings. */
void
fill_other_config(ovs::Smap &oc, const ChassisConfig &cfg,
                  const ovsrec_open_vswitch *ovs, const ovsrec_bridge *br)
{
    const smap *ids = cfg.external_ids;
    oc.add("ct-no-masked-label", "true");
    oc.add("datapath-type", br ? ovs_shim_bridge_datapath_type(br) : "");
    oc.add("iface-types", join_iface_types(ovs));
    oc.add("is-interconn", get_string(ids, "ovn-is-interconn", "false"));
    oc.add("ovn-bridge-mappings", get_string(ids, "ovn-bridge-mappings"));
    oc.add("ovn-chassis-mac-mappings",
           get_string(ids, "ovn-chassis-mac-mappings"));
    oc.add("ovn-cms-options", get_string(ids, "ovn-cms-options"));
    oc.add("ovn-enable-lflow-cache",
           get_string(ids, "ovn-enable-lflow-cache", "true"));
    oc.add("ovn-limit-lflow-cache", get_string(ids, "ovn-limit-lflow-cache"));
    oc.add("ovn-memlimit-lflow-cache-kb",
           get_string(ids, "ovn-memlimit-lflow-cache-kb"));
    oc.add("ovn-monitor-all", get_string(ids, "ovn-monitor-all", "false"));
    oc.add("ovn-trim-limit-lflow-cache",
           get_string(ids, "ovn-trim-limit-lflow-cache"));
    oc.add("ovn-trim-timeout-ms", get_string(ids, "ovn-trim-timeout-ms"));
    oc.add("ovn-trim-wmark-perc-lflow-cache",
           get_string(ids, "ovn-trim-wmark-perc-lflow-cache"));
    oc.add("ovn-ct-lb-related", "true");
    oc.add("port-up-notif", "true");
}

}  // namespace

void
chassis_run(ovsdb_idl_txn *txn, const ChassisConfig &cfg,
            const ovsrec_open_vswitch *ovs, const ovsrec_bridge *br_int)
{
    COVERAGE_INC(chassis_run);
    if (cfg.encap_types.empty() || cfg.encap_ip.empty()) {
        return;
    }
    std::vector<const char *> types;
    for (const std::string &t : cfg.encap_types) {
        types.push_back(t.c_str());
    }
    const sbrec_chassis *ch = sb_shim_chassis_register(
        txn, cfg.system_id.c_str(), cfg.hostname.c_str(), types.data(),
        types.size(), cfg.encap_ip.c_str());

    /* Geneve and STT checksums, which ovn-encap-csum may turn off. */
    ovs::Smap encap_options;
    encap_options.add("csum", get_string(cfg.external_ids, "ovn-encap-csum",
                                         "true"));
    sb_shim_chassis_set_encap_options(ch, encap_options.get());

    ovs::Smap other_config;
    fill_other_config(other_config, cfg, ovs, br_int);
    sb_shim_chassis_set_other_config(ch, other_config.get());

    sb_shim_chassis_private_register(txn, cfg.system_id.c_str(), ch);
}

bool
chassis_cleanup(const sb::Indexes *ix, const std::string &system_id)
{
    const sb::Chassis ch = sb::Chassis::find_by_name(ix, system_id.c_str());
    const sb::ChassisPrivate chp
        = sb::ChassisPrivate::find_by_name(ix, system_id.c_str());
    if (!ch && !chp) {
        return true;
    }
    if (chp) {
        sb_shim_chassis_private_delete(chp.get());
    }
    if (ch) {
        sb_shim_chassis_delete(ch.get());
    }
    return false;
}

}  // namespace ovn
