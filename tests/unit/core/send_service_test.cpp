// SendService on a real SQLite store behind the fault-injecting wrapper, with the manual
// clock: the domain rules it refuses by, the bounds it keeps, the channel it chooses, and a
// store failure that surfaces as an error with nothing half-done.
#include "core/send_service.h"

#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/domain/channel_type.h"
#include "core/domain/delivery_status.h"
#include "resilience/clock.h"
#include "support/eventually.h"
#include "support/fault_injection_store.h"
#include "support/seeded_store.h"

namespace mensajero::core {
namespace {

using namespace std::chrono_literals;

constexpr int kLeaseMs = 30'000;
constexpr std::int64_t kDayMs = 86'400'000;

class SendServiceTest : public ::testing::Test {
 protected:
  SendServiceTest() : seeded_(testing::openSeededStore(dir_)), store_(*seeded_.store) {}

  SendRequest text(std::string phone = "+12015550123") const {
    SendRequest request;
    request.organization_id = seeded_.organization_id;
    request.recipient_type = "phone";
    request.recipient_value = std::move(phone);
    request.content = "Your appointment is confirmed";
    return request;
  }

  std::int64_t pending() {
    auto count = seeded_.store->countPendingOutbound(seeded_.organization_id);
    return count ? *count : -1;
  }

  std::optional<storage::MessageRecord> stored(const std::string& id) {
    auto found = seeded_.store->findMessage(id);
    return found && *found ? std::optional(**found) : std::nullopt;
  }

