#include "notify/email_message.h"

#include <gtest/gtest.h>

#include "unit/notify/alert_fixture.h"

namespace mensajero::notify {
namespace {

using testing::breakerAlert;

EmailEnvelope envelope() {
  return {"alerts@clinic.example",
          {"oncall@clinic.example", "ops@clinic.example"},
          "abc123@clinic.example",
          1'767'225'600'000};
}

std::string headersOf(const std::string& message) {
  return message.substr(0, message.find("\r\n\r\n") + 2);
}

TEST(EmailMessageTest, HasTheRfc5322Headers) {
  const std::string message = emailMessage(breakerAlert(), envelope());
  const std::string headers = headersOf(message);
  EXPECT_NE(headers.find("Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(headers.find("From: alerts@clinic.example\r\n"), std::string::npos);
  EXPECT_NE(headers.find("To: oncall@clinic.example, ops@clinic.example\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Subject: [FIRING] Circuit Breaker Opened (high)\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Message-ID: <abc123@clinic.example>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(message.find("\r\n\r\nAlert: FIRING: Circuit Breaker Opened\r\n"), std::string::npos);
}

TEST(EmailMessageTest, HeaderInjectionThroughTheRuleNameIsImpossible) {
  auto alert = breakerAlert();
  alert.rule_name = "Evil\r\nBcc: attacker@evil.example\r\n\r\nforged body";
  alert.condition = "x\n.\r\nMAIL FROM:<a@b>";
  const std::string message = emailMessage(alert, envelope());
  const std::string headers = headersOf(message);
  EXPECT_EQ(headers.find("\r\nBcc:"), std::string::npos);
  EXPECT_EQ(message.find("\nBcc:"), std::string::npos);
  EXPECT_EQ(message.find("\r\n.\r\n"), std::string::npos);
  EXPECT_EQ(message.find("\nMAIL FROM"), std::string::npos);
  // Every line ends in CRLF and no bare CR or LF is left anywhere.
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n') {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(message[i - 1], '\r');
    }
    if (message[i] == '\r') {
      ASSERT_LT(i + 1, message.size());
      EXPECT_EQ(message[i + 1], '\n');
    }
  }
  EXPECT_NE(headers.find("Subject: [FIRING] Evil  Bcc: attacker@evil.example    forged body"),
            std::string::npos);
}

TEST(EmailMessageTest, HeaderNamesKeepOnlyFieldNameCharacters) {
  EXPECT_EQ(headerField("X-Bad:\r\nName", "v"), "X-BadName: v\r\n");
}

TEST(EmailMessageTest, NonAsciiSubjectBecomesEncodedWords) {
  auto alert = breakerAlert();
  alert.rule_name = "Interrupción del proveedor";
  const std::string headers = headersOf(emailMessage(alert, envelope()));
  EXPECT_NE(headers.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_EQ(headers.find("Interrupción"), std::string::npos);
}

TEST(EmailMessageTest, OnlyPlainAddressesAreAccepted) {
  EXPECT_TRUE(isPlainAddress("oncall@clinic.example"));
  EXPECT_FALSE(isPlainAddress("a@b\r\nRCPT TO:<x@y>"));
  EXPECT_FALSE(isPlainAddress("Name <a@b.example>"));
  EXPECT_FALSE(isPlainAddress("a,b@c.example"));
  EXPECT_FALSE(isPlainAddress("no-at-sign"));
  EXPECT_FALSE(isPlainAddress("two@@c.example"));
  EXPECT_FALSE(isPlainAddress(""));
}

TEST(EmailMessageTest, MessageIdUsesTheSendersDomain) {
  const std::string id = newMessageId("alerts@clinic.example");
  EXPECT_TRUE(id.ends_with("@clinic.example"));
  EXPECT_NE(id, newMessageId("alerts@clinic.example"));
}

}  // namespace
}  // namespace mensajero::notify
