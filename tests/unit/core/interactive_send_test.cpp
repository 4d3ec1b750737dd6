// SendService with message.type 'interactive' on a real SQLite store: the body is the stored
// content, the normalised payload the stored metadata, and a request without parsed buttons
// or list is refused before anything is stored.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/send_service.h"
#include "resilience/clock.h"
#include "support/seeded_store.h"

namespace mensajero::core {
namespace {

constexpr int kLeaseMs = 30'000;

class InteractiveSendTest : public ::testing::Test {
 protected:
  InteractiveSendTest() : seeded_(testing::openSeededStore(dir_)) {}

  SendRequest buttons() const {
    SendRequest request;
    request.organization_id = seeded_.organization_id;
    request.recipient_type = "phone";
    request.recipient_value = "+12015550123";
    request.message_type = "interactive";
    InteractiveContent content;
    content.type = "button";
    content.body = "¿Confirma su cita?";
    content.buttons = {{"yes", "Confirmo"}, {"no", "Cancelar"}};
    request.content = content.body;
    request.interactive = content;
    return request;
  }

  testing::TempDir dir_;
  testing::SeededStore seeded_;
  resilience::ManualClock clock_;
};

TEST_F(InteractiveSendTest, StoresTheBodyAsContentAndThePayloadAsMetadata) {
  SendService service(*seeded_.store, clock_, "instance-1");
  SendRequest request = buttons();
  request.fallback_channels = std::vector<std::string>{"sms"};
  auto ticket = service.accept(request, kLeaseMs);
  ASSERT_TRUE(ticket.ok()) << ticket.error().message;
  auto found = seeded_.store->findMessage(ticket->message_id);
  ASSERT_TRUE(found && *found);
  const storage::MessageRecord& message = **found;
  EXPECT_EQ(message.message_type, "interactive");
  EXPECT_EQ(message.content, "¿Confirma su cita?");
  const auto metadata = nlohmann::json::parse(message.metadata);
  EXPECT_EQ(metadata["interactive"], interactiveMetadata(*request.interactive));
  // The SMS step would carry "¿Confirma su cita?\n\n1. Confirmo\n2. Cancelar": GSM-7 (¿ is in
  // its table), one part.
  EXPECT_EQ(metadata["sms"]["encoding"], "GSM-7") << message.metadata;
  EXPECT_EQ(metadata["sms"]["segments"], 1);
}

TEST_F(InteractiveSendTest, RefusesARuleBreakOrAMissingPayloadAndStoresNothing) {
  SendService service(*seeded_.store, clock_, "instance-1");
  SendRequest too_many = buttons();
  too_many.interactive->buttons.push_back({"a", "A"});
  too_many.interactive->buttons.push_back({"b", "B"});
  auto refused = service.accept(too_many, kLeaseMs);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "too_many_buttons");
  SendRequest unparsed = buttons();
  unparsed.interactive.reset();
  auto missing = service.accept(unparsed, kLeaseMs);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "invalid_content");
  auto pending = seeded_.store->countPendingOutbound(seeded_.organization_id);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(*pending, 0);
}

}  // namespace
}  // namespace mensajero::core
