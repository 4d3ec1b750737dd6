// WebhookProcessor::drain on a real SQLite store behind the fault-injecting wrapper: stored
// rows are applied, a failed batch leaves them for the next drain, a row that does not parse
// is marked 'error' without holding back the others, and the counters count what committed.
#include "core/webhook_processor.h"

#include <future>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "resilience/clock.h"
#include "support/fault_injection_store.h"
#include "support/seeded_store.h"
#include "support/test_providers.h"

namespace mensajero::core {
namespace {

using nlohmann::json;

constexpr const char* kOurNumber = "100200300";

// Meta's webhook with one inbound text from `from` to the number `phone_number_id`.
std::string inboundText(const std::string& phone_number_id, const std::string& wamid,
                        const std::string& from) {
  const json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", phone_number_id}}},
      {"contacts", json::array({{{"profile", {{"name", "P"}}}, {"wa_id", from}}})},
      {"messages", json::array({{{"from", from},
                                 {"id", wamid},
                                 {"timestamp", "1767225600"},
                                 {"type", "text"},
                                 {"text", {{"body", "hola"}}}}})}};
  return json{
      {"object", "whatsapp_business_account"},
      {"entry",
       json::array({{{"id", "WABA1"},
                     {"changes", json::array({{{"field", "messages"}, {"value", value}}})}}})}}
      .dump();
}

class WebhookProcessorTest : public ::testing::Test {
 protected:
  WebhookProcessorTest()
      : seeded_(testing::openSeededStore(dir_, std::string(R"({"phone_number_id":")") + kOurNumber +
                                                   R"(","access_token":"t"})")),
        store_(*seeded_.store) {}

  // Stores a webhook as the route does (through the real store, not the wrapper).
  void receive(const std::string& payload) {
    storage::WebhookLogRecord row;
    row.organization_id = seeded_.organization_id;
    row.payload = payload;
    row.payload_hash = std::to_string(next_hash_++);
    row.received_at = clock_.now();
    std::promise<Result<storage::WebhookAppend>> appended;
    seeded_.store->appendWebhookAsync(
        row, [&appended](Result<storage::WebhookAppend> result) { appended.set_value(result); });
    auto result = appended.get_future().get();
    ASSERT_TRUE(result.ok()) << result.error().message;
  }

  std::vector<storage::WebhookLogRecord> unprocessed() {
    auto rows = seeded_.store->listUnprocessedWebhooks(100);
    return rows ? *rows : std::vector<storage::WebhookLogRecord>{};
  }