  testing::TempDir dir_;
  testing::SeededStore seeded_;
  testing::FaultInjectionStore store_;
  resilience::ManualClock clock_;
};

TEST_F(SendServiceTest, AcceptsATextDueNowLeasedToThisInstanceOnTheOrganizationsChannel) {
  SendService service(store_, clock_, "instance-1");
  auto ticket = service.accept(text(), kLeaseMs);
  ASSERT_TRUE(ticket.ok()) << ticket.error().message;
  EXPECT_TRUE(ticket->due_now);
  const auto message = stored(ticket->message_id);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->delivery_status, domain::DeliveryStatus::Pending);
  EXPECT_EQ(message->recipient, "+12015550123");
  EXPECT_EQ(message->channel_instance_id, seeded_.channel_id);
  EXPECT_EQ(message->lease_owner, "instance-1");
  EXPECT_EQ(message->lease_until, clock_.now() + kLeaseMs);
}

// Issue 10: an SMS step's encoding and parts are counted at acceptance and stored with the
// message; a plan without SMS stores none.
TEST_F(SendServiceTest, StoresTheSmsEncodingAndPartsWhenThePlanHasAnSmsStep) {
  SendService service(store_, clock_, "instance-1");
  SendRequest request = text();
  request.fallback_channels = std::vector<std::string>{"sms"};
  request.content = std::string(150, 'a') + "\u20ac";  // the euro sign takes two septets
  auto ticket = service.accept(request, kLeaseMs);
  ASSERT_TRUE(ticket.ok()) << ticket.error().message;
  const auto message = stored(ticket->message_id);
  ASSERT_TRUE(message);
  const auto metadata = nlohmann::json::parse(message->metadata);
  EXPECT_EQ(metadata["sms"]["encoding"], "GSM-7") << message->metadata;
  EXPECT_EQ(metadata["sms"]["segments"], 1) << message->metadata;

  request.content = std::string(150, 'a') + "\U0001F600";  // an emoji: UCS-2, 152 units
  auto ucs2 = service.accept(request, kLeaseMs);
  ASSERT_TRUE(ucs2.ok()) << ucs2.error().message;
  const auto ucs2_metadata = nlohmann::json::parse(stored(ucs2->message_id)->metadata);
  EXPECT_EQ(ucs2_metadata["sms"]["encoding"], "UCS-2");
  EXPECT_EQ(ucs2_metadata["sms"]["segments"], 3);

  request.fallback_channels = std::vector<std::string>{};
  auto whatsapp_only = service.accept(request, kLeaseMs);
  ASSERT_TRUE(whatsapp_only.ok());
  EXPECT_EQ(stored(whatsapp_only->message_id)->metadata, "{}");
}

TEST_F(SendServiceTest, RefusesAnUnknownPriorityAndStoresNothing) {
  SendService service(store_, clock_, "instance-1");
  SendRequest request = text();
  request.priority = "urgent";
  auto ticket = service.accept(request, kLeaseMs);
  ASSERT_FALSE(ticket.ok());
  EXPECT_EQ(ticket.error().category, ErrorCategory::Invalid);
  EXPECT_EQ(ticket.error().code, "invalid_priority");
  EXPECT_EQ(pending(), 0);
}

TEST_F(SendServiceTest, RefusesUnsupportedTypesEmptyTextAndBadRecipients) {
  SendService service(store_, clock_, "instance-1");
  SendRequest image = text();
  image.message_type = "image";
  SendRequest empty = text();
  empty.content.clear();
  SendRequest too_long = text();
  too_long.content = std::string(SendService::kMaxTextLength + 1, 'a');
  SendRequest bad_phone = text("+1234567890");
  SendRequest bad_type = text();
  bad_type.recipient_type = "email";
  const std::pair<SendRequest, const char*> cases[] = {{image, "unsupported_message_type"},
                                                       {empty, "invalid_content"},
                                                       {too_long, "content_too_long"},
                                                       {bad_phone, "invalid_recipient"},
                                                       {bad_type, "invalid_recipient"}};
  for (const auto& [request, code] : cases) {
    auto ticket = service.accept(request, kLeaseMs);
    ASSERT_FALSE(ticket.ok()) << code;
    EXPECT_EQ(ticket.error().category, ErrorCategory::Invalid) << code;
    EXPECT_EQ(ticket.error().code, code);
  }
  EXPECT_EQ(pending(), 0);
}

TEST_F(SendServiceTest, RefusesBeyondTheOrganizationsBacklogButNotAnotherOrganization) {
  SendService service(store_, clock_, "instance-1", /*max_backlog=*/2);
  ASSERT_TRUE(service.accept(text(), kLeaseMs).ok());
  ASSERT_TRUE(service.accept(text(), kLeaseMs).ok());
  auto refused = service.accept(text(), kLeaseMs);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Unavailable);
  EXPECT_EQ(refused.error().code, "backlog_full");
  EXPECT_EQ(refused.error().retry_after_ms, 5'000);
  // A recount a second later finds the same backlog in the store.
  clock_.advance(1s);
  EXPECT_FALSE(service.accept(text(), kLeaseMs).ok());
  EXPECT_EQ(pending(), 2);

  const std::string other = testing::addOrganization(*seeded_.store, "Other clinic");
  testing::addChannel(*seeded_.store, other, R"({"phone_number_id":"9","access_token":"t"})");
  SendRequest elsewhere = text();
  elsewhere.organization_id = other;
  EXPECT_TRUE(service.accept(elsewhere, kLeaseMs).ok());
}

TEST_F(SendServiceTest, SchedulesUpToTheHorizonAndRefusesBeyondIt) {
  SendService service(store_, clock_, "instance-1", 100, /*max_schedule_ahead_ms=*/kDayMs);
  SendRequest at_horizon = text();
  at_horizon.scheduled_at = clock_.now() + kDayMs;
  auto ticket = service.accept(at_horizon, kLeaseMs);
  ASSERT_TRUE(ticket.ok()) << ticket.error().message;
  EXPECT_FALSE(ticket->due_now);
  const auto message = stored(ticket->message_id);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->next_attempt_at, *at_horizon.scheduled_at);
  EXPECT_EQ(message->lease_until, std::nullopt) << "a scheduled message is left to the poller";

  SendRequest beyond = text();
  beyond.scheduled_at = clock_.now() + kDayMs + 1;
  auto refused = service.accept(beyond, kLeaseMs);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "scheduled_too_far");
  EXPECT_EQ(pending(), 1);
}

