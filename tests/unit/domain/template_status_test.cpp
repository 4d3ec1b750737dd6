#include "core/domain/template_status.h"

#include <gtest/gtest.h>

#include "core/domain/template_category.h"

namespace mensajero::domain {
namespace {

TEST(TemplateStatusTest, TextRoundTrips) {
  for (TemplateStatus status :
       {TemplateStatus::Pending, TemplateStatus::Approved, TemplateStatus::Rejected,
        TemplateStatus::Paused, TemplateStatus::Disabled}) {
    EXPECT_EQ(parseTemplateStatus(toText(status)), status);
  }
  EXPECT_EQ(parseTemplateStatus("APPROVED"), std::nullopt);
}

TEST(TemplateStatusTest, MetaStatusesWeDoNotKeepMapToTheNearestSendability) {
  EXPECT_EQ(templateStatusFromMeta("APPROVED"), TemplateStatus::Approved);
  EXPECT_EQ(templateStatusFromMeta("IN_APPEAL"), TemplateStatus::Rejected);
  EXPECT_EQ(templateStatusFromMeta("PENDING_DELETION"), TemplateStatus::Disabled);
  EXPECT_EQ(templateStatusFromMeta("ARCHIVED"), TemplateStatus::Disabled);
  EXPECT_EQ(templateStatusFromMeta("LIMIT_EXCEEDED"), TemplateStatus::Rejected);
  EXPECT_EQ(templateStatusFromMeta("approved"), std::nullopt);
}

TEST(TemplateCategoryTest, OursAndMetasNames) {
  EXPECT_EQ(parseTemplateCategory("utility"), TemplateCategory::Utility);
  EXPECT_EQ(templateCategoryFromMeta("AUTHENTICATION"), TemplateCategory::Authentication);
  EXPECT_EQ(toMetaText(TemplateCategory::Marketing), "MARKETING");
  EXPECT_EQ(parseTemplateCategory("transactional"), std::nullopt);
}

}  // namespace
}  // namespace mensajero::domain
