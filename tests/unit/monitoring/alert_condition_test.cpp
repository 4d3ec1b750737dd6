#include "monitoring/alert_condition.h"

#include <string>
#include <variant>

#include <gtest/gtest.h>

namespace mensajero::monitoring {
namespace {

AlertCondition parsed(std::string_view text) {
  auto result = parseAlertCondition(text);
  if (auto* error = std::get_if<ConditionError>(&result)) {
    ADD_FAILURE() << text << ": position " << error->position << ": " << error->message;
    return {};
  }
  return std::get<AlertCondition>(result);
}

ConditionError failed(std::string_view text) {
  auto result = parseAlertCondition(text);
  if (!std::holds_alternative<ConditionError>(result)) {
    ADD_FAILURE() << "parsed: " << text;
    return {};
  }
  return std::get<ConditionError>(result);
}

TEST(AlertConditionTest, ParsesTheSpecsErrorRateRule) {
  AlertCondition condition = parsed("error_rate > 5% for 5 minutes");
  EXPECT_EQ(condition.metric, AlertMetric::ErrorRate);
  EXPECT_EQ(condition.comparison, Comparison::Greater);
  EXPECT_DOUBLE_EQ(condition.threshold, 0.05);
  EXPECT_EQ(condition.value_text, "5%");
  EXPECT_EQ(condition.for_ms, 300'000);
  EXPECT_EQ(condition.for_text, "5 minutes");
}

TEST(AlertConditionTest, ParsesTheSpecsBreakerRuleWithoutFor) {
  AlertCondition condition = parsed("circuit_breaker_state = 'OPEN'");
  EXPECT_EQ(condition.metric, AlertMetric::CircuitBreakerState);
  EXPECT_EQ(condition.comparison, Comparison::Equal);
  EXPECT_EQ(condition.threshold, kBreakerOpen);
  EXPECT_EQ(condition.value_text, "'OPEN'");
  EXPECT_EQ(condition.for_ms, 0);
}

TEST(AlertConditionTest, ParsesTheSpecsWebhookAndDeliveryRules) {
  AlertCondition slow = parsed("webhook_response_time > 2000ms for 3 minutes");
  EXPECT_EQ(slow.metric, AlertMetric::WebhookResponseTime);
  EXPECT_DOUBLE_EQ(slow.threshold, 2000);
  EXPECT_EQ(slow.for_ms, 180'000);
  AlertCondition delivery = parsed("message_delivery_rate < 95% for 10 minutes");
  EXPECT_EQ(delivery.metric, AlertMetric::MessageDeliveryRate);
  EXPECT_EQ(delivery.comparison, Comparison::Less);
  EXPECT_DOUBLE_EQ(delivery.threshold, 0.95);
  EXPECT_EQ(delivery.for_ms, 600'000);
}

TEST(AlertConditionTest, AcceptsEveryOperatorUnitAndSpacing) {
  EXPECT_EQ(parsed("error_rate>=2.5%").comparison, Comparison::GreaterOrEqual);
  EXPECT_DOUBLE_EQ(parsed("error_rate>=2.5%").threshold, 0.025);
  EXPECT_EQ(parsed("error_rate <= 1%").comparison, Comparison::LessOrEqual);
  EXPECT_EQ(parsed("error_rate < 1%").comparison, Comparison::Less);
  EXPECT_EQ(parsed("error_rate != 0%").comparison, Comparison::NotEqual);
  EXPECT_DOUBLE_EQ(parsed("webhook_response_time > 2s").threshold, 2000);
  EXPECT_EQ(parsed("\terror_rate > 5%\tfor 1 second ").for_ms, 1000);
  EXPECT_EQ(parsed("error_rate > 5% for 2 hours").for_ms, 7'200'000);
  EXPECT_EQ(parsed("error_rate > 5% for 1 hour").for_text, "1 hour");
  EXPECT_EQ(parsed("error_rate > 5% for 30 seconds").for_ms, 30'000);
  EXPECT_EQ(parsed("circuit_breaker_state != \"CLOSED\"").threshold, kBreakerClosed);
  EXPECT_EQ(parsed("circuit_breaker_state = 'HALF_OPEN' for 1 minute").threshold, kBreakerHalfOpen);
}

TEST(AlertConditionTest, NamesThePositionOfAMissingUnit) {
  ConditionError error = failed("webhook_response_time > 2000 for 3 minutes");
  EXPECT_EQ(error.position, 29u);  // the space after 2000
  EXPECT_EQ(error.message, "expected a unit (ms, s) after 2000");
}

TEST(AlertConditionTest, TypeChecksTheValueAgainstTheMetric) {
  EXPECT_EQ(failed("error_rate > 2000ms").message,
            "expected % after 2000 (error_rate is a percentage)");
  EXPECT_EQ(failed("webhook_response_time > 5%").position, 26u);
  EXPECT_EQ(failed("error_rate = 'OPEN'").message, "error_rate takes a number, not a quoted state");
  EXPECT_EQ(failed("circuit_breaker_state = 5%").position, 25u);
  EXPECT_EQ(failed("circuit_breaker_state > 'OPEN'").message,
            "circuit_breaker_state compares with = or != only");
  EXPECT_EQ(failed("circuit_breaker_state = 'open'").position, 26u);
  EXPECT_EQ(failed("error_rate > 101%").message, "a percentage is at most 100%");
}

TEST(AlertConditionTest, RefusesMalformedPieces) {
  EXPECT_EQ(failed("").position, 1u);
  EXPECT_EQ(failed("latency > 5%").position, 1u);
  EXPECT_EQ(failed("error_rate 5%").position, 12u);
  EXPECT_EQ(failed("error_rate > %").position, 14u);
  EXPECT_EQ(failed("error_rate > 5.%").position, 14u);
  EXPECT_EQ(failed("error_rate > 1.2.3%").position, 14u);
  EXPECT_EQ(failed("error_rate > -5%").position, 14u);
  EXPECT_EQ(failed("error_rate > 5% during 5 minutes").position, 17u);
  EXPECT_EQ(failed("error_rate > 5% for minutes").position, 21u);
  EXPECT_EQ(failed("error_rate > 5% for 0 minutes").message, "a duration is at least 1");
  EXPECT_EQ(failed("error_rate > 5% for 5 fortnights").position, 23u);
  EXPECT_EQ(failed("error_rate > 5% for 5 minutess").position, 23u);
  EXPECT_EQ(failed("error_rate > 5% for 25 hours").message, "a duration is at most a day");
  EXPECT_EQ(failed("error_rate > 5% for 5 minutes and more").position, 31u);
  EXPECT_EQ(failed("circuit_breaker_state = 'OPEN").message, "unterminated quote");
}

TEST(AlertConditionTest, SurvivesHostileText) {
  // Longer than the bound: refused before it is read.
  EXPECT_EQ(failed(std::string(10'000, 'a')).position, kMaxConditionLength + 1);
  // A long word is excerpted, never echoed whole.
  ConditionError long_word = failed("error_rate > 5% for 5 " + std::string(200, 'x'));
  EXPECT_LT(long_word.message.size(), 100u);
  // Unicode and control bytes are shown as '?', never copied into the message.
  ConditionError unicode = failed("error_rate \xE2\x89\xA5 5%");
  EXPECT_EQ(unicode.position, 12u);
  EXPECT_EQ(unicode.message.find('\xE2'), std::string::npos);
  ConditionError control = failed("circuit_breaker_state = '\x1b[31mOPEN'");
  EXPECT_EQ(control.message.find('\x1b'), std::string::npos);
  // Nested and mixed quotes.
  EXPECT_EQ(failed("circuit_breaker_state = 'O'PEN''").position, 26u);
  EXPECT_EQ(failed("circuit_breaker_state = \"'OPEN'\"").position, 26u);
  EXPECT_EQ(failed("circuit_breaker_state = 'OPEN\"").message, "unterminated quote");
  // NUL bytes and huge numbers.
  EXPECT_EQ(failed(std::string_view("error_rate\0> 5%", 15)).position, 11u);
  EXPECT_EQ(failed("webhook_response_time > 99999999999999ms").position, 25u);
  EXPECT_EQ(failed("error_rate > 5% for 9999999 minutes").position, 21u);
}

TEST(AlertConditionTest, ComparesValuesWithTheThreshold) {
  AlertCondition above = parsed("error_rate > 5%");
  EXPECT_TRUE(conditionHolds(above, 0.051));
  EXPECT_FALSE(conditionHolds(above, 0.05));
  AlertCondition below = parsed("message_delivery_rate < 95%");
  EXPECT_TRUE(conditionHolds(below, 0.94));
  EXPECT_FALSE(conditionHolds(below, 19.0 / 20.0));
  AlertCondition open = parsed("circuit_breaker_state = 'OPEN'");
  EXPECT_TRUE(conditionHolds(open, kBreakerOpen));
  EXPECT_FALSE(conditionHolds(open, kBreakerHalfOpen));
}

}  // namespace
}  // namespace mensajero::monitoring
