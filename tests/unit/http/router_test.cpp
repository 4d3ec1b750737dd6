#include "http/router.h"

#include <stdexcept>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mensajero::http {
namespace {

using ::testing::ElementsAre;

Handler noop() {
  return [](Request, Respond respond) { respond(Response::json(200, "{}")); };
}

TEST(RouterTest, MatchesLiteralPath) {
  Router router;
  router.add("GET", "/health", noop());
  const auto m = router.match("GET", "/health");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/health");
  EXPECT_TRUE(m.allowed_methods.empty());
  EXPECT_TRUE(m.params.empty());
}

TEST(RouterTest, CapturesNamedSegments) {
  Router router;
  router.add("GET", "/api/v2/conversations/{id}/messages/{msg}", noop());
  const auto m = router.match("GET", "/api/v2/conversations/c-1/messages/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "c-1");
  EXPECT_EQ(m.params.at("msg"), "42");
}

TEST(RouterTest, ParameterNeedsANonEmptySegment) {
  Router router;
  router.add("GET", "/a/{id}", noop());
  EXPECT_EQ(router.match("GET", "/a/").route, nullptr);
  EXPECT_EQ(router.match("GET", "/a").route, nullptr);
  EXPECT_EQ(router.match("GET", "/a/1/2").route, nullptr);
}

TEST(RouterTest, TrailingSlashIsADifferentPath) {
  Router router;
  router.add("GET", "/a", noop());
  EXPECT_NE(router.match("GET", "/a").route, nullptr);
  EXPECT_EQ(router.match("GET", "/a/").route, nullptr);
  EXPECT_TRUE(router.match("GET", "/a/").allowed_methods.empty());
}

TEST(RouterTest, RootPathMatchesOnlyRoot) {
  Router router;
  router.add("GET", "/", noop());
  EXPECT_NE(router.match("GET", "/").route, nullptr);
  EXPECT_EQ(router.match("GET", "/x").route, nullptr);
  EXPECT_EQ(router.match("GET", "").route, nullptr);
}

TEST(RouterTest, WrongMethodListsAllowedMethodsOnce) {
  Router router;
  router.add("GET", "/m/{id}", noop());
  router.add("DELETE", "/m/{id}", noop());
  router.addBlocking("GET", "/m/{other}", [](const Request&) { return Response{}; });
  router.add("POST", "/elsewhere", noop());
  const auto m = router.match("PUT", "/m/7");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_THAT(m.allowed_methods, ElementsAre("GET", "DELETE"));
  EXPECT_TRUE(m.params.empty());
}

TEST(RouterTest, UnknownPathHasNoAllowedMethods) {
  Router router;
  router.add("GET", "/a", noop());
  const auto m = router.match("GET", "/b");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed_methods.empty());
}

TEST(RouterTest, MethodIsCaseSensitive) {
  Router router;
  router.add("GET", "/a", noop());
  EXPECT_EQ(router.match("get", "/a").route, nullptr);
  EXPECT_THAT(router.match("get", "/a").allowed_methods, ElementsAre("GET"));
}

TEST(RouterTest, LiteralSegmentBeatsParameterWhateverTheOrder) {
  Router router;
  router.add("GET", "/m/{id}", noop());
  router.add("GET", "/m/stats", noop());
  EXPECT_EQ(router.match("GET", "/m/stats").route->pattern, "/m/stats");
  EXPECT_EQ(router.match("GET", "/m/9").route->pattern, "/m/{id}");
}

TEST(RouterTest, KeepsRouteOptionsAndKind) {
  Router router;
  router.add("POST", "/hook", noop(), RouteOptions{.body_limit = 4096});
  router.addBlocking("GET", "/db", [](const Request&) { return Response{}; });
  const auto hook = router.match("POST", "/hook");
  ASSERT_NE(hook.route, nullptr);
  EXPECT_EQ(hook.route->options.body_limit, 4096u);
  EXPECT_TRUE(hook.route->handler);
  EXPECT_FALSE(hook.route->blocking);
  const auto db = router.match("GET", "/db");
  ASSERT_NE(db.route, nullptr);
  EXPECT_TRUE(db.route->blocking);
  EXPECT_EQ(router.routes().size(), 2u);
}

TEST(RouterTest, RejectsMalformedPatterns) {
  Router router;
  EXPECT_THROW(router.add("GET", "no-slash", noop()), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{id", noop()), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/x{id}", noop()), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a", Handler{}), std::invalid_argument);
}

}  // namespace
}  // namespace mensajero::http
