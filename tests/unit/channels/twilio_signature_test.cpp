#include "channels/twilio/twilio_signature.h"

#include <gtest/gtest.h>

namespace mensajero::channels::twilio {
namespace {

// shared/reference/providers.md §2.6, first vector.
constexpr const char* kToken = "0123456789abcdef0123456789abcdef";
constexpr const char* kUrl = "https://gw.example.org/webhooks/twilio/status?tenant=clinic-7";
constexpr const char* kBody =
    "MessageSid=SM0123456789abcdef0123456789abcdef&SmsSid=SM0123456789abcdef0123456789abcdef&"
    "AccountSid=AC00000000000000000000000000000001&From=whatsapp%3A%2B14155238886&"
    "To=whatsapp%3A%2B5215512345678&MessageStatus=delivered&SmsStatus=delivered&"
    "ChannelPrefix=whatsapp&ApiVersion=2010-04-01";

FormFields statusForm() { return decodeForm(kBody).value(); }

// twilio-python's unit test parameters (providers.md §2.6, second vector).
const FormFields kCallParams = {{"CallSid", "CA1234567890ABCDE"},
                                {"Caller", "+14158675309"},
                                {"Digits", "1234"},
                                {"From", "+14158675309"},
                                {"To", "+18005551212"}};
constexpr const char* kCallUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";

TEST(TwilioSignatureTest, SigningStringSortsDecodedParameters) {
  EXPECT_EQ(twilioSigningString(kUrl, statusForm()),
            std::string(kUrl) +
                "AccountSidAC00000000000000000000000000000001ApiVersion2010-04-01"
                "ChannelPrefixwhatsappFromwhatsapp:+14155238886"
                "MessageSidSM0123456789abcdef0123456789abcdefMessageStatusdelivered"
                "SmsSidSM0123456789abcdef0123456789abcdefSmsStatusdelivered"
                "Towhatsapp:+5215512345678");
}

TEST(TwilioSignatureTest, ReferenceStatusCallbackVector) {
  EXPECT_EQ(computeTwilioSignature(kToken, kUrl, statusForm()), "nUQ6QfBOpGSEEKfev6gC1Gh5Wl0=");
  EXPECT_TRUE(verifyTwilioSignature(kToken, kUrl, statusForm(), "nUQ6QfBOpGSEEKfev6gC1Gh5Wl0="));
}

TEST(TwilioSignatureTest, DefaultPortSignatureIsAcceptedToo) {
  const std::string with_port = "https://gw.example.org:443/webhooks/twilio/status?tenant=clinic-7";
  EXPECT_EQ(computeTwilioSignature(kToken, with_port, statusForm()),
            "WU8ApfM6SsuCCTuX5N2o3PX1jIQ=");
  // Twilio signed with :443; we know the URL without it, and the other way round.
  EXPECT_TRUE(verifyTwilioSignature(kToken, kUrl, statusForm(), "WU8ApfM6SsuCCTuX5N2o3PX1jIQ="));
  EXPECT_TRUE(
      verifyTwilioSignature(kToken, with_port, statusForm(), "nUQ6QfBOpGSEEKfev6gC1Gh5Wl0="));
}

TEST(TwilioSignatureTest, TwilioPythonVectors) {
  EXPECT_EQ(computeTwilioSignature("12345", kCallUrl, kCallParams), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  EXPECT_TRUE(
      verifyTwilioSignature("12345", kCallUrl, kCallParams, "kvajT1Ptam85bY51eRf/AJRuM3w="));
}

TEST(TwilioSignatureTest, RepeatedParametersAreAllSignedInValueOrder) {
  const FormFields params = {
      {"Sid", "CA123"}, {"SidAccount", "AC123"}, {"Digits", "5678"}, {"Digits", "1234"}};
  EXPECT_NE(twilioSigningString(kCallUrl, params).find("Digits1234Digits5678"), std::string::npos);
  EXPECT_EQ(computeTwilioSignature("12345", kCallUrl, params), "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
}

TEST(TwilioSignatureTest, IdenticalRepeatedPairIsSignedOnce) {
  EXPECT_EQ(twilioSigningString("u", {{"Digits", "1"}, {"Digits", "1"}}), "uDigits1");
}

TEST(TwilioSignatureTest, EmptyValuesStillContributeTheirName) {
  EXPECT_EQ(twilioSigningString("u", {{"ToCity", ""}, {"Body", "x"}}), "uBodyxToCity");
}

TEST(TwilioSignatureTest, SortsByUtf16CodeUnitsLikeJavaScript) {
  // U+FF21 (EF BC A1 in UTF-8) sorts after U+1F600 (F0 9F 98 80) by bytes, but before it by
  // UTF-16 units (FF21 vs D83D): Twilio's Node library sorts by units.
  const FormFields params = {{"V", "\xF0\x9F\x98\x80"}, {"V", "\xEF\xBC\xA1"}};
  EXPECT_EQ(twilioSigningString("u", params), "uV\xF0\x9F\x98\x80V\xEF\xBC\xA1");
}

TEST(TwilioSignatureTest, NonAsciiAndPortAreSignedAsGiven) {
  // Computed with python3 hmac over the UTF-8 string.
  EXPECT_EQ(computeTwilioSignature("t", "http://127.0.0.1:8080/x", {{"A", ""}, {"B", "ñ"}}),
            "hm37PTMSkpWDRxM25IrEnFvigp8=");
}

TEST(TwilioSignatureTest, RefusesWrongTokenUrlParamsOrHeader) {
  const std::string good = "nUQ6QfBOpGSEEKfev6gC1Gh5Wl0=";
  EXPECT_FALSE(verifyTwilioSignature("other", kUrl, statusForm(), good));
  EXPECT_FALSE(verifyTwilioSignature(kToken, "https://gw.example.org/webhooks/twilio/status",
                                     statusForm(), good));
  FormFields tampered = statusForm();
  tampered.back().second = "2010-04-02";
  EXPECT_FALSE(verifyTwilioSignature(kToken, kUrl, tampered, good));
  FormFields extra = statusForm();
  extra.emplace_back("ErrorCode", "");
  EXPECT_FALSE(verifyTwilioSignature(kToken, kUrl, extra, good));
  EXPECT_FALSE(verifyTwilioSignature(kToken, kUrl, statusForm(), ""));
  EXPECT_FALSE(verifyTwilioSignature("", kUrl, statusForm(), good));
  EXPECT_FALSE(verifyTwilioSignature(kToken, kUrl, statusForm(), good + " "));
}

TEST(TwilioSignatureTest, UrlVariantsAddOrDropThePort) {
  EXPECT_EQ(twilioUrlVariants("https://a.example/x?y=1"),
            (std::vector<std::string>{"https://a.example/x?y=1", "https://a.example:443/x?y=1"}));
  EXPECT_EQ(twilioUrlVariants("http://a.example"),
            (std::vector<std::string>{"http://a.example", "http://a.example:80"}));
  EXPECT_EQ(twilioUrlVariants("https://a.example:8443/x"),
            (std::vector<std::string>{"https://a.example:8443/x", "https://a.example/x"}));
  EXPECT_EQ(twilioUrlVariants("https://[::1]:8443/x"),
            (std::vector<std::string>{"https://[::1]:8443/x", "https://[::1]/x"}));
  EXPECT_EQ(twilioUrlVariants("https://a.example/x?at=10:30"),
            (std::vector<std::string>{"https://a.example/x?at=10:30",
                                      "https://a.example:443/x?at=10:30"}));
}

}  // namespace
}  // namespace mensajero::channels::twilio
