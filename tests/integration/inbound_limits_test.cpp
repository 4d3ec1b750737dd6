// Issue 8 item 15: an inbound text is stored capped at 4,096 characters.
#include <string>

#include <gtest/gtest.h>

#include "integration/metrics_scrape.h"
#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

TEST(InboundLimitsTest, ThreeMegabyteInboundTextIsStoredCapped) {
  Sandbox sandbox;
  const std::string text(3'000'000, 'a');
  const Reply reply = sandbox.postWebhook(
      kClinicA, inboundWebhook(kPhoneNumberIdA, "wamid.IN-HUGE", "12015550170", "Ana", text),
      kAppSecretA);
  ASSERT_EQ(reply.status, 200) << reply.body;
  ASSERT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE direction = 'inbound'") == 1;
  }));
  EXPECT_EQ(sandbox.queryNumber("SELECT length(content) FROM messages WHERE direction = 'inbound'"),
            4096);
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE direction = 'inbound' AND "
                                "content LIKE '%aaaa [truncated]'"),
            1);
  // Counted just after the batch commits: the row may be readable a moment earlier.
  EXPECT_TRUE(eventually(
      [&] { return metricValue(sandbox, "mensajero_inbound_texts_truncated_total") == 1; }));
  // The log names the message and the length, never the text.
  const std::string log = sandbox.gatewayLog();
  EXPECT_NE(log.find("inbound text truncated"), std::string::npos);
  EXPECT_NE(log.find("wamid.IN-HUGE had 3000000 characters"), std::string::npos);
  EXPECT_EQ(log.find("aaaaaaaaaaaaaaaa"), std::string::npos);
}

}  // namespace
}  // namespace mensajero::testing
