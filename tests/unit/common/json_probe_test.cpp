#include "common/json_probe.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace mensajero {
namespace {

const std::vector<JsonPathStep> kField = {std::string("entry"), std::size_t{0},
                                          std::string("changes"), std::size_t{0},
                                          std::string("field")};

TEST(JsonProbeTest, PicksTheStringAtThePathWhateverTheMemberOrder) {
  // Meta sends "value" before "field" as often as after.
  const auto probe = probeBoundedJson(
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[)"
      R"({"value":{"field":"decoy","statuses":[{"id":"wamid.X"}]},"field":"messages"},)"
      R"({"field":"second"}]},{"changes":[{"field":"third"}]}]})",
      kField);
  ASSERT_TRUE(probe.ok()) << probe.error().message;
  EXPECT_TRUE(probe->is_object);
  ASSERT_TRUE(probe->value.has_value());
  EXPECT_EQ(*probe->value, "messages");
}

TEST(JsonProbeTest, ALaterElementOrANonStringIsNotThePath) {
  auto probe = probeBoundedJson(R"({"entry":[{"changes":[{"x":1},{"field":"second"}]}]})", kField);
  ASSERT_TRUE(probe.ok());
  EXPECT_FALSE(probe->value.has_value());
  probe = probeBoundedJson(R"({"entry":[{"changes":[{"field":42}]}]})", kField);
  ASSERT_TRUE(probe.ok());
  EXPECT_FALSE(probe->value.has_value());
  probe = probeBoundedJson(R"({"entry":{"0":{"changes":[{"field":"x"}]}}})", kField);
  ASSERT_TRUE(probe.ok());
  EXPECT_FALSE(probe->value.has_value()) << "an object is not an array";
}

TEST(JsonProbeTest, TheRootsKindIsReported) {
  auto probe = probeBoundedJson("[1, 2, {\"entry\": []}]", kField);
  ASSERT_TRUE(probe.ok());
  EXPECT_FALSE(probe->is_object);
  probe = probeBoundedJson(R"("just a string")", {});
  ASSERT_TRUE(probe.ok());
  EXPECT_FALSE(probe->is_object);
  EXPECT_EQ(probe->value, "just a string");
}

TEST(JsonProbeTest, RefusesWhatTheBoundedParserRefusesWithTheSameCodes) {
  struct Case {
    std::string text;
    std::string code;
  };
  const std::vector<Case> cases = {
      {R"({"entry":[)", "malformed_json"},
      {R"({"entry":[]} trailing)", "malformed_json"},
      {"", "malformed_json"},
      {R"({"n":1e500})", "number_out_of_range"},
      {std::string(65, '[') + std::string(65, ']'), "json_too_deep"},
  };
  for (const Case& c : cases) {
    const auto probe = probeBoundedJson(c.text, kField);
    ASSERT_FALSE(probe.ok()) << c.text;
    EXPECT_EQ(probe.error().code, c.code) << c.text;
    const auto parsed = parseBoundedJson(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.error().code, c.code) << c.text;
  }
  EXPECT_TRUE(probeBoundedJson(std::string(64, '[') + std::string(64, ']'), kField).ok());
}

}  // namespace
}  // namespace mensajero
