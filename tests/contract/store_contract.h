#pragma once

#include <utility>

#include <future>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/result.h"
#include "contract/store_backend.h"
#include "storage/store.h"

namespace mensajero::storage::contract {

constexpr UnixMillis kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00.000Z

// kT0 plus whole seconds: test times read as small numbers.
constexpr UnixMillis at(int seconds) { return kT0 + seconds * 1000LL; }

// The value of an ok Result; otherwise records a failure and returns a default value, so a
// helper's caller fails without crashing.
template <typename T>
T must(Result<T> result) {
  if (!result.ok()) {
    ADD_FAILURE() << "unexpected error: " << result.error().message;
    return T{};
  }
  return std::move(result).value();
}

inline void must(Status status) {
  if (!status.ok()) ADD_FAILURE() << "unexpected error: " << status.error().message;
}

// The Store contract, run against every backend. Each test gets a fresh, migrated database.
class StoreContractTest : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override;
  // Closes the store and opens it again on the same database.
  void reopen();
  Store& store() { return *store_; }

  OrganizationRecord makeOrganization(const std::string& name);
  // An immediate outbound text to `identifier`, created and due at `created`.
  NewOutboundMessage outbound(const std::string& organization_id, const std::string& identifier,
                              UnixMillis created) const;
  AcceptedMessage accept(NewOutboundMessage message);
  MessageRecord message(const std::string& id);
  ConversationPage page(const std::string& organization_id, const std::string& conversation_id,
                        int limit = 50, std::optional<std::string> before = std::nullopt);
  // Accepts, claims and records a 'sent' attempt with `external_id` at `sent`.
  std::string sentMessage(const std::string& organization_id, const std::string& identifier,
                          const std::string& external_id, UnixMillis sent);
  WebhookApplyCounts applyStatus(const StatusEvent& event);
  WebhookApplyCounts applyInbound(const InboundEvent& event);
  // Appends and waits for the callback.
  Result<WebhookAppend> appendWebhook(WebhookLogRecord record);

  std::unique_ptr<StoreBackend> backend_;
  StorePtr store_;
};

// A status event received by `organization_id`'s webhook.
StatusEvent statusEvent(const std::string& organization_id, const std::string& external_id,
                        const std::string& status, UnixMillis at);
InboundEvent inboundEvent(const std::string& organization_id, const std::string& identifier,
                          const std::string& external_id, UnixMillis at);
WebhookLogRecord webhookRecord(const std::string& payload, UnixMillis received_at);

}  // namespace mensajero::storage::contract
