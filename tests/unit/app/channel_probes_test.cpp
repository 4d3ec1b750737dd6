// ChannelProbes (issue 12 point 2): a channel instance's provider is probed at most once per
// interval of the injected clock, however many callers ask, and the verdict is cached.
#include "app/channel_probes.h"

#include <future>
#include <vector>

#include <gtest/gtest.h>

#include "support/seeded_store.h"
#include "support/test_providers.h"
#include "unit/channels/fake_http_client.h"

namespace mensajero::app {
namespace {

using channels::testing::FakeHttpClient;
using std::chrono::seconds;

constexpr std::int64_t kIntervalMs = 30'000;

class ChannelProbesTest : public ::testing::Test {
 protected:
  explicit ChannelProbesTest(Result<transport::HttpReply> answer =
                                 FakeHttpClient::reply(200, R"({"data":[{"about":"x"}]})"))
      : seeded_(testing::openSeededStore(dir_)),
        http_(std::move(answer)),
        channels_(*seeded_.store, testing::testProviders(), http_),
        probes_(channels_, clock_, kIntervalMs) {}

  testing::TempDir dir_;
  testing::SeededStore seeded_;
  FakeHttpClient http_;
  delivery::ChannelRegistry channels_;
  resilience::ManualClock clock_;
  ChannelProbes probes_;
};

TEST_F(ChannelProbesTest, ProbesOncePerIntervalOfTheInjectedClock) {
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(probes_.verdict(seeded_.channel_id));
  ASSERT_EQ(http_.calls().size(), 1u);
  EXPECT_NE(http_.calls()[0].url.find("whatsapp_business_profile"), std::string::npos);
  clock_.advance(seconds(29));
  EXPECT_TRUE(probes_.verdict(seeded_.channel_id));
  EXPECT_EQ(http_.calls().size(), 1u);
  clock_.advance(seconds(1));
  EXPECT_TRUE(probes_.verdict(seeded_.channel_id));
  EXPECT_EQ(http_.calls().size(), 2u);
}

TEST_F(ChannelProbesTest, ConcurrentCallersShareOneProbe) {
  std::vector<std::future<bool>> callers;
  for (int i = 0; i < 8; ++i) {
    callers.push_back(std::async(std::launch::async,
                                 [this] { return probes_.verdict(seeded_.channel_id).ok(); }));
  }
  for (auto& caller : callers) EXPECT_TRUE(caller.get());
  EXPECT_EQ(http_.calls().size(), 1u);
}

TEST_F(ChannelProbesTest, AnUnknownInstanceIsAFailedVerdictWithoutAProviderCall) {
  EXPECT_FALSE(probes_.verdict("00000000-0000-4000-8000-000000000000"));
  EXPECT_TRUE(http_.calls().empty());
}

class FailingChannelProbesTest : public ChannelProbesTest {
 protected:
  FailingChannelProbesTest()
      : ChannelProbesTest(FakeHttpClient::reply(
            503, R"({"error":{"message":"down","type":"OAuthException","code":2}})")) {}
};

TEST_F(FailingChannelProbesTest, AFailedProbeIsCachedForTheIntervalToo) {
  EXPECT_FALSE(probes_.verdict(seeded_.channel_id));
  EXPECT_FALSE(probes_.verdict(seeded_.channel_id));
  EXPECT_EQ(http_.calls().size(), 1u);
}

}  // namespace
}  // namespace mensajero::app
