// Issue 12: the alerting lease between real gateway processes. One instance evaluates (it
// holds the lease and keeps renewing it), a SIGKILLed holder's lease passes to the survivor
// once it expires, and a gateway stopping cleanly gives it up at once.
#include <string>

#include <gtest/gtest.h>
#include <signal.h>

#include "integration/gateway_database.h"
#include "integration/sandbox.h"
#include "support/eventually.h"

namespace mensajero::testing {
namespace {

constexpr const char* kOwnerSql = "SELECT owner FROM alert_leases WHERE name = 'alerting'";

SandboxOptions fastAlerting() {
  SandboxOptions options;
  options.alerting = "{evaluation_interval_seconds: 1, lease_seconds: 3}";
  return options;
}

// The instance whose log says it took the lease as `owner`, or -1.
int instanceOf(const Sandbox& sandbox, const std::string& owner, int instances) {
  for (int i = 0; i < instances; ++i) {
    if (sandbox.gatewayLog(i).find("alerting: " + owner + " evaluates") != std::string::npos) {
      return i;
    }
  }
  return -1;
}

TEST(AlertingLeaseTest, OneGatewayHoldsAndRenewsTheLeaseAndGivesItUpOnStop) {
  Sandbox sandbox(fastAlerting());
  ASSERT_TRUE(eventually([&] { return !sandbox.queryText(kOwnerSql).empty(); }));
  const std::string owner = sandbox.queryText(kOwnerSql);
  EXPECT_EQ(instanceOf(sandbox, owner, 1), 0);
  // Renewed: its expiry moves past what it was when first read.
  const std::string first_expiry =
      sandbox.queryText("SELECT expires_at FROM alert_leases WHERE name = 'alerting'");
  EXPECT_TRUE(eventually([&] {
    return sandbox.queryText("SELECT expires_at FROM alert_leases WHERE name = 'alerting'") !=
           first_expiry;
  }));
  EXPECT_EQ(sandbox.queryText(kOwnerSql), owner);
  EXPECT_EQ(sandbox.stopGateway(SIGTERM), 0);
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM alert_leases"), 0);
}

TEST(AlertingLeaseTest, AKilledHoldersLeasePassesToTheSurvivor) {
  if (!suiteRunsOnPostgres()) {
    GTEST_SKIP() << "PostgreSQL only (gateway_integration_test_postgres runs it)";
  }
  Sandbox sandbox(fastAlerting());
  sandbox.startGateway(1);
  ASSERT_TRUE(eventually([&] { return !sandbox.queryText(kOwnerSql).empty(); }));
  const std::string holder = sandbox.queryText(kOwnerSql);
  const int holder_instance = instanceOf(sandbox, holder, 2);
  ASSERT_GE(holder_instance, 0);
  const int survivor = 1 - holder_instance;
  // The other instance evaluates nothing while the holder lives.
  EXPECT_EQ(sandbox.gatewayLog(survivor).find("evaluates the alert rules"), std::string::npos);

  EXPECT_EQ(sandbox.stopGateway(SIGKILL, holder_instance), 128 + SIGKILL);
  ASSERT_TRUE(eventually([&] {
    const std::string owner = sandbox.queryText(kOwnerSql);
    return !owner.empty() && owner != holder;
  }));
  EXPECT_EQ(instanceOf(sandbox, sandbox.queryText(kOwnerSql), 2), survivor);
}

}  // namespace
}  // namespace mensajero::testing
