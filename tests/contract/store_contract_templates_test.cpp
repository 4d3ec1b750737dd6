// The Store contract for message templates (issue 11): unique per organization, name and
// language; every operation scoped to one organization; the statuses Meta reports.
#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

using domain::TemplateCategory;
using domain::TemplateStatus;

class TemplatesContractTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    clinic_ = makeOrganization("Clinic");
    other_ = makeOrganization("Other clinic");
  }

  TemplateRecord draft(const std::string& organization_id, const std::string& name,
                       const std::string& language = "es") const {
    TemplateRecord record;
    record.organization_id = organization_id;
    record.name = name;
    record.language = language;
    record.category = TemplateCategory::Utility;
    record.content_json = R"({"body":{"text":"Hola {{1}} x","examples":["Ana"]}})";
    record.created_at = at(1);
    record.updated_at = at(1);
    return record;
  }

  OrganizationRecord clinic_;
  OrganizationRecord other_;
};

INSTANTIATE_TEST_SUITE_P(Backends, TemplatesContractTest, ::testing::ValuesIn(contractBackends()),
                         [](const auto& info) { return info.param.name; });

TEST_P(TemplatesContractTest, CreatesAndFindsByIdAndByNameAndLanguage) {
  const TemplateRecord created = must(store().createTemplate(draft(clinic_.id, "reminder")));
  EXPECT_FALSE(created.id.empty());
  EXPECT_EQ(created.status, TemplateStatus::Pending);
  EXPECT_EQ(created.parameter_format, "positional");
  EXPECT_EQ(created.created_at, at(1));

  const auto by_id = must(store().findTemplate(clinic_.id, created.id));
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->name, "reminder");
  EXPECT_EQ(by_id->language, "es");
  EXPECT_EQ(by_id->category, TemplateCategory::Utility);
  EXPECT_NE(by_id->content_json.find("Hola {{1}} x"), std::string::npos);
  EXPECT_FALSE(by_id->provider_template_id.has_value());

  const auto by_name = must(store().findTemplateByName(clinic_.id, "reminder", "es"));
  ASSERT_TRUE(by_name.has_value());
  EXPECT_EQ(by_name->id, created.id);
  EXPECT_FALSE(must(store().findTemplateByName(clinic_.id, "reminder", "en")).has_value());
}

TEST_P(TemplatesContractTest, NameAndLanguageAreUniquePerOrganization) {
  must(store().createTemplate(draft(clinic_.id, "reminder")));
  auto again = store().createTemplate(draft(clinic_.id, "reminder"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().category, ErrorCategory::Conflict);
  EXPECT_EQ(again.error().code, "template_exists");
  // Another language, or another organization, is another template.
  EXPECT_TRUE(store().createTemplate(draft(clinic_.id, "reminder", "en_US")).ok());
  EXPECT_TRUE(store().createTemplate(draft(other_.id, "reminder")).ok());
}

TEST_P(TemplatesContractTest, AnotherOrganizationsTemplateIsNeverFoundNorChanged) {
  const TemplateRecord theirs = must(store().createTemplate(draft(other_.id, "reminder")));
  EXPECT_FALSE(must(store().findTemplate(clinic_.id, theirs.id)).has_value());
  EXPECT_FALSE(must(store().findTemplateByName(clinic_.id, "reminder", "es")).has_value());
  EXPECT_TRUE(must(store().listTemplates(clinic_.id, {})).empty());

  TemplateRecord hijack = theirs;
  hijack.organization_id = clinic_.id;
  hijack.status = TemplateStatus::Approved;
  auto updated = store().updateTemplate(hijack);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code, "template_not_found");
  EXPECT_EQ(must(store().findTemplate(other_.id, theirs.id))->status, TemplateStatus::Pending);
}

TEST_P(TemplatesContractTest, AMalformedIdFindsNothing) {
  EXPECT_FALSE(must(store().findTemplate(clinic_.id, "not-a-uuid")).has_value());
}

TEST_P(TemplatesContractTest, ListsByNameAndFiltersByStatusLanguageAndCategory) {
  TemplateRecord marketing = draft(clinic_.id, "promo");
  marketing.category = TemplateCategory::Marketing;
  marketing.status = TemplateStatus::Approved;
  must(store().createTemplate(marketing));
  must(store().createTemplate(draft(clinic_.id, "reminder", "en_US")));
  must(store().createTemplate(draft(clinic_.id, "reminder")));
  TemplateRecord paused = draft(clinic_.id, "results");
  paused.status = TemplateStatus::Paused;
  must(store().createTemplate(paused));

  const auto all = must(store().listTemplates(clinic_.id, {}));
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].name, "promo");
  EXPECT_EQ(all[1].language, "en_US");
  EXPECT_EQ(all[2].language, "es");
  EXPECT_EQ(all[3].name, "results");

  TemplateFilter approved;
  approved.status = TemplateStatus::Approved;
  ASSERT_EQ(must(store().listTemplates(clinic_.id, approved)).size(), 1u);
  TemplateFilter paused_only;
  paused_only.status = TemplateStatus::Paused;
  EXPECT_EQ(must(store().listTemplates(clinic_.id, paused_only)).at(0).name, "results");
  TemplateFilter english;
  english.language = "en_US";
  EXPECT_EQ(must(store().listTemplates(clinic_.id, english)).size(), 1u);
  TemplateFilter utility_es;
  utility_es.category = TemplateCategory::Utility;
  utility_es.language = "es";
  EXPECT_EQ(must(store().listTemplates(clinic_.id, utility_es)).size(), 2u);
  TemplateFilter two;
  two.limit = 2;
  EXPECT_EQ(must(store().listTemplates(clinic_.id, two)).size(), 2u);
}

