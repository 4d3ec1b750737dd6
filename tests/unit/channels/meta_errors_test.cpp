#include "channels/meta/meta_errors.h"

#include <gtest/gtest.h>

namespace mensajero::channels::meta {
namespace {

struct Row {
  int code;
  const char* doc_class;  // the "Class" column of providers.md §1.3
  ErrorCategory expected;
};

constexpr ErrorCategory R = ErrorCategory::Retryable;
constexpr ErrorCategory F = ErrorCategory::Fallback;
constexpr ErrorCategory P = ErrorCategory::Permanent;

// One row per code of providers.md §1.3; the 200-299 range is checked at both ends and inside.
constexpr Row kRows[] = {
    {0, "C", F},        {190, "C", F},      {3, "C", F},        {10, "C", F},
    {200, "C", F},      {250, "C", F},      {299, "C", F},      {131005, "C", F},
    {4, "R", R},        {80007, "R", R},    {130429, "R", R},   {131056, "W", R},
    {131057, "R", R},   {131048, "C+F", F}, {368, "C", F},      {131031, "C", F},
    {1, "R", R},        {2, "R", R},        {131016, "R", R},   {133004, "R", R},
    {131000, "R,F", R}, {100, "P", P},      {131008, "P", P},   {131009, "P", P},
    {131021, "P", P},   {131026, "F", F},   {131030, "C", F},   {131042, "C", F},
    {131045, "C", F},   {131047, "F", F},   {131049, "F", F},   {131050, "P", P},
    {130472, "F", F},   {131051, "P", P},   {131052, "P", P},   {131053, "P", P},
    {132000, "P", P},   {132005, "P", P},   {132007, "P", P},   {132012, "P", P},
    {132001, "C", F},   {132015, "C+F", F}, {132016, "C+F", F}, {133010, "C", F},
    {135000, "P", P},
};

class MetaErrorsTableTest : public ::testing::TestWithParam<Row> {};

TEST_P(MetaErrorsTableTest, ClassifiesDocumentedCode) {
  const Row& row = GetParam();
  // A 400 status, so the code alone decides even for the retryable rows.
  const Error error = classifyMetaError(400, row.code, "provider text");
  EXPECT_EQ(error.category, row.expected) << "class " << row.doc_class;
  EXPECT_EQ(error.code, "meta_" + std::to_string(row.code));
}

INSTANTIATE_TEST_SUITE_P(ProvidersSection13, MetaErrorsTableTest, ::testing::ValuesIn(kRows),
                         [](const ::testing::TestParamInfo<Row>& info) {
                           return "code_" + std::to_string(info.param.code);
                         });

TEST(MetaErrorsTest, CodeWinsOverHttpStatus) {
  EXPECT_EQ(classifyMetaError(500, 131026, "").category, ErrorCategory::Fallback);
  EXPECT_EQ(classifyMetaError(503, 100, "").category, ErrorCategory::Permanent);
  EXPECT_EQ(classifyMetaError(401, 190, "").category, ErrorCategory::Fallback);
}

TEST(MetaErrorsTest, UnknownCodeFollowsHttpStatus) {
  EXPECT_EQ(classifyMetaError(500, 999999, "").category, ErrorCategory::Retryable);
  EXPECT_EQ(classifyMetaError(502, 12345, "").category, ErrorCategory::Retryable);
  EXPECT_EQ(classifyMetaError(400, 999999, "").category, ErrorCategory::Permanent);
  EXPECT_EQ(classifyMetaError(404, 300, "").category, ErrorCategory::Permanent);
  EXPECT_EQ(classifyMetaError(400, 999999, "").code, "meta_999999");
}

TEST(MetaErrorsTest, KeepsProviderMessage) {
  EXPECT_EQ(classifyMetaError(400, 131047, "Re-engagement message").message,
            "Re-engagement message");
}

}  // namespace
}  // namespace mensajero::channels::meta
