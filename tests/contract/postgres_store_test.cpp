// What the PostgreSQL store adds to the Store contract: several stores (gateway instances) on
// one database, and a database that goes away and comes back. Runs against the test cluster
// (scripts/pg-test-cluster); skipped when none is configured.
#include "storage/postgres/postgres_store.h"

#include <utility>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "contract/store_contract.h"
#include "storage/postgres/conversation_ops.h"
#include "storage/postgres/outbox_ops.h"
#include "storage/postgres/pg_array.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/schema_v1.h"
#include "storage/postgres/schema_v2.h"
#include "storage/postgres/transaction.h"
#include "storage/store_factory.h"
#include "support/postgres_test_database.h"

namespace mensajero::storage::contract {
namespace {

using std::chrono::steady_clock;
using testing::PostgresTestDatabase;
using testing::testClusterUrl;

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string cluster = testClusterUrl();
    if (cluster.empty()) GTEST_SKIP() << "MENSAJERO_TEST_PG_URL_FILE is not set";
    database_ = std::make_unique<PostgresTestDatabase>(cluster);
  }

  // Another gateway instance on the test database.
  StorePtr openInstance() {
    StoreOptions options;
    options.url = database_->url();
    options.read_connections = 2;
    auto opened = openStore(options);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? std::move(*opened) : nullptr;
  }

  StorePtr openMigrated() {
    StorePtr store = openInstance();
    if (store != nullptr) must(store->migrate());
    return store;
  }

  // Ends every session on the test database, as a server restart or an administrator would;
  // each gets SQLSTATE 57P01. Waits until they are gone.
  void terminateSessions() {
    database_->execute(
        "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
        "WHERE datname = '" +
            database_->name() + "'",
        /*on_cluster=*/true);
  }

  void allowConnections(bool allowed) {
    database_->execute("ALTER DATABASE " + database_->name() + " ALLOW_CONNECTIONS " +
                           (allowed ? "true" : "false"),
                       /*on_cluster=*/true);
  }

  std::unique_ptr<PostgresTestDatabase> database_;
};

Result<WebhookAppend> append(Store& store, WebhookLogRecord record) {
  auto done = std::make_shared<std::promise<Result<WebhookAppend>>>();
  auto appended = done->get_future();
  store.appendWebhookAsync(std::move(record), [done](Result<WebhookAppend> result) {
    done->set_value(std::move(result));
  });
  return appended.get();
}

OrganizationRecord organization(const std::string& name) {
  OrganizationRecord record;
  record.name = name;
  record.created_at = kT0;
  return record;
}

NewOutboundMessage outboundTo(const std::string& organization_id, const std::string& identifier) {
  NewOutboundMessage message;
  message.organization_id = organization_id;
  message.channel_identifier = identifier;
  message.recipient = identifier;
  message.content = "Your appointment is confirmed";
  message.created_at = message.next_attempt_at = at(1);
  return message;
}

// The accept writer's batch call (acceptOutbounds) on `messages`, in a transaction it commits.
Result<std::vector<std::optional<Result<AcceptedMessage>>>> acceptInOneTransaction(
    postgres::PgConnection& db, std::vector<NewOutboundMessage>& messages) {
  std::vector<NewOutboundMessage*> batch;
  for (NewOutboundMessage& message : messages) batch.push_back(&message);
  if (Status begun = postgres::beginTransaction(db, postgres::Access::ReadWrite); !begun) {
    return begun.error();
  }
  auto outcomes = postgres::acceptOutbounds(db, batch);
  if (!outcomes) return outcomes;
  if (Status committed = postgres::commitTransaction(db); !committed) return committed.error();
  return outcomes;
}

TEST(PostgresStoreOpenTest, NothingListeningIsUnavailable) {
  StoreOptions options;
  options.url = "postgresql://postgres@127.0.0.1:1/postgres";
  auto opened = openStore(options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().category, ErrorCategory::Unavailable);
  EXPECT_EQ(opened.error().code, "db_unavailable");
}

TEST_F(PostgresStoreTest, SessionsEndedByTheServerAreReplacedOnNextUse) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const std::string clinic = must(store->createOrganization(organization("Clinic"))).id;
  ASSERT_EQ(must(append(*store, webhookRecord("before", at(1)))), WebhookAppend::Inserted);

  terminateSessions();
  // Reads, writes and the webhook writer each meet a dead connection first.
  EXPECT_TRUE(must(store->findOrganization(clinic)).has_value());
  must(store->createOrganization(organization("Hospital")));
  EXPECT_EQ(must(append(*store, webhookRecord("after", at(2)))), WebhookAppend::Inserted);
  must(store->ping());
}

