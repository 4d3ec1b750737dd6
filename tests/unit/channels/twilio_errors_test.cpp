#include "channels/twilio/twilio_errors.h"

#include <gtest/gtest.h>

namespace mensajero::channels::twilio {
namespace {

ErrorCategory categoryOf(long http_status, int code) {
  return classifyTwilioError(http_status, code, "").category;
}

// One test per class of shared/reference/providers.md §2.4.

TEST(TwilioErrorsTest, RetryClassIsRetryable) {  // R: 20429, 21611, 30001, 63018
  EXPECT_EQ(categoryOf(429, 20429), ErrorCategory::Retryable);
  EXPECT_EQ(categoryOf(400, 21611), ErrorCategory::Retryable);
  EXPECT_EQ(categoryOf(0, 30001), ErrorCategory::Retryable);
  EXPECT_EQ(categoryOf(0, 63018), ErrorCategory::Retryable);
}

TEST(TwilioErrorsTest, BoundedRetryThenFallbackIsRetryable) {  // R then F: 30003, 30008
  EXPECT_EQ(categoryOf(0, 30003), ErrorCategory::Retryable);
  EXPECT_EQ(categoryOf(0, 30008), ErrorCategory::Retryable);
}

TEST(TwilioErrorsTest, FallbackClassFallsBack) {  // F: 21614, 30004-6, 30036, 63016, 63003, 63032
  for (int code : {21614, 30004, 30005, 30006, 30036, 63016, 63003, 63032}) {
    EXPECT_EQ(categoryOf(400, code), ErrorCategory::Fallback) << code;
  }
}

TEST(TwilioErrorsTest, ConfigurationFaultsFallBack) {  // C: another channel may still work
  for (int code : {20003, 21408, 21606, 21659, 21608, 21612}) {
    EXPECT_EQ(categoryOf(400, code), ErrorCategory::Fallback) << code;
  }
}

TEST(TwilioErrorsTest, CarrierSpamFilterFallsBackWithoutRetry) {  // C+F: 30007
  EXPECT_EQ(categoryOf(0, 30007), ErrorCategory::Fallback);
}

TEST(TwilioErrorsTest, OptedOutRecipientIsPermanent) {  // P: 21610 (STOP)
  EXPECT_EQ(categoryOf(400, 21610), ErrorCategory::Permanent);
}

TEST(TwilioErrorsTest, InvalidRecipientOrBodyIsInvalid) {  // 21211, 21602, 21604, 21617, 63024
  for (int code : {21211, 21602, 21604, 21617, 63024}) {
    EXPECT_EQ(categoryOf(400, code), ErrorCategory::Invalid) << code;
  }
}

TEST(TwilioErrorsTest, Http429IsRetryableWhateverTheCode) {
  EXPECT_EQ(categoryOf(429, 99999), ErrorCategory::Retryable);
  EXPECT_EQ(categoryOf(429, 21211), ErrorCategory::Retryable);
}

TEST(TwilioErrorsTest, UnknownCodeFollowsHttpStatus) {
  EXPECT_EQ(categoryOf(500, 99999), ErrorCategory::Retryable);
  EXPECT_EQ(categoryOf(503, 20500), ErrorCategory::Retryable);
  EXPECT_EQ(categoryOf(400, 99999), ErrorCategory::Permanent);
  EXPECT_EQ(categoryOf(0, 99999), ErrorCategory::Permanent);
}

TEST(TwilioErrorsTest, CodeAndMessageAreKept) {
  const Error error = classifyTwilioError(400, 21211, "The 'To' number is not valid.");
  EXPECT_EQ(error.code, "twilio_21211");
  EXPECT_EQ(error.message, "The 'To' number is not valid.");
}

}  // namespace
}  // namespace mensajero::channels::twilio
