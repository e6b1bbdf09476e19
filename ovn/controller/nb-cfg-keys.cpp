#include <config.h>

#include "ovn/controller/nb-cfg-keys.h"

#include "ovn/controller/bridge-key-store.h"

namespace ovn {

namespace {

constexpr const char *STARTUP_TS = "ovn-startup-ts";
constexpr const char *NB_CFG = "ovn-nb-cfg";
constexpr const char *NB_CFG_TS = "ovn-nb-cfg-ts";

}  // namespace

std::vector<std::string>
nb_cfg_key_prefixes()
{
    /* NB_CFG is also NB_CFG_TS's prefix. */
    return {STARTUP_TS, NB_CFG};
}

void
nb_cfg_keys_record_startup(BridgeKeyStore &store, long long int startup_msec)
{
    store.set(STARTUP_TS, std::to_string(startup_msec));
}

void
nb_cfg_keys_record_installed(BridgeKeyStore &store, int64_t nb_cfg,
                             long long int now_msec)
{
    if (!nb_cfg) {
        return;
    }
    const BridgeKeyStore::Keys *keys = store.keys();
    if (!keys) {
        return;
    }
    const std::string value = std::to_string(nb_cfg);
    auto it = keys->find(NB_CFG);
    if (it != keys->end() && it->second == value) {
        return;
    }
    store.set(NB_CFG, value);
    store.set(NB_CFG_TS, std::to_string(now_msec));
}

}  // namespace ovn