  // A number read straight from the SQLite file: what the store committed, by a path the
  // store's own reads do not share.
  long long count(const std::string& sql) {
    sqlite3* db = nullptr;
    long long value = -1;
    if (sqlite3_open_v2(dir_.file("store.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
        SQLITE_OK) {
      sqlite3_stmt* statement = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
          sqlite3_step(statement) == SQLITE_ROW) {
        value = sqlite3_column_int64(statement, 0);
      }
      sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return value;
  }
  long long rowsWithStatus(const std::string& status) {
    return count("SELECT count(*) FROM webhook_logs WHERE status = '" + status + "'");
  }
  long long inboundMessages() {
    return count("SELECT count(*) FROM messages WHERE direction = 'inbound'");
  }

  WebhookProcessor::Options options(int batch_size = 500) {
    WebhookProcessor::Options options;
    options.batch_size = batch_size;
    return options;
  }

  testing::TempDir dir_;
  testing::SeededStore seeded_;
  testing::FaultInjectionStore store_;
  resilience::ManualClock clock_;
  int next_hash_ = 1;
};

TEST_F(WebhookProcessorTest, DrainAppliesEveryStoredRowAndCountsThem) {
  receive(inboundText(kOurNumber, "wamid.1", "15551230001"));
  receive(inboundText(kOurNumber, "wamid.2", "15551230002"));
  WebhookProcessor processor(store_, testing::testProviders(), clock_, options());
  auto drained = processor.drain();
  ASSERT_TRUE(drained.ok()) << drained.error().message;
  EXPECT_EQ(*drained, 2);
  EXPECT_TRUE(unprocessed().empty());
  EXPECT_EQ(processor.processedRows(), 2u);
  EXPECT_EQ(rowsWithStatus("success"), 2);
  EXPECT_EQ(inboundMessages(), 2);
  EXPECT_EQ(store_.calls("applyWebhookWork"), 1) << "one batch";
}

TEST_F(WebhookProcessorTest, DrainWorksThroughSeveralBatches) {
  for (int i = 0; i < 5; ++i) {
    receive(
        inboundText(kOurNumber, "wamid.b" + std::to_string(i), "1555123000" + std::to_string(i)));
  }
  WebhookProcessor processor(store_, testing::testProviders(), clock_, options(/*batch_size=*/2));
  auto drained = processor.drain();
  ASSERT_TRUE(drained.ok());
  EXPECT_EQ(*drained, 5);
  EXPECT_EQ(store_.calls("applyWebhookWork"), 3);
  EXPECT_TRUE(unprocessed().empty());
}

TEST_F(WebhookProcessorTest, AFailedBatchLeavesItsRowsForTheNextDrain) {
  receive(inboundText(kOurNumber, "wamid.1", "15551230001"));
  receive(inboundText(kOurNumber, "wamid.2", "15551230002"));
  WebhookProcessor processor(store_, testing::testProviders(), clock_, options());
  store_.failNext("applyWebhookWork");
  auto failed = processor.drain();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "db_injected");
  EXPECT_EQ(unprocessed().size(), 2u);
  EXPECT_EQ(processor.processedRows(), 0u) << "nothing counted before a commit";
  EXPECT_EQ(inboundMessages(), 0);

  auto drained = processor.drain();
  ASSERT_TRUE(drained.ok()) << drained.error().message;
  EXPECT_EQ(*drained, 2);
  EXPECT_TRUE(unprocessed().empty());
  EXPECT_EQ(processor.processedRows(), 2u);
  EXPECT_EQ(inboundMessages(), 2);
}

TEST_F(WebhookProcessorTest, AFailedListingIsAnErrorAndLosesNothing) {
  receive(inboundText(kOurNumber, "wamid.1", "15551230001"));
  WebhookProcessor processor(store_, testing::testProviders(), clock_, options());
  store_.failNext("listUnprocessedWebhooks");
  EXPECT_FALSE(processor.drain().ok());
  EXPECT_EQ(unprocessed().size(), 1u);
  auto drained = processor.drain();
  ASSERT_TRUE(drained.ok());
  EXPECT_EQ(*drained, 1);
}

TEST_F(WebhookProcessorTest, APoisonedRowIsMarkedErrorAndDoesNotBlockTheOthers) {
  receive("{\"object\": \"whatsapp_business_account\", \"entry\": [");  // cut short
  receive(inboundText(kOurNumber, "wamid.1", "15551230001"));
  WebhookProcessor processor(store_, testing::testProviders(), clock_, options());
  auto drained = processor.drain();
  ASSERT_TRUE(drained.ok()) << drained.error().message;
  EXPECT_EQ(*drained, 2);
  EXPECT_TRUE(unprocessed().empty()) << "the poisoned row is not retried forever";
  EXPECT_EQ(rowsWithStatus("error"), 1);
  EXPECT_EQ(rowsWithStatus("success"), 1);
  EXPECT_EQ(inboundMessages(), 1);
  EXPECT_EQ(processor.processedRows(), 2u);
  // A second drain finds nothing left.
  auto again = processor.drain();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

TEST_F(WebhookProcessorTest, EventsNamingAnotherNumberAreRefusedAndCounted) {
  receive(inboundText("999888777", "wamid.f", "15551230001"));
  receive(inboundText(kOurNumber, "wamid.1", "15551230002"));
  WebhookProcessor processor(store_, testing::testProviders(), clock_, options());
  ASSERT_TRUE(processor.drain().ok());
  EXPECT_EQ(processor.refusedEvents().foreign_number, 1u);
  EXPECT_EQ(processor.refusedEvents().foreign_message, 0u);
  EXPECT_EQ(processor.processedRows(), 2u);
  EXPECT_EQ(inboundMessages(), 1) << "only the event to our number is stored";
}

TEST_F(WebhookProcessorTest, CountersOfAFailedBatchAreNotAddedTwice) {
  receive(inboundText("999888777", "wamid.f", "15551230001"));
  WebhookProcessor processor(store_, testing::testProviders(), clock_, options());
  store_.failNext("applyWebhookWork");
  ASSERT_FALSE(processor.drain().ok());
  EXPECT_EQ(processor.refusedEvents().foreign_number, 0u);
  ASSERT_TRUE(processor.drain().ok());
  EXPECT_EQ(processor.refusedEvents().foreign_number, 1u);
}

TEST_F(WebhookProcessorTest, RowsStoredBeforeTheDatabaseStoppedTakingWritesWaitForIt) {
  receive(inboundText(kOurNumber, "wamid.1", "15551230001"));
  WebhookProcessor processor(store_, testing::testProviders(), clock_, options());
  store_.crash();
  EXPECT_FALSE(processor.drain().ok());
  EXPECT_FALSE(processor.drain().ok());
  EXPECT_EQ(unprocessed().size(), 1u);
  store_.heal();
  auto drained = processor.drain();
  ASSERT_TRUE(drained.ok());
  EXPECT_EQ(*drained, 1);
  EXPECT_EQ(inboundMessages(), 1);
}

}  // namespace
}  // namespace mensajero::core