TEST_F(SendServiceTest, APastScheduledTimeIsDueNow) {
  SendService service(store_, clock_, "instance-1");
  SendRequest past = text();
  past.scheduled_at = clock_.now() - 60'000;
  auto ticket = service.accept(past, kLeaseMs);
  ASSERT_TRUE(ticket.ok());
  EXPECT_TRUE(ticket->due_now);
  EXPECT_EQ(stored(ticket->message_id)->next_attempt_at, clock_.now());
}

// Issue 13: accepts keep copies of the organization's channels (core::TenantDirectory); a
// change through the store counts for the very next send, with no time passing.
TEST_F(SendServiceTest, AChannelDisabledAfterASendCountsForTheNextSend) {
  SendService service(store_, clock_, "instance-1");
  ASSERT_TRUE(service.accept(text(), kLeaseMs).ok());
  ASSERT_TRUE(service.accept(text("+12015550124"), kLeaseMs).ok());
  EXPECT_EQ(store_.calls("listChannelInstances"), 1) << "the second send used the copy";

  ASSERT_TRUE(seeded_.store->setChannelStatus(seeded_.channel_id, "inactive", std::nullopt).ok());
  auto refused = service.accept(text("+12015550125"), kLeaseMs);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "no_channel");
}

TEST_F(SendServiceTest, ADisabledChannelIsNotChosenAndNoChannelIsUnavailable) {
  SendService service(store_, clock_, "instance-1");
  ASSERT_TRUE(seeded_.store->setChannelStatus(seeded_.channel_id, "inactive", std::nullopt).ok());
  auto refused = service.accept(text(), kLeaseMs);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Unavailable);
  EXPECT_EQ(refused.error().code, "no_channel");

  ASSERT_TRUE(seeded_.store->setChannelStatus(seeded_.channel_id, "error", "shutdown").ok());
  EXPECT_FALSE(service.accept(text(), kLeaseMs).ok()) << "an emergency shutdown is not chosen";

  ASSERT_TRUE(seeded_.store->setChannelStatus(seeded_.channel_id, "connected", std::nullopt).ok());
  auto ticket = service.accept(text(), kLeaseMs);
  ASSERT_TRUE(ticket.ok());
  EXPECT_EQ(stored(ticket->message_id)->channel_instance_id, seeded_.channel_id);
}

TEST_F(SendServiceTest, AnUnknownOrganizationIsNotFound) {
  SendService service(store_, clock_, "instance-1");
  SendRequest request = text();
  request.organization_id = "00000000-0000-4000-8000-000000000000";
  auto refused = service.accept(request, kLeaseMs);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::NotFound);
}

TEST_F(SendServiceTest, AFailedCommitSurfacesAndLeavesNothingBehindNotEvenInTheBacklogCount) {
  SendService service(store_, clock_, "instance-1", /*max_backlog=*/1);
  store_.failNext("acceptOutbound");
  auto failed = service.accept(text(), kLeaseMs);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().category, ErrorCategory::Unavailable);
  EXPECT_EQ(failed.error().code, "db_injected");
  EXPECT_EQ(pending(), 0);
  auto stats = seeded_.store->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->outbound_pending, 0);
  // With a bound of one, the retry is admitted only if the failure was not counted.
  EXPECT_TRUE(service.accept(text(), kLeaseMs).ok());
  EXPECT_EQ(pending(), 1);
}

// acceptAsync: the ticket once committed, from the store's writer thread.
Result<SendTicket> acceptAsyncAndWait(SendService& service, const SendRequest& request,
                                      std::thread::id* called_on = nullptr) {
  auto promise = std::make_shared<std::promise<Result<SendTicket>>>();
  auto future = promise->get_future();
  service.acceptAsync(request, kLeaseMs, [promise, called_on](Result<SendTicket> ticket) {
    if (called_on != nullptr) *called_on = std::this_thread::get_id();
    promise->set_value(std::move(ticket));
  });
  EXPECT_EQ(future.wait_for(30s), std::future_status::ready);
  return future.get();
}

