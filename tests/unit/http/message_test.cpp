#include "http/message.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mensajero::http {
namespace {

TEST(RequestTest, HeaderLookupIgnoresCaseAndReturnsFirst) {
  Request r;
  r.headers = {{"Content-Type", "application/json"}, {"X-Dup", "one"}, {"x-dup", "two"}};
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("X-DUP"), "one");
  EXPECT_FALSE(r.header("Authorization").has_value());
}

TEST(RequestTest, QueryParamDecodesPercentAndPlus) {
  Request r;
  r.query_string = "q=hola+mundo%21&empty=&flag&name%20x=a%2Bb&q=second";
  EXPECT_EQ(r.queryParam("q"), "hola mundo!");
  EXPECT_EQ(r.queryParam("empty"), "");
  EXPECT_EQ(r.queryParam("flag"), "");
  EXPECT_EQ(r.queryParam("name x"), "a+b");
  EXPECT_FALSE(r.queryParam("missing").has_value());
}

TEST(RequestTest, QueryParamKeepsMalformedEscapesLiterally) {
  Request r;
  r.query_string = "a=%zz&b=%4";
  EXPECT_EQ(r.queryParam("a"), "%zz");
  EXPECT_EQ(r.queryParam("b"), "%4");
}

TEST(ResponseTest, ErrorHasTheOneShapeAndEscapesStrings) {
  const Response r = Response::error(422, "invalid", "bad \"quote\"\n", true);
  EXPECT_EQ(r.status, 422u);
  EXPECT_EQ(r.content_type, "application/json");
  const auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc.size(), 1u);
  EXPECT_EQ(doc["error"]["code"], "invalid");
  EXPECT_EQ(doc["error"]["message"], "bad \"quote\"\n");
  EXPECT_EQ(doc["error"]["retryable"], true);
  EXPECT_EQ(doc["error"].size(), 3u);
}

TEST(ResponseTest, ErrorExactTextAndInvalidUtf8DoesNotThrow) {
  EXPECT_EQ(Response::error(404, "not_found", "nope").body,
            R"({"error":{"code":"not_found","message":"nope","retryable":false}})");
  EXPECT_NO_THROW(Response::error(400, "bad", "\xff\xfe"));
}

TEST(ResponseTest, TextAndJsonSetContentType) {
  EXPECT_EQ(Response::text(200, "hi").content_type, "text/plain; charset=utf-8");
  const Response j = Response::json(201, "{}");
  EXPECT_EQ(j.status, 201u);
  EXPECT_EQ(j.content_type, "application/json");
  EXPECT_EQ(j.body, "{}");
}

}  // namespace
}  // namespace mensajero::http