TEST_F(PostgresStoreTest, AnUnreachableDatabaseIsUnavailableAtOnceAndRecovers) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(must(append(*store, webhookRecord("before", at(1)))), WebhookAppend::Inserted);

  allowConnections(false);
  terminateSessions();
  const auto started = steady_clock::now();
  auto refused = append(*store, webhookRecord("while down", at(2)));
  EXPECT_LT(steady_clock::now() - started, std::chrono::seconds(5));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Unavailable);
  EXPECT_EQ(refused.error().code, "db_unavailable");
  auto write = store->createOrganization(organization("Clinic"));
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.error().category, ErrorCategory::Unavailable);
  EXPECT_EQ(store->ping().error().category, ErrorCategory::Unavailable);

  allowConnections(true);
  EXPECT_EQ(must(append(*store, webhookRecord("while down", at(3)))), WebhookAppend::Inserted);
  must(store->ping());
}

TEST_F(PostgresStoreTest, InstancesMigratingTogetherAllSucceed) {
  std::vector<StorePtr> instances(4);
  for (StorePtr& instance : instances) instance = openInstance();
  std::vector<std::thread> starting;
  std::vector<Result<int>> versions(instances.size(), Result<int>(0));
  for (std::size_t i = 0; i < instances.size(); ++i) {
    ASSERT_NE(instances[i], nullptr);
    starting.emplace_back([&, i] { versions[i] = instances[i]->migrate(); });
  }
  for (std::thread& thread : starting) thread.join();
  const int latest = must(instances[0]->schemaVersion());
  EXPECT_GE(latest, 2);
  for (const Result<int>& version : versions) {
    ASSERT_TRUE(version.ok()) << version.error().message;
    EXPECT_EQ(*version, latest);
  }
}

