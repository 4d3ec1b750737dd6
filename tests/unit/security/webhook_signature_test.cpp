#include "security/webhook_signature.h"

#include <string>

#include <gtest/gtest.h>

#include "security/crypto.h"

namespace mensajero::security {
namespace {

// providers.md §1.7: exact bytes, no trailing newline.
constexpr std::string_view kAppSecret = "mensajero_test_app_secret";
constexpr std::string_view kVectorA =
    R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.TEST0001","status":"delivered","timestamp":"1750030073","recipient_id":"5215512345678"}]},"field":"messages"}]}]})";
constexpr std::string_view kSignatureA =
    "sha256=da597d7b7653cca4a61c5a36eba99cee12fcfc61f2cdfc786ef40c68c3c22e39";
// The body holds the six characters \u00ed, as Meta puts them on the wire.
constexpr std::string_view kVectorB =
    R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"5215512345678","id":"wamid.T2","type":"text","text":{"body":"S\u00ed"}}]}}]}]})";
constexpr std::string_view kSignatureB =
    "sha256=e8dac717608c1644d75b0839558fcd07733f731164b3c9669693daf3482db151";

TEST(WebhookSignatureTest, VectorsHaveTheirDocumentedLengths) {
  EXPECT_EQ(kVectorA.size(), 347u);
  EXPECT_EQ(kVectorB.size(), 196u);
}

TEST(WebhookSignatureTest, SignsVectorA) {
  EXPECT_EQ(signHubSignature(kAppSecret, kVectorA), kSignatureA);
}

TEST(WebhookSignatureTest, AcceptsVectorA) {
  EXPECT_TRUE(verifyHubSignature(kAppSecret, kVectorA, kSignatureA));
}

TEST(WebhookSignatureTest, RejectsVectorAWithTrailingNewline) {
  const std::string with_newline = std::string(kVectorA) + "\n";
  EXPECT_EQ(signHubSignature(kAppSecret, with_newline).substr(0, 15), "sha256=7e77c41b");
  EXPECT_FALSE(verifyHubSignature(kAppSecret, with_newline, kSignatureA));
}

TEST(WebhookSignatureTest, AcceptsVectorBWithEscapedNonAscii) {
  EXPECT_TRUE(verifyHubSignature(kAppSecret, kVectorB, kSignatureB));
}

TEST(WebhookSignatureTest, RejectsVectorBReEncodedAsUtf8) {
  std::string reencoded(kVectorB);
  reencoded.replace(reencoded.find("\\u00ed"), 6, "\xc3\xad");
  ASSERT_EQ(reencoded.size(), 192u);
  EXPECT_EQ(signHubSignature(kAppSecret, reencoded).substr(0, 15), "sha256=57a75bf8");
  EXPECT_FALSE(verifyHubSignature(kAppSecret, reencoded, kSignatureB));
}

TEST(WebhookSignatureTest, AcceptsBareHexAndUpperCaseDigits) {
  const std::string bare(kSignatureA.substr(7));
  EXPECT_TRUE(verifyHubSignature(kAppSecret, kVectorA, bare));
  std::string upper(kSignatureA);
  for (std::size_t i = 7; i < upper.size(); ++i) {
    upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
  }
  EXPECT_TRUE(verifyHubSignature(kAppSecret, kVectorA, upper));
}

TEST(WebhookSignatureTest, RejectsMalformedHeaders) {
  const std::string good(kSignatureA);
  for (const std::string& bad :
       {std::string(), std::string("sha256="), good.substr(0, 70), good + "0",
        "sha1=" + good.substr(7), "sha256=" + std::string(64, 'g'), std::string(64, 'z'),
        " " + good}) {
    EXPECT_FALSE(verifyHubSignature(kAppSecret, kVectorA, bad)) << "header: " << bad;
  }
}

TEST(WebhookSignatureTest, RejectsWrongSecretAndEmptySecret) {
  EXPECT_FALSE(verifyHubSignature("another_secret", kVectorA, kSignatureA));
  EXPECT_FALSE(verifyHubSignature("", kVectorA, signHubSignature("", kVectorA)));
}

TEST(WebhookSignatureTest, GitHubVectorFromReliabilityNotes) {
  constexpr std::string_view kSecret = "It's a Secret to Everybody";
  constexpr std::string_view kBody = "Hello, World!";
  constexpr std::string_view kExpected =
      "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  EXPECT_EQ(hmacSha256Hex(kSecret, kBody), kExpected);
  EXPECT_TRUE(verifyHubSignature(kSecret, kBody, "sha256=" + std::string(kExpected)));
}

}  // namespace
}  // namespace mensajero::security
