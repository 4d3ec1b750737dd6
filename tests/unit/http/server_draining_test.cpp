// Server::draining(): what GET /readyz reads to say "not ready" once a shutdown has begun.
#include <gtest/gtest.h>

#include "http/server.h"
#include "server_test_support.h"

namespace mensajero::http {
namespace {

using testing::answer;
using testing::testOptions;

TEST(ServerDrainingTest, IsFalseWhileServingAndTrueOnceStopBegins) {
  Router router;
  router.add("GET", "/ok", answer("{}"));
  Server server(testOptions(), std::move(router));
  EXPECT_FALSE(server.draining());
  server.start();
  EXPECT_FALSE(server.draining());
  server.stop();
  EXPECT_TRUE(server.draining());
}

}  // namespace
}  // namespace mensajero::http