TEST_F(PostgresStoreTest, InstancesClaimDisjointMessages) {
  StorePtr first = openMigrated();
  StorePtr second = openInstance();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  const std::string clinic = must(first->createOrganization(organization("Clinic"))).id;
  constexpr int kMessages = 80;
  for (int i = 0; i < kMessages; ++i)
    must(first->acceptOutbound(outboundTo(clinic, "+12015550101")));

  std::mutex mutex;
  std::vector<std::string> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    Store& instance = w % 2 == 0 ? *first : *second;
    workers.emplace_back([&, w] {
      for (;;) {
        auto batch = instance.claimDueOutbound(at(10), 3, "worker-" + std::to_string(w), at(600));
        if (!batch.ok() || batch->empty()) return;
        std::lock_guard lock(mutex);
        for (const MessageRecord& m : *batch) claimed.push_back(m.id);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const std::set<std::string> distinct(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kMessages));
  EXPECT_EQ(distinct.size(), claimed.size());
}

// An accept to a new recipient is one statement that creates the conversation and its patient
// together (outbox_ops.cpp); when several race for the same new recipient, the ones that lose
// go the long way. Either way each number ends with one conversation and one patient, and no
// patient is left without a conversation.
TEST_F(PostgresStoreTest, AcceptsRacingForNewRecipientsLeaveOnePatientEach) {
  StorePtr first = openMigrated();
  StorePtr second = openInstance();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  const std::string clinic = must(first->createOrganization(organization("Clinic"))).id;
  constexpr int kRecipients = 20;
  constexpr int kClients = 4;
  std::atomic<int> failures = 0;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    Store& instance = c % 2 == 0 ? *first : *second;
    clients.emplace_back([&instance, &clinic, &failures] {
      for (int r = 0; r < kRecipients; ++r) {
        NewOutboundMessage message = outboundTo(clinic, "+1201555" + std::to_string(1000 + r));
        message.patient.phone = message.channel_identifier;
        message.patient.name = "Patient " + std::to_string(r);
        if (!instance.acceptOutbound(message).ok()) ++failures;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(database_->column("SELECT count(*) FROM message_conversations"),
            (std::vector<std::string>{std::to_string(kRecipients)}));
  EXPECT_EQ(database_->column("SELECT count(*) FROM patients"),
            (std::vector<std::string>{std::to_string(kRecipients)}));
  EXPECT_EQ(database_->column("SELECT count(*) FROM messages"),
            (std::vector<std::string>{std::to_string(kRecipients * kClients)}));
  EXPECT_EQ(database_->column(
                "SELECT count(*) FROM message_conversations c JOIN patients p ON p.id = "
                "c.patient_id WHERE p.phone = c.channel_identifier AND p.name LIKE 'Patient %'"),
            (std::vector<std::string>{std::to_string(kRecipients)}));
}

// Rows one statement wrote carry the same transaction (xmin) and command (cmin) ids: an accept
// to a new recipient writes its conversation, patient and message in one statement, and the
// next accept to that recipient its message in one more.
TEST_F(PostgresStoreTest, AnAcceptToANewRecipientWritesItsRowsInOneStatement) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const std::string clinic = must(store->createOrganization(organization("Clinic"))).id;
  NewOutboundMessage message = outboundTo(clinic, "+12015550101");
  message.patient.phone = message.channel_identifier;
  must(store->acceptOutbound(message));
  const std::string statements =
      "SELECT count(DISTINCT (xmin::text, cmin::text)) FROM (SELECT xmin, cmin FROM "
      "message_conversations UNION ALL SELECT xmin, cmin FROM patients UNION ALL "
      "SELECT xmin, cmin FROM messages) AS written";
  EXPECT_EQ(database_->column(statements), (std::vector<std::string>{"1"}));
  must(store->acceptOutbound(message));
  EXPECT_EQ(database_->column(statements), (std::vector<std::string>{"2"}));
  EXPECT_EQ(database_->column("SELECT count(*) FROM patients"), (std::vector<std::string>{"1"}));
}

// The accept writer's batch (acceptOutbounds): the messages one statement accepts, in one
// transaction; the others left for a transaction of their own, or refused when invalid.
TEST_F(PostgresStoreTest, ABatchAcceptsTheCommonCasesTogetherAndLeavesTheRest) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const std::string clinic = must(store->createOrganization(organization("Clinic"))).id;
  const AcceptedMessage earlier = must(store->acceptOutbound(outboundTo(clinic, "+12015550100")));

  std::vector<NewOutboundMessage> messages(6, outboundTo(clinic, "+12015550101"));
  for (NewOutboundMessage& message : messages) message.patient.phone = "+12015550101";
  messages[2].organization_id = "missing";                // no such organization
  messages[3].conversation_id = earlier.conversation_id;  // a conversation given
  messages[4].channel_identifier.clear();                 // invalid: no recipient
  messages[5].channel_type = domain::ChannelType::Sms;    // the number's patient is known
  auto db = postgres::PgConnection::open(database_->url());
  ASSERT_TRUE(db.ok()) << db.error().message;
  auto outcomes = acceptInOneTransaction(**db, messages);
  ASSERT_TRUE(outcomes.ok()) << outcomes.error().message;

  ASSERT_EQ(outcomes->size(), messages.size());
  const auto& done = *outcomes;
  ASSERT_TRUE(done[0].has_value() && done[0]->ok());
  ASSERT_TRUE(done[1].has_value() && done[1]->ok());
  EXPECT_EQ((*done[1])->conversation_id, (*done[0])->conversation_id);
  EXPECT_FALSE(done[2].has_value());
  EXPECT_FALSE(done[3].has_value());
  ASSERT_TRUE(done[4].has_value());
  ASSERT_FALSE(done[4]->ok());
  EXPECT_EQ(done[4]->error().category, ErrorCategory::Invalid);
  EXPECT_FALSE(done[5].has_value());
  // The two accepted messages were written by one transaction, the earlier one by another.
  EXPECT_EQ(database_->column("SELECT count(*) || '|' || count(DISTINCT xmin::text) FROM messages"),
            (std::vector<std::string>{"3|2"}));
}

// The batch's rows travel as array literals (PgArrayLiteral): whatever a text holds reaches
// PostgreSQL's array parser intact, and a NULL element is NULL while the text "NULL" is text.
TEST_F(PostgresStoreTest, ArrayLiteralsCarryAnyTextToPostgres) {
  auto db = postgres::PgConnection::open(database_->url());
  ASSERT_TRUE(db.ok()) << db.error().message;
  const std::vector<std::string> texts = {"plain",
                                          "",
                                          "NULL",
                                          "a \"quoted\" word",
                                          "back\\slash \\\" and quote",
                                          "{braces}, commas",
                                          " spaced ",
                                          "ñandú 🌵",
                                          "line\nbreak\ttab"};
  postgres::PgArrayLiteral literal;
  for (const std::string& text : texts) literal.add(text);
  literal.addNull().addInteger(-42);
  auto rows = (*db)->run(
      "SELECT e, e IS NULL FROM unnest($1::text[]) WITH ORDINALITY AS t(e, n) ORDER BY n",
      postgres::PgParams().text(literal.take()));
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->rows(), static_cast<int>(texts.size()) + 2);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(rows->text(static_cast<int>(i), 0), texts[i]);
    EXPECT_EQ(rows->text(static_cast<int>(i), 1), "f");
  }
  EXPECT_EQ(rows->text(static_cast<int>(texts.size()), 1), "t");
  EXPECT_EQ(rows->text(static_cast<int>(texts.size()) + 1, 0), "-42");
  EXPECT_EQ(literal.take(), "{}");  // the builder starts over after take()
}

// One statement for the whole batch (acceptTogether): two accepts to one new recipient share
// the conversation and patient it creates, the patient taking the first name given; of two new
// keys with one phone number the first creates the patient and the other is left to join it.
TEST_F(PostgresStoreTest, ABatchStatementCreatesEachNewConversationOnce) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const std::string clinic = must(store->createOrganization(organization("Clinic"))).id;
  std::vector<NewOutboundMessage> messages(4, outboundTo(clinic, "+12015550301"));
  for (NewOutboundMessage& message : messages) message.patient.phone = "+12015550301";
  messages[0].content = "He said \"see you\" \\ {Monday, 9:00}";
  messages[1].patient.name = "Ana";
  messages[1].metadata = R"({"note":"a \"quoted\" value"})";
  messages[2].channel_type = domain::ChannelType::Sms;  // the same number, another key
  messages[3].channel_identifier = messages[3].recipient = "+12015550302";
  messages[3].patient.phone = "+12015550302";
  auto db = postgres::PgConnection::open(database_->url());
  ASSERT_TRUE(db.ok()) << db.error().message;
  auto outcomes = acceptInOneTransaction(**db, messages);
  ASSERT_TRUE(outcomes.ok()) << outcomes.error().message;

  const auto& done = *outcomes;
  ASSERT_TRUE(done[0].has_value() && done[0]->ok());
  ASSERT_TRUE(done[1].has_value() && done[1]->ok());
  EXPECT_FALSE(done[2].has_value());
  ASSERT_TRUE(done[3].has_value() && done[3]->ok());
  EXPECT_EQ((*done[1])->conversation_id, (*done[0])->conversation_id);
  EXPECT_NE((*done[3])->conversation_id, (*done[0])->conversation_id);
  EXPECT_EQ(
      database_->column("SELECT content FROM messages WHERE id = '" + (*done[0])->message_id + "'"),
      (std::vector<std::string>{messages[0].content}));
  EXPECT_EQ(database_->column("SELECT metadata->>'note' FROM messages WHERE id = '" +
                              (*done[1])->message_id + "'"),
            (std::vector<std::string>{"a \"quoted\" value"}));
  EXPECT_EQ(database_->column("SELECT coalesce(name, '-') || '|' || phone FROM patients "
                              "ORDER BY phone"),
            (std::vector<std::string>{"Ana|+12015550301", "-|+12015550302"}));

  // The one left joins the patient of its number the long way.
  const AcceptedMessage sms = must(postgres::acceptOutbound(**db, messages[2]));
  EXPECT_EQ(database_->column("SELECT count(DISTINCT patient_id) || '|' || count(*) FROM "
                              "message_conversations WHERE channel_identifier = "
                              "'+12015550301'"),
            (std::vector<std::string>{"1|2"}));
  EXPECT_NE(sms.conversation_id, (*done[0])->conversation_id);
}

