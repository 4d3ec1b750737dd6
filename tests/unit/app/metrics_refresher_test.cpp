// app::MetricsRefresher (issue 12): the store's gauges are read in the background and a scrape
// serves the last values, so a scrape never reaches the database.
#include <chrono>

#include <gtest/gtest.h>

#include "app/metrics_wiring.h"
#include "monitoring/exposition.h"
#include "monitoring/metrics_registry.h"
#include "support/eventually.h"
#include "support/fault_injection_store.h"
#include "support/seeded_store.h"

namespace mensajero::app {
namespace {

using namespace std::chrono_literals;

double gaugeValue(const std::string& name) {
  for (const auto& family : monitoring::defaultRegistry().collect()) {
    if (family.name == name && !family.samples.empty()) return family.samples[0].value;
  }
  return -1;
}

class MetricsRefresherTest : public ::testing::Test {
 protected:
  MetricsRefresherTest()
      : seeded_(testing::openSeededStore(dir_)),
        store_(*seeded_.store),
        breakers_(store_, clock_, {}) {}

  void acceptDueAt(UnixMillis due) {
    storage::NewOutboundMessage message;
    message.organization_id = seeded_.organization_id;
    message.channel_identifier = "+12015550101";
    message.recipient = "+12015550101";
    message.patient.phone = "+12015550101";
    message.content = "Recordatorio";
    message.created_at = due;
    message.next_attempt_at = due;
    ASSERT_TRUE(store_.acceptOutbound(message).ok());
  }

  testing::TempDir dir_;
  testing::SeededStore seeded_;
  testing::FaultInjectionStore store_;
  resilience::ManualClock clock_;
  delivery::BreakerBoard breakers_;
};

TEST_F(MetricsRefresherTest, StartReadsTheGaugesAndScrapesNeverCallTheStore) {
  acceptDueAt(clock_.now() - 90'000);  // due a minute and a half ago
  MetricsRefresher refresher(store_, clock_, breakers_, 1h);
  refresher.start();
  EXPECT_EQ(store_.calls("stats"), 1);
  EXPECT_EQ(gaugeValue("mensajero_outbox_depth"), 1);
  EXPECT_EQ(gaugeValue("mensajero_outbox_oldest_due_age_seconds"), 90);
  EXPECT_EQ(gaugeValue("mensajero_webhook_backlog"), 0);
  for (int i = 0; i < 20; ++i) {
    EXPECT_FALSE(monitoring::renderText(monitoring::defaultRegistry().collect()).empty());
  }
  EXPECT_EQ(store_.calls("stats"), 1);  // the scrapes read memory only
  refresher.stop();
}

TEST_F(MetricsRefresherTest, AFailedReadKeepsTheLastValuesAndCountsTheFailure) {
  acceptDueAt(clock_.now() + 60'000);  // pending but not yet due
  MetricsRefresher refresher(store_, clock_, breakers_, 10ms);
  refresher.start();
  EXPECT_EQ(gaugeValue("mensajero_outbox_depth"), 1);
  EXPECT_EQ(gaugeValue("mensajero_outbox_oldest_due_age_seconds"), 0);
  const double failures = gaugeValue("mensajero_store_gauges_refresh_failures_total");
  store_.failFromNow("stats");
  EXPECT_TRUE(testing::eventually(
      [&] { return gaugeValue("mensajero_store_gauges_refresh_failures_total") > failures; }));
  EXPECT_EQ(gaugeValue("mensajero_outbox_depth"), 1);
  refresher.stop();
}

TEST_F(MetricsRefresherTest, BreakerStatesAreExportedPerInstanceWithItsLabels) {
  MetricsRefresher refresher(store_, clock_, breakers_, 1h);
  refresher.start();
  breakers_.forChannel(seeded_.channel_id);
  bool found = false;
  for (const auto& family : monitoring::defaultRegistry().collect()) {
    if (family.name != "mensajero_circuit_breaker_state") continue;
    for (const auto& sample : family.samples) {
      if (sample.labels[0] != seeded_.channel_id) continue;
      found = true;
      EXPECT_EQ(sample.labels[1], "whatsapp");
      EXPECT_EQ(sample.labels[2], "meta");
      EXPECT_EQ(sample.value, 0);
    }
  }
  EXPECT_TRUE(found);
  refresher.stop();
}

}  // namespace
}  // namespace mensajero::app
