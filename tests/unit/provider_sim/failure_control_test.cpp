#include "failure_control.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "meta_payloads.h"
#include "sim_state.h"

namespace mensajero::provider_sim {
namespace {

TEST(FailureControlTest, MergeIsAllOrNothing) {
  FailureControl control;
  const Status merged = mergeFailureControl(control, {{"fail_next", 3}, {"failure_rate", 2.0}});
  EXPECT_FALSE(merged.ok());
  EXPECT_EQ(control.fail_next, 0);
}

TEST(FailureControlTest, RetryAfterNullClearsIt) {
  FailureControl control;
  ASSERT_TRUE(mergeFailureControl(control, {{"retry_after_s", 30}}).ok());
  ASSERT_TRUE(mergeFailureControl(control, {{"retry_after_s", nullptr}}).ok());
  EXPECT_EQ(control.retry_after_s, 0);
}

TEST(FailureControlTest, DefaultMessageNamesTheCode) {
  FailureControl control;
  control.error_code = 131056;
  EXPECT_EQ(control.effectiveErrorMessage(), "(#131056) Simulated provider error");
}

TEST(SimStateTest, FailNextAppliesOnlyToAuthorisedCalls) {
  SimState state{WebhookTarget{}};
  ASSERT_TRUE(state.updateControl({{"fail_next", 1}}).ok());
  EXPECT_FALSE(state.planCall(/*authorized=*/false).failure.has_value());
  EXPECT_TRUE(state.planCall(/*authorized=*/true).failure.has_value());
  EXPECT_FALSE(state.planCall(/*authorized=*/true).failure.has_value());
}

TEST(SimStateTest, HungCallsDoNotConsumeFailNext) {
  SimState state{WebhookTarget{}};
  ASSERT_TRUE(state.updateControl({{"fail_next", 1}, {"hang_next", 1}, {"hang_ms", 5}}).ok());
  const CallPlan hung = state.planCall(true);
  EXPECT_TRUE(hung.hang);
  EXPECT_EQ(hung.delay, std::chrono::milliseconds(5));
  EXPECT_TRUE(state.planCall(true).failure.has_value());
}

TEST(MetaPayloadsTest, ErrorBodyHasMetaShape) {
  const nlohmann::json body = nlohmann::json::parse(metaErrorBody(131026, "m"));
  EXPECT_EQ(body, nlohmann::json::parse(
                      R"({"error":{"message":"m","type":"OAuthException","code":131026,)"
                      R"("fbtrace_id":"SIM"}})"));
}

TEST(MetaPayloadsTest, DigitsOfStripsEverythingElse) {
  EXPECT_EQ(digitsOf("+52 (1) 55-1234-5678"), "5215512345678");
}

}  // namespace
}  // namespace mensajero::provider_sim