// Known conversations in one batch statement: a patient shared by its number's conversations
// on two channels takes the first name the batch gives it, whichever conversation brings it;
// another organization's patient with the same number neither blocks nor joins a new one.
TEST_F(PostgresStoreTest, ABatchStatementFillsASharedPatientInBatchOrder) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const std::string clinic = must(store->createOrganization(organization("Clinic"))).id;
  const std::string other = must(store->createOrganization(organization("Other"))).id;
  NewOutboundMessage on_whatsapp = outboundTo(clinic, "+12015550401");
  on_whatsapp.patient.phone = "+12015550401";
  NewOutboundMessage on_sms = on_whatsapp;
  on_sms.channel_type = domain::ChannelType::Sms;
  const AcceptedMessage whatsapp = must(store->acceptOutbound(on_whatsapp));
  const AcceptedMessage sms = must(store->acceptOutbound(on_sms));

  std::vector<NewOutboundMessage> messages = {on_whatsapp, on_sms, on_whatsapp};
  messages[0].patient.name = "Ana";
  messages[1].patient.name = "Bea";
  messages[2].organization_id = other;
  auto db = postgres::PgConnection::open(database_->url());
  ASSERT_TRUE(db.ok()) << db.error().message;
  auto outcomes = acceptInOneTransaction(**db, messages);
  ASSERT_TRUE(outcomes.ok()) << outcomes.error().message;

  const auto& done = *outcomes;
  for (const auto& outcome : done) ASSERT_TRUE(outcome.has_value() && outcome->ok());
  EXPECT_EQ((*done[0])->conversation_id, whatsapp.conversation_id);
  EXPECT_EQ((*done[1])->conversation_id, sms.conversation_id);
  EXPECT_EQ(database_->column("SELECT o.name || '|' || coalesce(p.name, '-') FROM patients p "
                              "JOIN organizations o ON o.id = p.organization_id "
                              "WHERE p.phone = '+12015550401' ORDER BY o.name"),
            (std::vector<std::string>{"Clinic|Ana", "Other|-"}));
}