TEST_P(TemplatesContractTest, UpdateReplacesContentAndStatusButNotIdentity) {
  TemplateRecord record = must(store().createTemplate(draft(clinic_.id, "reminder")));
  record.name = "renamed";
  record.content_json = R"({"body":{"text":"Hola {{name}} x","examples":{"name":"Ana"}}})";
  record.parameter_format = "named";
  record.category = TemplateCategory::Marketing;
  record.status = TemplateStatus::Rejected;
  record.status_reason = "INVALID_FORMAT";
  record.updated_at = at(5);
  const TemplateRecord updated = must(store().updateTemplate(record));
  EXPECT_EQ(updated.name, "reminder");
  EXPECT_EQ(updated.parameter_format, "named");
  EXPECT_EQ(updated.category, TemplateCategory::Marketing);
  EXPECT_EQ(updated.status, TemplateStatus::Rejected);
  EXPECT_EQ(updated.status_reason, "INVALID_FORMAT");
  EXPECT_EQ(updated.created_at, at(1));
  EXPECT_EQ(updated.updated_at, at(5));
  EXPECT_NE(must(store().findTemplate(clinic_.id, record.id))->content_json.find("{{name}}"),
            std::string::npos);
}

TEST_P(TemplatesContractTest, UpsertByNameCreatesThenReplaces) {
  TemplateRecord imported = draft(clinic_.id, "reminder");
  imported.provider_template_id = "1234567890";
  imported.status = TemplateStatus::Approved;
  imported.quality = "GREEN";
  const TemplateRecord first = must(store().upsertTemplateByName(imported));
  EXPECT_EQ(first.provider_template_id, "1234567890");

  imported.id.clear();
  imported.status = TemplateStatus::Paused;
  imported.quality.reset();
  imported.category = TemplateCategory::Marketing;
  imported.updated_at = at(9);
  const TemplateRecord second = must(store().upsertTemplateByName(imported));
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(second.status, TemplateStatus::Paused);
  EXPECT_EQ(second.category, TemplateCategory::Marketing);
  EXPECT_EQ(second.quality, "GREEN");  // kept when the import carries none
  EXPECT_EQ(must(store().listTemplates(clinic_.id, {})).size(), 1u);
}

TEST_P(TemplatesContractTest, StatusByProviderIdIsScopedAndReportsNoRow) {
  TemplateRecord record = draft(clinic_.id, "reminder");
  record.provider_template_id = "555";
  const TemplateRecord created = must(store().createTemplate(record));

  const auto rejected = must(store().setTemplateStatusByProviderId(
      clinic_.id, "555", TemplateStatus::Rejected, "INVALID_FORMAT", "RED"));
  ASSERT_TRUE(rejected.has_value());
  EXPECT_EQ(rejected->id, created.id);
  EXPECT_EQ(rejected->status, TemplateStatus::Rejected);
  EXPECT_EQ(rejected->status_reason, "INVALID_FORMAT");
  EXPECT_EQ(rejected->quality, "RED");

  const auto approved = must(store().setTemplateStatusByProviderId(
      clinic_.id, "555", TemplateStatus::Approved, std::nullopt, std::nullopt));
  ASSERT_TRUE(approved.has_value());
  EXPECT_FALSE(approved->status_reason.has_value());
  EXPECT_EQ(approved->quality, "RED");

  EXPECT_FALSE(must(store().setTemplateStatusByProviderId(
                        other_.id, "555", TemplateStatus::Disabled, std::nullopt, std::nullopt))
                   .has_value());
  EXPECT_FALSE(must(store().setTemplateStatusByProviderId(
                        clinic_.id, "999", TemplateStatus::Disabled, std::nullopt, std::nullopt))
                   .has_value());
  EXPECT_EQ(must(store().findTemplate(clinic_.id, created.id))->status, TemplateStatus::Approved);
}

TEST_P(TemplatesContractTest, SurvivesReopening) {
  TemplateRecord record = draft(clinic_.id, "reminder");
  record.status = TemplateStatus::Paused;
  const TemplateRecord created = must(store().createTemplate(record));
  reopen();
  EXPECT_EQ(must(store().findTemplate(clinic_.id, created.id))->status, TemplateStatus::Paused);
}

}  // namespace
}  // namespace mensajero::storage::contract
