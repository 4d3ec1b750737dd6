#include "common/bounded_json.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

namespace mensajero {
namespace {

std::string nestedArrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

std::string nestedObjects(std::size_t depth) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += R"({"a":)";
  text += "1";
  text += std::string(depth, '}');
  return text;
}

std::string errorCode(std::string_view text) {
  auto parsed = parseBoundedJson(text);
  return parsed ? "ok" : parsed.error().code;
}

TEST(BoundedJsonTest, BuildsTheSameDocumentAsTheLibrary) {
  const std::string text =
      R"({"b":[1,-2,3.5,true,false,null,"x\u00e9"],"a":{"n":18446744073709551615,"e":{}},)"
      R"("s":[],"dup":1,"dup":2})";
  auto parsed = parseBoundedJson(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, nlohmann::json::parse(text));
  EXPECT_EQ((*parsed)["dup"], 2);  // the last of repeated members wins, as in nlohmann
}

TEST(BoundedJsonTest, AcceptsScalarsAtTheTop) {
  EXPECT_EQ(*parseBoundedJson("42"), 42);
  EXPECT_EQ(*parseBoundedJson(R"("x")"), "x");
  EXPECT_TRUE(parseBoundedJson("null")->is_null());
}

TEST(BoundedJsonTest, AcceptsDepthSixtyFour) {
  EXPECT_EQ(errorCode(nestedArrays(kMaxJsonDepth)), "ok");
  EXPECT_EQ(errorCode(nestedObjects(kMaxJsonDepth)), "ok");
  auto parsed = parseBoundedJson(nestedArrays(kMaxJsonDepth));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->dump(), nestedArrays(kMaxJsonDepth));
}

TEST(BoundedJsonTest, RefusesDepthSixtyFive) {
  EXPECT_EQ(errorCode(nestedArrays(kMaxJsonDepth + 1)), "json_too_deep");
  EXPECT_EQ(errorCode(nestedObjects(kMaxJsonDepth + 1)), "json_too_deep");
  EXPECT_EQ(errorCode(R"({"a":)" + nestedArrays(kMaxJsonDepth) + "}"), "json_too_deep");
}

TEST(BoundedJsonTest, RefusesAHundredThousandLevelsQuickly) {
  // Issue 8 item 1: 100,000 levels crashed the gateway when the document was dumped.
  const std::string deep = nestedArrays(100'000);
  const auto started = std::chrono::steady_clock::now();
  auto parsed = parseBoundedJson(deep);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "json_too_deep");
  EXPECT_EQ(parsed.error().category, ErrorCategory::Invalid);
  // Parsing stops at level 65; a generous bound that only an unbounded walk could break.
  EXPECT_LT(took, std::chrono::milliseconds(500));
}

TEST(BoundedJsonTest, RefusesTheDeepDocumentUnclosed) {
  EXPECT_EQ(errorCode(std::string(100'000, '[')), "json_too_deep");
}

TEST(BoundedJsonTest, HonoursASmallerBound) {
  EXPECT_TRUE(parseBoundedJson("[[1]]", 2).ok());
  EXPECT_EQ(parseBoundedJson("[[[1]]]", 2).error().code, "json_too_deep");
}

TEST(BoundedJsonTest, RefusesNumbersBeyondADouble) {
  EXPECT_EQ(errorCode("1e500"), "number_out_of_range");
  EXPECT_EQ(errorCode("-1e500"), "number_out_of_range");
  EXPECT_EQ(errorCode(R"({"a":[1e500]})"), "number_out_of_range");
  EXPECT_EQ(errorCode(std::string(400, '9')), "number_out_of_range");
  EXPECT_EQ(errorCode("{\"n\":" + std::string(400, '1') + "}"), "number_out_of_range");
}

TEST(BoundedJsonTest, KeepsLargeNumbersThatFit) {
  EXPECT_EQ(errorCode("1e300"), "ok");
  // Beyond 64 bits but within a double: nlohmann reads it as a float.
  EXPECT_TRUE(parseBoundedJson(std::string(30, '9'))->is_number_float());
}

TEST(BoundedJsonTest, ReportsMalformedJsonWithItsByte) {
  auto parsed = parseBoundedJson(R"({"a":})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "malformed_json");
  EXPECT_EQ(parsed.error().message, "malformed JSON at byte 6");
  EXPECT_EQ(errorCode(""), "malformed_json");
  EXPECT_EQ(errorCode("[1,2"), "malformed_json");
  EXPECT_EQ(errorCode("{} x"), "malformed_json");
  EXPECT_EQ(errorCode("\"\xff\""), "malformed_json");
}

TEST(BoundedJsonTest, ErrorMessagesNeverQuoteTheInput) {
  auto parsed = parseBoundedJson(R"({"phone":"+34600000000",})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message.find("346"), std::string::npos);
}

}  // namespace
}  // namespace mensajero
