// GET /api/v2/health/history's query: ISO-8601 bounds, to >= from, at most 31 days, known
// services and metrics, and one row asked past the answer's cap to tell truncation.
#include "api/dto/health_history_query.h"

#include <gtest/gtest.h>

namespace mensajero::api {
namespace {

HealthHistoryParams range(std::string from, std::string to) {
  return {std::move(from), std::move(to), std::nullopt, std::nullopt};
}

std::string codeOf(const HealthHistoryParams& params) {
  auto parsed = parseHealthHistoryQuery(params);
  EXPECT_FALSE(parsed);
  return parsed ? "" : parsed.error().code;
}

TEST(HealthHistoryQueryTest, AValidRangeBecomesAnInclusiveQueryAskingOneRowPastTheCap) {
  auto parsed = parseHealthHistoryQuery(
      {"2026-01-01T00:00:00Z", "2026-01-01T01:00:00+01:00", "database", "status"});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->from, 1'767'225'600'000);
  EXPECT_EQ(parsed->to, 1'767'225'600'000);  // the same instant in another offset
  EXPECT_EQ(parsed->service_name, "database");
  EXPECT_EQ(parsed->metric_type, "status");
  EXPECT_EQ(parsed->limit, kHealthHistoryMaxRows + 1);
}

TEST(HealthHistoryQueryTest, ExactlyThirtyOneDaysIsAcceptedAndOneMillisecondMoreIsNot) {
  EXPECT_TRUE(parseHealthHistoryQuery(range("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")));
  EXPECT_EQ(codeOf(range("2026-01-01T00:00:00Z", "2026-02-01T00:00:00.001Z")),
            "invalid_time_range");
}

TEST(HealthHistoryQueryTest, BadInputIsRefusedWithItsCode) {
  EXPECT_EQ(codeOf({}), "invalid_timestamp");
  EXPECT_EQ(codeOf({"2026-01-01T00:00:00Z", std::nullopt, std::nullopt, std::nullopt}),
            "invalid_timestamp");
  EXPECT_EQ(codeOf(range("2026-13-01T00:00:00Z", "2026-01-02T00:00:00Z")), "invalid_timestamp");
  EXPECT_EQ(codeOf(range(std::string(10'000, '9'), "2026-01-02T00:00:00Z")), "invalid_timestamp");
  EXPECT_EQ(codeOf(range("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z")), "invalid_time_range");
  EXPECT_EQ(codeOf({"2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "clinic_a", std::nullopt}),
            "invalid_service");
  EXPECT_EQ(codeOf({"2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", std::nullopt, "cpu"}),
            "invalid_metric");
}

}  // namespace
}  // namespace mensajero::api
