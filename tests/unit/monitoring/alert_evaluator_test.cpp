// The spec's four alert rules evaluated with a manual clock every 15 s (the default
// interval): each fires exactly at its `for` boundary, starts over after a dip, repeats on
// schedule, resolves once, and treats no data as not holding.
#include "monitoring/alert_evaluator.h"

#include <chrono>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

#include "resilience/clock.h"

namespace mensajero::monitoring {
namespace {

using namespace std::chrono_literals;
using Kind = AlertNotification::Kind;

constexpr std::size_t kErrorRate = 0;
constexpr std::size_t kBreaker = 1;
constexpr std::size_t kWebhookSlow = 2;
constexpr std::size_t kDelivery = 3;

class AlertEvaluatorTest : public ::testing::Test {
 protected:
  AlertEvaluatorTest() : evaluator_(defaultAlertRules(), {3'600'000, "gw-test"}) {}

  // Advances the clock by one evaluation interval and evaluates with `value` for `rule` and
  // no data for the others.
  std::vector<AlertEvaluation::Event> tick(std::size_t rule, std::optional<double> value,
                                           std::chrono::milliseconds interval = 15s) {
    clock_.advance(interval);
    std::vector<std::optional<double>> observations(evaluator_.rules().size());
    observations[rule] = value;
    return evaluator_.evaluate(observations, clock_.now()).events;
  }

  // Evaluates every 15 s with `value` until `elapsed` has passed; returns the events.
  std::vector<AlertEvaluation::Event> hold(std::size_t rule, double value,
                                           std::chrono::milliseconds elapsed) {
    std::vector<AlertEvaluation::Event> all;
    for (auto passed = 0ms; passed < elapsed; passed += 15s) {
      auto events = tick(rule, value);
      all.insert(all.end(), events.begin(), events.end());
    }
    return all;
  }

  resilience::ManualClock clock_;
  AlertEvaluator evaluator_;
};

struct RuleCase {
  std::size_t rule;
  double breaching;
  double healthy;
  std::chrono::milliseconds for_duration;
};

class SpecRuleTest : public AlertEvaluatorTest, public ::testing::WithParamInterface<RuleCase> {};

std::string ruleCaseName(const ::testing::TestParamInfo<RuleCase>& info) {
  static const char* const kNames[] = {"HighErrorRate", "CircuitBreakerOpened",
                                       "WebhookProcessingSlow", "MessageDeliveryFailure"};
  return kNames[info.param.rule];
}

INSTANTIATE_TEST_SUITE_P(SpecRules, SpecRuleTest,
                         ::testing::Values(RuleCase{kErrorRate, 0.06, 0.01, 5min},
                                           RuleCase{kBreaker, 2, 0, 0min},
                                           RuleCase{kWebhookSlow, 2500, 300, 3min},
                                           RuleCase{kDelivery, 0.90, 0.99, 10min}),
                         ruleCaseName);

TEST_P(SpecRuleTest, FiresExactlyAtTheForBoundaryNotOneEvaluationBefore) {
  const RuleCase c = GetParam();
  auto first = tick(c.rule, c.breaching);  // starts to hold now
  const UnixMillis since = clock_.now();
  if (c.for_duration == 0ms) {
    ASSERT_EQ(first.size(), 1u);
  } else {
    EXPECT_TRUE(first.empty());
    // Every evaluation up to one interval before the boundary stays silent.
    EXPECT_TRUE(hold(c.rule, c.breaching, c.for_duration - 15s).empty());
    EXPECT_EQ(clock_.now() - since, (c.for_duration - 15s).count());
    first = tick(c.rule, c.breaching);
    ASSERT_EQ(first.size(), 1u);
  }
  EXPECT_EQ(clock_.now() - since, c.for_duration.count());
  const AlertNotification& fired = first[0].notification;
  EXPECT_EQ(first[0].rule, c.rule);
  EXPECT_EQ(fired.kind, Kind::Trigger);
  EXPECT_EQ(fired.rule_name, evaluator_.rules()[c.rule].name);
  EXPECT_EQ(fired.severity, evaluator_.rules()[c.rule].severity);
  EXPECT_EQ(fired.condition, evaluator_.rules()[c.rule].condition_text);
  EXPECT_DOUBLE_EQ(fired.value, c.breaching);
  EXPECT_EQ(fired.since, since);
  EXPECT_EQ(fired.at, clock_.now());
  EXPECT_EQ(fired.source, "gw-test");
  EXPECT_EQ(fired.dedup_key, AlertEvaluator::dedupKey(fired.rule_name, since));
  // Fires once: holding on does not trigger again.
  EXPECT_TRUE(hold(c.rule, c.breaching, 5min).empty());
}

TEST_P(SpecRuleTest, ADipBelowResetsTheTimer) {
  const RuleCase c = GetParam();
  if (c.for_duration == 0ms) GTEST_SKIP() << "fires at once: nothing to reset";
  EXPECT_TRUE(hold(c.rule, c.breaching, c.for_duration - 15s).empty());
  EXPECT_TRUE(tick(c.rule, c.healthy).empty());  // one healthy evaluation
  // The full duration again from the next breach: silent until its own boundary.
  EXPECT_TRUE(hold(c.rule, c.breaching, c.for_duration).empty());
  auto fired = tick(c.rule, c.breaching);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].notification.kind, Kind::Trigger);
}