// Asynchronous accepts, whatever batches they form: a message refused on its own (an unknown
// organization, another organization's patient) is refused alone and leaves nothing behind;
// one whose statement fails the batch (an identifier longer than the column) has the writer
// write its batch one message per transaction.
TEST_F(PostgresStoreTest, AcceptsQueuedTogetherAreRefusedOneByOne) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const std::string clinic = must(store->createOrganization(organization("Clinic"))).id;
  const std::string other = must(store->createOrganization(organization("Other"))).id;
  NewOutboundMessage theirs = outboundTo(other, "+12015550199");
  theirs.patient.phone = theirs.channel_identifier;
  must(store->acceptOutbound(theirs));
  const std::string their_patient = database_->column("SELECT id FROM patients").at(0);

  constexpr int kMessages = 300;
  const std::string too_long(101, '7');
  std::vector<std::future<Result<AcceptedMessage>>> answers;
  for (int i = 0; i < kMessages; ++i) {
    std::string to = i % 3 == 0 ? "+12015559999" : "+1202555" + std::to_string(1000 + i);
    NewOutboundMessage message = outboundTo(i % 50 == 7 ? std::string("missing") : clinic, to);
    message.patient.phone = to;
    if (i == 100) message.channel_identifier = too_long;
    if (i == 151) message.patient.id = their_patient;
    auto answer = std::make_shared<std::promise<Result<AcceptedMessage>>>();
    answers.push_back(answer->get_future());
    store->acceptOutboundAsync(std::move(message), [answer](Result<AcceptedMessage> accepted) {
      answer->set_value(std::move(accepted));
    });
  }
  int accepted = 0;
  std::set<std::string> repeated_conversations;
  for (int i = 0; i < kMessages; ++i) {
    Result<AcceptedMessage> answer = answers[i].get();
    if (i % 50 == 7 || i == 151) {
      ASSERT_FALSE(answer.ok()) << i;
      EXPECT_EQ(answer.error().category, ErrorCategory::NotFound) << i;
    } else if (i == 100) {
      EXPECT_FALSE(answer.ok());
    } else {
      ASSERT_TRUE(answer.ok()) << i << ": " << answer.error().message;
      ++accepted;
      if (i % 3 == 0) repeated_conversations.insert(answer->conversation_id);
    }
  }
  EXPECT_EQ(repeated_conversations.size(), 1u);
  EXPECT_EQ(database_->column("SELECT count(*) FROM messages m JOIN message_conversations c ON "
                              "c.id = m.conversation_id WHERE c.organization_id = '" +
                              clinic + "'"),
            (std::vector<std::string>{std::to_string(accepted)}));
  // Nothing of the refused ones: no conversation for them, and a patient per conversation.
  EXPECT_EQ(database_->column("SELECT count(*) FROM message_conversations WHERE "
                              "channel_identifier IN ('+12025551151', '" +
                              too_long + "')"),
            (std::vector<std::string>{"0"}));
  EXPECT_EQ(database_->column("SELECT count(*) FROM patients p WHERE NOT EXISTS (SELECT 1 FROM "
                              "message_conversations c WHERE c.patient_id = p.id)"),
            (std::vector<std::string>{"0"}));
}

