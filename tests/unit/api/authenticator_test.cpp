// The Authenticator against a real SQLite store: revocation is seen within a second, scopes
// come from the key, and failed authentications slow their source down.
#include "api/authenticator.h"

#include <gtest/gtest.h>

#include "security/api_key.h"
#include "storage/sqlite/connection.h"
#include "storage/store_factory.h"
#include "support/temp_dir.h"

namespace mensajero::api {
namespace {

using std::chrono::milliseconds;

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions options;
    options.url = "sqlite:" + dir_.file("auth.db");
    auto store = storage::openStore(options);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    ASSERT_TRUE(store_->migrate().ok());
    storage::OrganizationRecord clinic;
    clinic.name = "Clinic";
    auto created = store_->createOrganization(clinic);
    ASSERT_TRUE(created.ok());
    organization_id_ = created->id;
  }

  // A new key with `scopes`; returns {token, id}.
  std::pair<std::string, std::string> newKey(const std::string& scopes = "send,read,admin") {
    const auto issued = security::issueApiKey();
    storage::ApiKeyRecord key;
    key.organization_id = organization_id_;
    key.key_hash = issued.hash;
    key.scopes = scopes;
    auto stored = store_->insertApiKey(key);
    EXPECT_TRUE(stored.ok());
    return {issued.token, stored.ok() ? stored->id : ""};
  }

  static http::Request requestWith(const std::string& authorization,
                                   const std::string& source = "192.0.2.10") {
    http::Request request;
    request.remote_address = source;
    if (!authorization.empty()) request.headers.push_back({"Authorization", authorization});
    return request;
  }

  testing::TempDir dir_;
  storage::StorePtr store_;
  std::string organization_id_;
  resilience::ManualClock clock_;
};

TEST_F(AuthenticatorTest, RevokedKeyIsRefusedWithinASecond) {
  Authenticator authenticator(*store_, clock_);
  const auto [token, id] = newKey();
  ASSERT_TRUE(authenticator.authenticate(requestWith("Bearer " + token)).ok());

  ASSERT_TRUE(store_->revokeApiKey(id, clock_.now()).ok());
  clock_.advance(milliseconds(1'000));  // the promise: within a second
  auto refused = authenticator.authenticate(requestWith("Bearer " + token));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Unauthorized);
  EXPECT_EQ(refused.error().message, "revoked API key");
}

TEST_F(AuthenticatorTest, KeyDeletedFromTheDatabaseIsRefusedWithinASecond) {
  Authenticator authenticator(*store_, clock_);
  const auto [token, id] = newKey();
  ASSERT_TRUE(authenticator.authenticate(requestWith("Bearer " + token)).ok());

  // As an operator removing the row by hand would.
  auto db = storage::sqlite::Connection::open(dir_.file("auth.db"),
                                              storage::sqlite::Connection::Mode::Writer, 5000);
  ASSERT_TRUE(db.ok()) << db.error().message;
  const std::string remove = "DELETE FROM api_keys WHERE id = '" + id + "'";
  ASSERT_TRUE((*db)->execute(remove.c_str()).ok());
  clock_.advance(milliseconds(1'000));
  auto refused = authenticator.authenticate(requestWith("Bearer " + token));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "unknown API key");
}

TEST_F(AuthenticatorTest, KeyIsNotReadAgainWithinASecond) {
  Authenticator authenticator(*store_, clock_);
  const auto [token, id] = newKey();
  ASSERT_TRUE(authenticator.authenticate(requestWith("Bearer " + token)).ok());
  ASSERT_TRUE(store_->revokeApiKey(id, clock_.now()).ok());
  // Still the cached answer: the store is read at most once a second per key.
  clock_.advance(milliseconds(999));
  EXPECT_TRUE(authenticator.authenticate(requestWith("Bearer " + token)).ok());
}

TEST_F(AuthenticatorTest, CallerCarriesTheKeysScopes) {
  Authenticator authenticator(*store_, clock_);
  const auto [token, id] = newKey("read");
  auto caller = authenticator.authenticate(requestWith("Bearer " + token));
  ASSERT_TRUE(caller.ok());
  EXPECT_EQ(caller->api_key_id, id);
  EXPECT_EQ(caller->organization_id, organization_id_);
  EXPECT_TRUE(caller->scopes.has(security::Scope::Read));
  EXPECT_FALSE(caller->scopes.has(security::Scope::Send));
  EXPECT_FALSE(caller->scopes.has(security::Scope::Admin));
}

TEST_F(AuthenticatorTest, ASourceThatKeepsFailingIsBlockedWithRetryAfter) {
  Authenticator authenticator(*store_, clock_, {.failures_per_minute = 3, .block_ms = 10'000});
  for (int i = 0; i < 3; ++i) {
    auto failed = authenticator.authenticate(requestWith("Bearer mj_wrong"));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().category, ErrorCategory::Unauthorized) << i;
  }
  auto blocked = authenticator.authenticate(requestWith("Bearer mj_wrong"));
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().category, ErrorCategory::RateLimited);
  EXPECT_EQ(blocked.error().code, "too_many_failed_authentications");
  EXPECT_EQ(blocked.error().retry_after_ms, std::optional<long long>(10'000));
  // An unknown valid key from the blocked source is not even looked up...
  const auto [token, id] = newKey();
  EXPECT_EQ(authenticator.authenticate(requestWith("Bearer " + token)).error().category,
            ErrorCategory::RateLimited);
  // ...while another source is unaffected, and once the block lapses new keys work from here too.
  EXPECT_TRUE(authenticator.authenticate(requestWith("Bearer " + token, "192.0.2.99")).ok());
  clock_.advance(milliseconds(10'000));
  const auto [later_token, later_id] = newKey();
  EXPECT_TRUE(authenticator.authenticate(requestWith("Bearer " + later_token)).ok());
  EXPECT_EQ(authenticator.failures().failuresTotal(), 3);
  EXPECT_EQ(authenticator.failures().refusalsTotal(), 2);
}

TEST_F(AuthenticatorTest, AKeyInUseKeepsWorkingFromABlockedSource) {
  // A clinic behind the same proxy as someone guessing keys.
  Authenticator authenticator(*store_, clock_, {.failures_per_minute = 2, .block_ms = 60'000});
  const auto [token, id] = newKey();
  ASSERT_TRUE(authenticator.authenticate(requestWith("Bearer " + token)).ok());
  for (int i = 0; i < 3; ++i) (void)authenticator.authenticate(requestWith("Bearer mj_wrong"));
  clock_.advance(milliseconds(5'000));  // past the re-confirmation: the store is read again
  EXPECT_TRUE(authenticator.authenticate(requestWith("Bearer " + token)).ok());
}

TEST_F(AuthenticatorTest, AMissingHeaderIsRefusedButNotCounted) {
  Authenticator authenticator(*store_, clock_, {.failures_per_minute = 1, .block_ms = 60'000});
  for (int i = 0; i < 3; ++i) {
    auto refused = authenticator.authenticate(requestWith(""));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().category, ErrorCategory::Unauthorized);
  }
  EXPECT_EQ(authenticator.failures().failuresTotal(), 0);
}

}  // namespace
}  // namespace mensajero::api
