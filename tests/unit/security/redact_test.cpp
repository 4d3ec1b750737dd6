#include "security/redact.h"

#include <gtest/gtest.h>

namespace mensajero::security {
namespace {

TEST(RedactTest, HasPrefixAnd12HexDigits) {
  const std::string redacted = redactRecipient("+12015550123");
  ASSERT_EQ(redacted.size(), 5u + 12u);
  EXPECT_EQ(redacted.substr(0, 5), "rcpt:");
  EXPECT_EQ(redacted.find_first_not_of("0123456789abcdef", 5), std::string::npos);
}

TEST(RedactTest, IsStableAndDistinguishesRecipients) {
  EXPECT_EQ(redactRecipient("+12015550123"), redactRecipient("+12015550123"));
  EXPECT_NE(redactRecipient("+12015550123"), redactRecipient("+12015550124"));
}

TEST(RedactTest, NeverContainsTheInputDigits) {
  for (const char* recipient : {"+12015550123", "5215512345678", "+5511912345678"}) {
    const std::string redacted = redactRecipient(recipient);
    const std::string digits = std::string(recipient).substr(recipient[0] == '+' ? 1 : 0);
    EXPECT_EQ(redacted.find(digits), std::string::npos) << redacted;
    // Not even the last four digits, the part people quote to identify a number.
    EXPECT_EQ(redacted.find(digits.substr(digits.size() - 4)), std::string::npos) << redacted;
  }
}

}  // namespace
}  // namespace mensajero::security