// The one-statement accept leaves a conversation without a patient to the long way, which
// gives it the patient its number names.
TEST_F(PostgresStoreTest, AnAcceptToAConversationWithoutAPatientLinksOne) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const std::string clinic = must(store->createOrganization(organization("Clinic"))).id;
  NewOutboundMessage message = outboundTo(clinic, "+12015550101");
  message.patient.phone = message.channel_identifier;
  const AcceptedMessage first = must(store->acceptOutbound(message));
  database_->execute("UPDATE message_conversations SET patient_id = NULL");
  const AcceptedMessage second = must(store->acceptOutbound(message));
  EXPECT_EQ(second.conversation_id, first.conversation_id);
  EXPECT_EQ(database_->column("SELECT count(*) FROM message_conversations c JOIN patients p "
                              "ON p.id = c.patient_id WHERE p.phone = '+12015550101'"),
            (std::vector<std::string>{"1"}));
  EXPECT_EQ(database_->column("SELECT count(*) FROM patients"), (std::vector<std::string>{"1"}));
}

TEST_F(PostgresStoreTest, ARedeliveryToTwoInstancesIsStoredOnce) {
  StorePtr first = openMigrated();
  StorePtr second = openInstance();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  constexpr int kDeliveries = 40;
  std::atomic<int> inserted{0};
  std::atomic<int> duplicates{0};
  std::vector<std::future<void>> receivers;
  for (Store* instance : {first.get(), second.get()}) {
    receivers.push_back(std::async(std::launch::async, [&, instance] {
      for (int i = 0; i < kDeliveries; ++i) {
        WebhookLogRecord record = webhookRecord("delivery " + std::to_string(i), at(i));
        record.organization_id = "00000000-0000-4000-8000-0000000000c1";  // dedup is per org
        auto appended = append(*instance, std::move(record));
        if (appended.ok()) ++(*appended == WebhookAppend::Inserted ? inserted : duplicates);
      }
    }));
  }
  for (auto& receiver : receivers) receiver.get();
  EXPECT_EQ(inserted.load(), kDeliveries);
  EXPECT_EQ(duplicates.load(), kDeliveries);
}

// The race the one-statement find-or-insert must still win: the second transaction's insert
// waits for the first one's uncommitted row, finds it created, and reads it after the commit.
TEST_F(PostgresStoreTest, ASenderRacingForANewConversationGetsTheWinnersRow) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const std::string clinic = must(store->createOrganization(organization("Clinic"))).id;
  auto winner = postgres::PgConnection::open(database_->url());
  auto loser = postgres::PgConnection::open(database_->url());
  ASSERT_TRUE(winner.ok() && loser.ok());
  const postgres::ConversationKey key{clinic, domain::ChannelType::WhatsApp, "+12015550101"};
  PatientRecord patient;
  patient.phone = "+12015550101";
  ASSERT_TRUE(postgres::beginTransaction(**winner, postgres::Access::ReadWrite).ok());
  const std::string created =
      must(postgres::findOrCreateConversation(**winner, key, patient, at(1)));
  auto pid = (*loser)->run("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.ok()) << pid.error().message;
  const std::string loser_pid = pid->text(0, 0);
  ASSERT_TRUE(postgres::beginTransaction(**loser, postgres::Access::ReadWrite).ok());
  auto raced = std::async(std::launch::async, [&] {
    return postgres::findOrCreateConversation(**loser, key, patient, at(2));
  });
  // The winner commits only once the server shows the loser waiting for a lock (the
  // winner's uncommitted key), so the race is the one under test, however slow the machine.
  const auto deadline = steady_clock::now() + std::chrono::seconds(30);
  while (database_->column("SELECT wait_event_type FROM pg_stat_activity WHERE pid = " +
                           loser_pid) != std::vector<std::string>{"Lock"}) {
    ASSERT_EQ(raced.wait_for(std::chrono::milliseconds(5)), std::future_status::timeout)
        << "the loser did not wait for the winner's uncommitted conversation";
    ASSERT_LT(steady_clock::now(), deadline) << "the loser never waited for a lock";
  }
  ASSERT_TRUE(postgres::commitTransaction(**winner).ok());
  EXPECT_EQ(must(raced.get()), created);
  ASSERT_TRUE(postgres::commitTransaction(**loser).ok());
  EXPECT_EQ(database_->column("SELECT count(*) FROM message_conversations"),
            (std::vector<std::string>{"1"}));
  EXPECT_EQ(database_->column("SELECT count(*) FROM patients"), (std::vector<std::string>{"1"}));
}

