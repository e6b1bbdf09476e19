/* pinctrl-log: the lines that ACLs with "log" write, as OVN 23.03 writes
 * them, into vlog module "acl_log" at level INFO whatever the ACL's
 * severity:
 *
 *   name="web", verdict=allow, severity=info, direction=from-lport: FLOW
 *
 * where the name is a JSON string ("<unnamed>" if the ACL has none) and
 * FLOW is the packet's headers in ovs-ofctl's flow syntax.  Pure
 * functions but for acl_log_write(); called by the pinctrl thread's dispatch (pinctrl.cpp) and
 * the unit tests. */
#ifndef OVN_CONTROLLER_PINCTRL_LOG_H
#define OVN_CONTROLLER_PINCTRL_LOG_H 1

#include <cstdint>
#include <string>
#include <string_view>

namespace ovn {

/* The direction of the ACL that sent a packet in from OpenFlow table
 * 'table_id': "from-lport" for the ingress pipeline, else "to-lport". */
const char *acl_log_direction(uint8_t table_id);

/* log()'s userdata after the opcode, 'payload' (verdict and severity, a
 * byte each, then the name), turned into the log line for a packet in
 * 'direction' whose headers are 'flow' (flow syntax).  Returns false,
 * 'line' untouched, if 'payload' lacks the two bytes. */
bool acl_log_line(std::string_view payload, std::string_view direction,
                  std::string_view flow, std::string *line);

/* Whether vlog module "acl_log" logs at level INFO, and writing 'line'
 * there, as 23.03 does (the logical flow's meter limits the rate). */
bool acl_log_enabled();
void acl_log_write(const std::string &line);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-log.h */
