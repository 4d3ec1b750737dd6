// The Store contract for API key scopes, listing and revocation (issue 8 item 6).
#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

class ApiKeysContractTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    clinic_ = makeOrganization("Clinic");
  }

  ApiKeyRecord insertKey(const std::string& organization_id, const std::string& name, char hash,
                         UnixMillis created, const std::string& scopes = "send,read,admin") {
    ApiKeyRecord key;
    key.organization_id = organization_id;
    key.name = name;
    key.key_hash = std::string(64, hash);
    key.created_at = created;
    key.scopes = scopes;
    return must(store().insertApiKey(key));
  }

  OrganizationRecord clinic_;
};

INSTANTIATE_TEST_SUITE_P(Backends, ApiKeysContractTest, ::testing::ValuesIn(contractBackends()),
                         [](const auto& info) { return info.param.name; });

TEST_P(ApiKeysContractTest, KeepsScopesAndStartsActive) {
  insertKey(clinic_.id, "reports", 'a', at(1), "read");
  const auto found = must(store().findApiKeyByHash(std::string(64, 'a')));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->scopes, "read");
  EXPECT_FALSE(found->revoked_at.has_value());
}

TEST_P(ApiKeysContractTest, ListsTheOrganizationsKeysOldestFirst) {
  const OrganizationRecord other = makeOrganization("Other clinic");
  const ApiKeyRecord second = insertKey(clinic_.id, "second", 'b', at(2), "send");
  const ApiKeyRecord first = insertKey(clinic_.id, "first", 'a', at(1));
  insertKey(other.id, "theirs", 'c', at(0));

  const auto keys = must(store().listApiKeys(clinic_.id));
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].id, first.id);
  EXPECT_EQ(keys[0].name, "first");
  EXPECT_EQ(keys[0].scopes, "send,read,admin");
  EXPECT_EQ(keys[0].created_at, at(1));
  EXPECT_EQ(keys[1].id, second.id);
  EXPECT_EQ(keys[1].scopes, "send");
  EXPECT_EQ(keys[0].key_hash, std::string(64, 'a'));  // the hash only; no token exists
}

TEST_P(ApiKeysContractTest, ListingAnUnknownOrganizationIsNotFound) {
  auto missing = store().listApiKeys("0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e99");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().category, ErrorCategory::NotFound);
}

TEST_P(ApiKeysContractTest, RevokedKeyIsStillFoundWithItsRevocationTime) {
  const ApiKeyRecord key = insertKey(clinic_.id, "frontdesk", 'a', at(1));
  const ApiKeyRecord kept = insertKey(clinic_.id, "kept", 'b', at(1));

  const ApiKeyRecord revoked = must(store().revokeApiKey(key.id, at(5)));
  EXPECT_EQ(revoked.id, key.id);
  EXPECT_EQ(revoked.organization_id, clinic_.id);
  EXPECT_EQ(revoked.revoked_at, std::optional<UnixMillis>(at(5)));

  const auto found = must(store().findApiKeyByHash(key.key_hash));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->revoked_at, std::optional<UnixMillis>(at(5)));
  const auto other = must(store().findApiKeyByHash(kept.key_hash));
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->revoked_at.has_value());
  // The listing shows it too, so an operator sees what was revoked and when.
  const auto keys = must(store().listApiKeys(clinic_.id));
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].revoked_at.has_value() + keys[1].revoked_at.has_value(), 1);
}

TEST_P(ApiKeysContractTest, RevokingTwiceKeepsTheFirstTime) {
  const ApiKeyRecord key = insertKey(clinic_.id, "frontdesk", 'a', at(1));
  must(store().revokeApiKey(key.id, at(5)));
  const ApiKeyRecord again = must(store().revokeApiKey(key.id, at(9)));
  EXPECT_EQ(again.revoked_at, std::optional<UnixMillis>(at(5)));
}

TEST_P(ApiKeysContractTest, RevokingAnUnknownKeyIsNotFound) {
  for (const char* id : {"0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e99", "not-a-uuid"}) {
    auto missing = store().revokeApiKey(id, at(5));
    ASSERT_FALSE(missing.ok()) << id;
    EXPECT_EQ(missing.error().category, ErrorCategory::NotFound) << id;
  }
}

TEST_P(ApiKeysContractTest, RevocationSurvivesAReopen) {
  const ApiKeyRecord key = insertKey(clinic_.id, "frontdesk", 'a', at(1));
  must(store().revokeApiKey(key.id, at(5)));
  reopen();
  const auto found = must(store().findApiKeyByHash(key.key_hash));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->revoked_at, std::optional<UnixMillis>(at(5)));
}

}  // namespace
}  // namespace mensajero::storage::contract
