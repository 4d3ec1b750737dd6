#include "core/recipient.h"

#include <gtest/gtest.h>

namespace mensajero::core {
namespace {

TEST(RecipientTest, NormalizesValidInternationalNumbersToE164) {
  EXPECT_EQ(normalizePhone("+1 201 555 0123", "").value(), "+12015550123");
  EXPECT_EQ(normalizePhone("+52 55 1234 5678", "").value(), "+525512345678");
  EXPECT_EQ(normalizePhone("+55 11 91234 5678", "").value(), "+5511912345678");
  EXPECT_EQ(normalizePhone("+1 (201) 555-0123", "MX").value(), "+12015550123");
}

TEST(RecipientTest, DropsTheOldMexicanMobileOne) {
  EXPECT_EQ(normalizePhone("+52 1 55 1234 5678", "").value(), "+525512345678");
}

TEST(RecipientTest, ReadsNationalNumbersInTheDefaultRegion) {
  EXPECT_EQ(normalizePhone("(201) 555-0123", "US").value(), "+12015550123");
  EXPECT_EQ(normalizePhone("55 1234 5678", "MX").value(), "+525512345678");
  EXPECT_EQ(normalizePhone("(11) 91234-5678", "BR").value(), "+5511912345678");
  EXPECT_EQ(normalizePhone("2015550123", "us").value(), "+12015550123");
}

TEST(RecipientTest, RejectsTheSpecSampleNumber) {
  const Result<std::string> result = normalizePhone("+1234567890", "US");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().category, ErrorCategory::Invalid);
  EXPECT_EQ(result.error().code, "invalid_recipient");
}

TEST(RecipientTest, RejectsInvalidInput) {
  for (const char* bad :
       {"", "+", "hello", "+1 201 555 01", "+1 201 555 0123 4567", "+999 123 456 789", "12345"}) {
    const Result<std::string> result = normalizePhone(bad, "US");
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.error().code, "invalid_recipient") << bad;
  }
}

TEST(RecipientTest, NationalNumberWithoutRegionIsInvalid) {
  EXPECT_FALSE(normalizePhone("2015550123", "").ok());
  EXPECT_FALSE(normalizePhone("2015550123", "XX").ok());
}

TEST(RecipientTest, ErrorMessageDoesNotEchoTheNumber) {
  const Result<std::string> result = normalizePhone("+1234567890", "US");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message.find("1234567890"), std::string::npos);
}

TEST(RecipientTest, WhatsappKeyDropsMexicanMobileOne) {
  EXPECT_EQ(whatsappKey("5215512345678"), "+525512345678");
  EXPECT_EQ(whatsappKey("+5215512345678"), "+525512345678");
  EXPECT_EQ(whatsappKey("+525512345678"), "+525512345678");
}

TEST(RecipientTest, WhatsappKeyRestoresBrazilianNinthDigit) {
  EXPECT_EQ(whatsappKey("551181234567"), "+5511981234567");
  EXPECT_EQ(whatsappKey("+5511981234567"), "+5511981234567");
  // A landline (subscriber starting 2-5) keeps its eight digits.
  EXPECT_EQ(whatsappKey("551132345678"), "+551132345678");
}

TEST(RecipientTest, WhatsappKeyLeavesOtherCountriesAlone) {
  EXPECT_EQ(whatsappKey("12015550123"), "+12015550123");
  EXPECT_EQ(whatsappKey("+1 (201) 555-0123"), "+12015550123");
  EXPECT_EQ(whatsappKey(""), "");
}

TEST(RecipientTest, OutboundNumberAndInboundWaIdMeet) {
  // Sent to the normalised number, answered from Meta's wa_id.
  EXPECT_EQ(whatsappKey(normalizePhone("+52 55 1234 5678", "").value()),
            whatsappKey("5215512345678"));
  EXPECT_EQ(whatsappKey(normalizePhone("+55 11 98123 4567", "").value()),
            whatsappKey("551181234567"));
}

}  // namespace
}  // namespace mensajero::core
