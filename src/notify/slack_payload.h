#pragma once

#include <string>
#include <string_view>

#include "monitoring/alert_notification.h"

namespace mensajero::notify {

// The JSON body of a Slack incoming-webhook POST: `text` (the headline, also what Slack shows
// in notifications) plus Block Kit `blocks`: a header, a section of fields (rule, severity,
// metric, value against threshold, since, at) and a context line (source, alert key). Text
// from the rule is escaped for mrkdwn (&, <, >) and bounded by Slack's block limits.
std::string slackPayload(const monitoring::AlertNotification& notification);

// `text` with &, < and > replaced by Slack's entities, so a rule name cannot mention
// @channel or make a link.
std::string escapeSlackText(std::string_view text);

}  // namespace mensajero::notify
