#pragma once

#include "channels/meta/meta_provider.h"
#include "core/webhook_work.h"

namespace mensajero::core {

// What the webhook processor makes of a stored Meta row: Meta's parser, then core's rules.
inline storage::WebhookWork buildMetaWork(const storage::WebhookLogRecord& log, UnixMillis now) {
  static const channels::meta::MetaProvider provider;
  storage::WebhookLogRecord row = log;
  row.provider = "meta";
  return buildWebhookWork(&provider, row, now);
}

}  // namespace mensajero::core