TEST_F(SendServiceTest, AcceptAsyncGivesTheCommittedTicketFromTheWriterThread) {
  SendService service(store_, clock_, "instance-1", /*max_backlog=*/1);
  std::thread::id called_on;
  auto ticket = acceptAsyncAndWait(service, text(), &called_on);
  ASSERT_TRUE(ticket.ok()) << ticket.error().message;
  EXPECT_NE(called_on, std::this_thread::get_id()) << "no thread waited for the commit";
  EXPECT_TRUE(ticket->due_now);
  const auto message = stored(ticket->message_id);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->conversation_id, ticket->conversation_id);
  EXPECT_EQ(message->lease_owner, "instance-1");
  // Counted at once, as accept() counts: the bound of one refuses the next.
  auto refused = acceptAsyncAndWait(service, text("+12015550124"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "backlog_full");
}

TEST_F(SendServiceTest, AcceptAsyncRefusesOnTheCallingThreadOrWithTheStoresError) {
  SendService service(store_, clock_, "instance-1", /*max_backlog=*/1);
  SendRequest invalid = text();
  invalid.priority = "urgent";
  std::thread::id called_on;
  auto refused = acceptAsyncAndWait(service, invalid, &called_on);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "invalid_priority");
  EXPECT_EQ(called_on, std::this_thread::get_id());

  store_.failNext("acceptOutboundAsync");
  auto failed = acceptAsyncAndWait(service, text());
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "db_injected");
  EXPECT_EQ(pending(), 0);
  // Not counted: with a bound of one the next is admitted.
  EXPECT_TRUE(acceptAsyncAndWait(service, text()).ok());
  EXPECT_EQ(pending(), 1);
}

TEST_F(SendServiceTest, AStoreThatCannotBeReadRefusesBeforeWriting) {
  SendService service(store_, clock_, "instance-1");
  store_.failFromNow("listChannelInstances");
  auto failed = service.accept(text(), kLeaseMs);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "db_injected");
  EXPECT_EQ(store_.calls("acceptOutbound"), 0);
  store_.heal();
  EXPECT_TRUE(service.accept(text(), kLeaseMs).ok());
}

TEST_F(SendServiceTest, SendsGoOnWithTheLastCountWhileTheBacklogIsBeingCounted) {
  SendService service(store_, clock_, "instance-1", /*max_backlog=*/5);
  ASSERT_TRUE(service.accept(text(), kLeaseMs).ok());  // the first count, waited for
  clock_.advance(1s);
  // The next count runs in the background; while it is held, no send waits for it, not even
  // the one that started it: they go on with the last count plus the sends accepted since.
  std::promise<void> counting;
  std::promise<void> release;
  store_.beforeNext("countPendingOutbound", [&] {
    counting.set_value();
    release.get_future().wait();
  });
  EXPECT_TRUE(service.accept(text(), kLeaseMs).ok());
  counting.get_future().wait();
  EXPECT_TRUE(service.accept(text(), kLeaseMs).ok());
  release.set_value();
  EXPECT_TRUE(testing::eventually([&] { return store_.calls("countPendingOutbound") == 2; }));
  EXPECT_EQ(store_.calls("countPendingOutbound"), 2) << "one count at a time";
  EXPECT_EQ(pending(), 3);
}

TEST_F(SendServiceTest, ABacklogThatCannotBeCountedRefusesTheSend) {
  SendService service(store_, clock_, "instance-1");
  store_.failNext("countPendingOutbound");
  auto failed = service.accept(text(), kLeaseMs);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().category, ErrorCategory::Unavailable);
  EXPECT_EQ(pending(), 0);
}

TEST_F(SendServiceTest, AStoreThatStopsTakingWritesRefusesEverySendUntilItRecovers) {
  SendService service(store_, clock_, "instance-1");
  store_.crash();
  for (int i = 0; i < 3; ++i) {
    auto failed = service.accept(text(), kLeaseMs);
    ASSERT_FALSE(failed.ok());
    EXPECT_TRUE(failed.error().retryable()) << "the client may retry later";
  }
  EXPECT_EQ(pending(), 0);
  store_.heal();
  EXPECT_TRUE(service.accept(text(), kLeaseMs).ok());
  EXPECT_EQ(pending(), 1);
}

}  // namespace
}  // namespace mensajero::core