TEST_F(PostgresStoreTest, AnInboundMessageAppliedByTwoInstancesIsStoredOnce) {
  StorePtr first = openMigrated();
  StorePtr second = openInstance();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  const std::string clinic = must(first->createOrganization(organization("Clinic"))).id;
  WebhookWork work;
  work.inbound.push_back(inboundEvent(clinic, "+12015550101", "wamid.TWICE", at(1)));
  auto applied_first =
      std::async(std::launch::async, [&] { return first->applyWebhookWork({work}); });
  auto applied_second =
      std::async(std::launch::async, [&] { return second->applyWebhookWork({work}); });
  const WebhookApplyCounts a = must(applied_first.get());
  const WebhookApplyCounts b = must(applied_second.get());
  EXPECT_EQ(a.inbound_inserted + b.inbound_inserted, 1);
  EXPECT_EQ(a.inbound_duplicates + b.inbound_duplicates, 1);
}

TEST_F(PostgresStoreTest, PurgesGoThroughABacklogLargerThanOneBatch) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const std::string expired = std::to_string(2 * postgres::PostgresStore::kPurgeBatchRows + 1);
  database_->execute(
      "INSERT INTO webhook_events (organization_id, event_key, processed_at) "
      "SELECT gen_random_uuid(), 'old-' || g, now() - interval '30 days' "
      "FROM generate_series(1, " +
      expired + ") g");
  database_->execute(
      "INSERT INTO webhook_events (organization_id, event_key, processed_at) "
      "VALUES (gen_random_uuid(), 'fresh', now() + interval '1 day')");
  database_->execute(
      "WITH org AS (INSERT INTO organizations (name) VALUES ('purge') RETURNING id), "
      "key AS (INSERT INTO api_keys (organization_id, key_hash) SELECT id, 'purge' FROM org "
      "RETURNING id) "
      "INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, state, "
      "created_at, locked_until, expires_at) "
      "SELECT key.id, 'k-' || g, 'h', 'completed', now(), now(), "
      "CASE WHEN g = 0 THEN now() + interval '1 day' ELSE now() - interval '1 day' END "
      "FROM key, generate_series(0, " +
      expired + ") g");
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();

  EXPECT_EQ(std::to_string(must(store->purgeEventKeysBefore(now))), expired);
  EXPECT_EQ(std::to_string(must(store->purgeIdempotencyKeysBefore(now))), expired);
  EXPECT_EQ(database_->column("SELECT event_key FROM webhook_events"),
            std::vector<std::string>{"fresh"});
  EXPECT_EQ(database_->column("SELECT idempotency_key FROM idempotency_keys"),
            std::vector<std::string>{"k-0"});
}

TEST_F(PostgresStoreTest, SynchronousCommitOffIsACaveat) {
  database_->execute("ALTER DATABASE " + database_->name() + " SET synchronous_commit = off",
                     /*on_cluster=*/true);
  StorePtr store = openInstance();  // new sessions take the database's setting
  ASSERT_NE(store, nullptr);
  const std::vector<std::string> caveats = must(store->durabilityCaveats());
  ASSERT_EQ(caveats.size(), 1u);
  EXPECT_NE(caveats[0].find("synchronous_commit is off"), std::string::npos) << caveats[0];
}

TEST_F(PostgresStoreTest, MigrationsCreateTheSpecSchemaInPostgresTypes) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const auto tables = database_->column(
      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1");
  const std::set<std::string> table_set(tables.begin(), tables.end());
  for (const char* table :
       {"organizations", "patients", "api_keys", "message_conversations", "messages",
        "channel_instances", "message_templates", "message_attempts", "system_health_metrics",
        "circuit_breaker_events", "webhook_logs", "webhook_events", "idempotency_keys",
        "schema_migrations"}) {
    EXPECT_TRUE(table_set.contains(table)) << table;
  }
  const auto indexes = database_->column(
      "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1");
  const std::set<std::string> index_set(indexes.begin(), indexes.end());
  for (const char* index :
       {"idx_messages_conversation_created", "idx_messages_external_id",
        "idx_messages_status_created", "idx_messages_inbound_external_id", "idx_messages_outbox",
        "idx_health_metrics_service_time", "idx_health_metrics_type_time",
        "idx_circuit_breaker_service_time", "idx_webhook_logs_provider_time",
        "idx_webhook_logs_status_time", "idx_idempotency_keys_expires"}) {
    EXPECT_TRUE(index_set.contains(index)) << index;
  }
  const auto types = database_->column(
      "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || "
      "coalesce(column_default, '') FROM information_schema.columns WHERE table_name IN "
      "('messages', 'webhook_logs') AND column_name IN ('id', 'metadata', 'created_at', "
      "'payload') ORDER BY 1");
  EXPECT_EQ(types, (std::vector<std::string>{
                       "messages.created_at timestamp with time zone now()",
                       "messages.id uuid mensajero_uuid_v7()",
                       "messages.metadata jsonb '{}'::jsonb",
                       "webhook_logs.id uuid mensajero_uuid_v7()",
                       "webhook_logs.payload bytea ",
                   }));
  EXPECT_EQ(database_->column("SELECT count(*) FROM schema_migrations"),
            (std::vector<std::string>{std::to_string(must(store->schemaVersion()))}));
}