TEST_P(SpecRuleTest, RepeatsEveryRepeatIntervalWhileItHolds) {
  const RuleCase c = GetParam();
  auto events = hold(c.rule, c.breaching, c.for_duration + 15s);
  ASSERT_EQ(events.size(), 1u);
  const std::string key = events[0].notification.dedup_key;
  const UnixMillis triggered = events[0].notification.at;
  // Up to the hour nothing; at the hour one repeat with the same key.
  EXPECT_TRUE(hold(c.rule, c.breaching, 1h - 15s).empty());
  auto repeat = tick(c.rule, c.breaching);
  ASSERT_EQ(repeat.size(), 1u);
  EXPECT_EQ(repeat[0].notification.kind, Kind::Repeat);
  EXPECT_EQ(repeat[0].notification.dedup_key, key);
  EXPECT_EQ(repeat[0].notification.at - triggered, 3'600'000);
}

TEST_P(SpecRuleTest, ResolvesOnceWhenItClears) {
  const RuleCase c = GetParam();
  auto events = hold(c.rule, c.breaching, c.for_duration + 15s);
  ASSERT_EQ(events.size(), 1u);
  const std::string key = events[0].notification.dedup_key;
  auto resolved = tick(c.rule, c.healthy);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].notification.kind, Kind::Resolve);
  EXPECT_EQ(resolved[0].notification.dedup_key, key);
  EXPECT_DOUBLE_EQ(resolved[0].notification.value, c.healthy);
  EXPECT_TRUE(tick(c.rule, c.healthy).empty());
  EXPECT_EQ(evaluator_.states()[c.rule].phase, AlertRuleState::Phase::Inactive);
  // A new firing gets a new key.
  auto again = hold(c.rule, c.breaching, c.for_duration + 15s);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_NE(again[0].notification.dedup_key, key);
}

TEST_P(SpecRuleTest, NoDataDoesNotHold) {
  const RuleCase c = GetParam();
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(tick(c.rule, std::nullopt).empty());
  EXPECT_EQ(evaluator_.states()[c.rule].phase, AlertRuleState::Phase::Inactive);
  // And a firing alert whose data stops is resolved.
  ASSERT_EQ(hold(c.rule, c.breaching, c.for_duration + 15s).size(), 1u);
  auto resolved = tick(c.rule, std::nullopt);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].notification.kind, Kind::Resolve);
}

TEST_F(AlertEvaluatorTest, BreakerStatesOtherThanOpenDoNotFireTheOpenRule) {
  EXPECT_TRUE(tick(kBreaker, kBreakerHalfOpen).empty());
  EXPECT_TRUE(tick(kBreaker, kBreakerClosed).empty());
}

TEST_F(AlertEvaluatorTest, ARepeatIntervalOfZeroNeverRepeats) {
  AlertEvaluator evaluator(defaultAlertRules(), {0, "gw"});
  std::vector<std::optional<double>> open = {std::nullopt, kBreakerOpen, std::nullopt,
                                             std::nullopt};
  EXPECT_EQ(evaluator.evaluate(open, 0).events.size(), 1u);
  EXPECT_TRUE(evaluator.evaluate(open, 100LL * 3'600'000).events.empty());
}

TEST_F(AlertEvaluatorTest, RestoredStateNeitherTriggersAgainNorForgetsToResolve) {
  ASSERT_EQ(hold(kBreaker, kBreakerOpen, 15s).size(), 1u);
  const AlertRuleState firing = evaluator_.states()[kBreaker];
  // Another instance takes over with the stored states.
  AlertEvaluator successor(defaultAlertRules(), {3'600'000, "gw-other"});
  successor.restore({firing});
  std::vector<std::optional<double>> open = {std::nullopt, kBreakerOpen, std::nullopt,
                                             std::nullopt};
  EXPECT_TRUE(successor.evaluate(open, clock_.now() + 15'000).events.empty());
  auto resolved = successor.evaluate({std::nullopt, kBreakerClosed, std::nullopt, std::nullopt},
                                     clock_.now() + 30'000);
  ASSERT_EQ(resolved.events.size(), 1u);
  EXPECT_EQ(resolved.events[0].notification.kind, Kind::Resolve);
  EXPECT_EQ(resolved.events[0].notification.dedup_key, firing.dedup_key);
  ASSERT_EQ(resolved.changed.size(), 1u);
  EXPECT_EQ(resolved.changed[0].phase, AlertRuleState::Phase::Inactive);
}

TEST_F(AlertEvaluatorTest, PendingStateCarriesItsSinceAcrossATakeOver) {
  EXPECT_TRUE(hold(kErrorRate, 0.5, 2min).empty());
  AlertEvaluator successor(defaultAlertRules(), {3'600'000, "gw-other"});
  successor.restore({evaluator_.states()[kErrorRate]});
  const UnixMillis since = evaluator_.states()[kErrorRate].since;
  // Fires at since + 5 minutes, not 5 minutes after the take-over.
  auto fired = successor.evaluate({0.5, std::nullopt, std::nullopt, std::nullopt}, since + 300'000);
  ASSERT_EQ(fired.events.size(), 1u);
  EXPECT_EQ(fired.events[0].notification.dedup_key,
            AlertEvaluator::dedupKey("High Error Rate", since));
}

TEST(AlertEvaluatorKeyTest, DedupKeysAreBoundedSlugs) {
  EXPECT_EQ(AlertEvaluator::dedupKey("High Error Rate", 42), "mensajero/high-error-rate/42");
  EXPECT_EQ(AlertEvaluator::dedupKey("¡Ñandú! (x)", 1), "mensajero/and-x/1");
  EXPECT_LE(AlertEvaluator::dedupKey(std::string(500, 'a'), 1).size(), 90u);
}

TEST(AlertPhaseTest, TextRoundTrips) {
  for (auto phase : {AlertRuleState::Phase::Inactive, AlertRuleState::Phase::Pending,
                     AlertRuleState::Phase::Firing}) {
    EXPECT_EQ(parseAlertPhase(toString(phase)), phase);
  }
  EXPECT_FALSE(parseAlertPhase("resolved"));
}

}  // namespace
}  // namespace mensajero::monitoring