TEST_F(PostgresStoreTest, NewIdsAreTimeOrderedVersionSevenUuids) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const auto ids = database_->column(
      "SELECT mensajero_uuid_v7()::text FROM generate_series(1, 3) UNION ALL "
      "SELECT (SELECT lpad(to_hex(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint), "
      "12, '0'))");
  ASSERT_EQ(ids.size(), 4u);
  const std::string now_hex = ids[3];
  for (int i = 0; i < 3; ++i) {
    const std::string& id = ids[i];
    ASSERT_EQ(id.size(), 36u) << id;
    EXPECT_EQ(id[14], '7') << id;                                          // version
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;  // variant
    // The first 48 bits are the Unix time in milliseconds: at most the time read after them.
    const std::string millis_hex = id.substr(0, 8) + id.substr(9, 4);
    EXPECT_LE(millis_hex, now_hex) << id;
    EXPECT_GT(std::stoll(millis_hex, nullptr, 16), std::stoll(now_hex, nullptr, 16) - 60'000) << id;
  }
}

TEST_F(PostgresStoreTest, TheClaimReadsOneOutboxIndexRangePerPriority) {
  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  PGconn* conn = PQconnectdb(database_->url().c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  // The tables are empty, so without this a sequential scan is as cheap as anything.
  PQclear(PQexec(conn, "SET enable_seqscan = off"));
  const std::string explain = std::string("EXPLAIN ") + postgres::claimQueryForTest();
  const char* params[] = {"2026-01-01T00:00:00.000Z", "10", "worker", "2026-01-01T00:00:30.000Z",
                          "{}"};
  PGresult* plan = PQexecParams(conn, explain.c_str(), 5, nullptr, params, nullptr, nullptr, 0);
  ASSERT_EQ(PQresultStatus(plan), PGRES_TUPLES_OK) << PQresultErrorMessage(plan);
  std::string text;
  for (int row = 0; row < PQntuples(plan); ++row)
    text += std::string(PQgetvalue(plan, row, 0)) + "\n";
  PQclear(plan);
  PQfinish(conn);
  // Picking the due rows reads, per priority rank, a range of the index bounded by the due
  // time (O(due messages), however many are scheduled for later) and stops at the limit; only
  // the picked rows are sorted, never the pending messages.
  const std::size_t due = text.find("CTE due");
  const std::size_t claimed = text.find("CTE claimed");
  ASSERT_NE(due, std::string::npos) << text;
  ASSERT_NE(claimed, std::string::npos) << text;
  const std::string picking = text.substr(due, claimed - due);
  EXPECT_NE(picking.find("Index Scan using idx_messages_outbox"), std::string::npos) << text;
  EXPECT_NE(picking.find("= \"*VALUES*\".column1) AND (next_attempt_at <= "), std::string::npos)
      << text;
  EXPECT_EQ(picking.find("Seq Scan on messages"), std::string::npos) << text;
}

// Migration 4 on a database an older release made: its keys keep working with every scope.
TEST_F(PostgresStoreTest, KeysFromBeforeScopesGetEveryScopeAndStayActive) {
  database_->execute(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
      "applied_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW())");
  database_->execute(postgres::kSchemaV1);
  database_->execute(postgres::kSchemaV2);
  database_->execute("INSERT INTO schema_migrations (version) VALUES (1), (2)");
  database_->execute(
      "INSERT INTO organizations (id, name) VALUES ('0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e01', 'C');"
      "INSERT INTO api_keys (organization_id, key_hash) "
      "VALUES ('0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e01', 'hash-1')");

  StorePtr store = openMigrated();
  ASSERT_NE(store, nullptr);
  const auto key = must(store->findApiKeyByHash("hash-1"));
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->scopes, "send,read,admin");
  EXPECT_FALSE(key->revoked_at.has_value());
}

}  // namespace
}  // namespace mensajero::storage::contract
