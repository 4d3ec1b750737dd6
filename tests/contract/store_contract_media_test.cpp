// The Store contract for media files (issue 11): uploads stored once per organization and
// SHA-256 with their bytes (binary-exact), inbound rows recorded once by their derived id,
// every read and write scoped to one organization, provider ids and downloaded bytes cached,
// and the retention purge dropping bytes but keeping metadata.
#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

class MediaContractTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    clinic_ = makeOrganization("Clinic");
    other_ = makeOrganization("Other clinic");
  }

  NewMediaRecord upload(const std::string& organization_id, std::string bytes, std::string sha256,
                        UnixMillis created_at) const {
    NewMediaRecord media;
    media.organization_id = organization_id;
    media.kind = domain::MediaKind::Document;
    media.source = domain::MediaSource::Upload;
    media.mime_type = "application/pdf";
    media.size_bytes = static_cast<std::int64_t>(bytes.size());
    media.sha256 = std::move(sha256);
    media.filename = "estudios.pdf";
    media.bytes = std::move(bytes);
    media.created_at = created_at;
    return media;
  }

  NewMediaRecord inbound(const std::string& organization_id, const std::string& id) const {
    NewMediaRecord media;
    media.id = id;
    media.organization_id = organization_id;
    media.kind = domain::MediaKind::Image;
    media.source = domain::MediaSource::Inbound;
    media.mime_type = "image/jpeg";
    media.sha256 = "c2hhMjU2";
    media.provider = "instance-1";
    media.inbound_media_id = "1234567890";
    media.created_at = at(5);
    return media;
  }

  OrganizationRecord clinic_;
  OrganizationRecord other_;
};

INSTANTIATE_TEST_SUITE_P(Backends, MediaContractTest, ::testing::ValuesIn(contractBackends()),
                         [](const auto& info) { return info.param.name; });

// Every byte value, NUL included, comes back exactly.
std::string allBytes() {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  return bytes + bytes;
}

TEST_P(MediaContractTest, UploadIsStoredOncePerOrganizationWithExactBytes) {
  const MediaSaved first =
      must(store().saveUploadedMedia(upload(clinic_.id, allBytes(), "aa", at(1))));
  EXPECT_TRUE(first.created);
  const MediaSaved again =
      must(store().saveUploadedMedia(upload(clinic_.id, allBytes(), "aa", at(2))));
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.id, first.id);
  const MediaSaved theirs =
      must(store().saveUploadedMedia(upload(other_.id, allBytes(), "aa", at(3))));
  EXPECT_TRUE(theirs.created);
  EXPECT_NE(theirs.id, first.id);

  const auto found = must(store().findMedia(clinic_.id, first.id, /*with_bytes=*/true));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, domain::MediaKind::Document);
  EXPECT_EQ(found->source, domain::MediaSource::Upload);
  EXPECT_EQ(found->mime_type, "application/pdf");
  EXPECT_EQ(found->size_bytes, 512);
  EXPECT_EQ(found->filename, "estudios.pdf");
  EXPECT_TRUE(found->has_bytes);
  ASSERT_TRUE(found->bytes);
  EXPECT_EQ(*found->bytes, allBytes());
  EXPECT_EQ(found->created_at, at(1));
  // Without asking for the bytes, none are read.
  const auto light = must(store().findMedia(clinic_.id, first.id, /*with_bytes=*/false));
  ASSERT_TRUE(light);
  EXPECT_TRUE(light->has_bytes);
  EXPECT_FALSE(light->bytes);
}

TEST_P(MediaContractTest, AnotherOrganizationsMediaIsNeitherReadNorChanged) {
  const MediaSaved saved = must(store().saveUploadedMedia(upload(clinic_.id, "pdf", "bb", at(1))));
  EXPECT_FALSE(must(store().findMedia(other_.id, saved.id, true)));
  EXPECT_FALSE(must(store().findMedia(clinic_.id, "not-a-uuid", true)));
  const Status foreign = store().setProviderMediaId(other_.id, saved.id, "instance-x", "999");
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().category, ErrorCategory::NotFound);
  EXPECT_EQ(store().cacheMediaBytes(other_.id, saved.id, "image/png", "x").error().category,
            ErrorCategory::NotFound);
  const auto unchanged = must(store().findMedia(clinic_.id, saved.id, true));
  ASSERT_TRUE(unchanged);
  EXPECT_FALSE(unchanged->provider_media_id);
  EXPECT_EQ(*unchanged->bytes, "pdf");
}

TEST_P(MediaContractTest, ProviderMediaIdIsCachedPerInstance) {
  const MediaSaved saved = must(store().saveUploadedMedia(upload(clinic_.id, "pdf", "cc", at(1))));
  ASSERT_TRUE(store().setProviderMediaId(clinic_.id, saved.id, "instance-1", "1111").ok());
  auto found = must(store().findMedia(clinic_.id, saved.id, false));
  EXPECT_EQ(found->provider, "instance-1");
  EXPECT_EQ(found->provider_media_id, "1111");
  ASSERT_TRUE(store().setProviderMediaId(clinic_.id, saved.id, "instance-2", "2222").ok());
  found = must(store().findMedia(clinic_.id, saved.id, false));
  EXPECT_EQ(found->provider, "instance-2");
  EXPECT_EQ(found->provider_media_id, "2222");
}

TEST_P(MediaContractTest, InboundMediaIsRecordedOnceAndCachesItsDownload) {
  const std::string id = "5f0c1e2a-3b4c-4d5e-8f60-718293a4b5c6";
  ASSERT_TRUE(store().recordInboundMedia({inbound(clinic_.id, id)}).ok());
  // A redelivery records nothing new and changes nothing.
  NewMediaRecord replay = inbound(clinic_.id, id);
  replay.mime_type = "image/png";
  ASSERT_TRUE(store().recordInboundMedia({replay}).ok());
  auto found = must(store().findMedia(clinic_.id, id, true));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->source, domain::MediaSource::Inbound);
  EXPECT_EQ(found->mime_type, "image/jpeg");
  EXPECT_EQ(found->inbound_media_id, "1234567890");
  EXPECT_EQ(found->provider, "instance-1");
  EXPECT_FALSE(found->has_bytes);

  ASSERT_TRUE(store().cacheMediaBytes(clinic_.id, id, "image/jpeg", allBytes()).ok());
  found = must(store().findMedia(clinic_.id, id, true));
  EXPECT_EQ(found->size_bytes, 512);
  ASSERT_TRUE(found->bytes);
  EXPECT_EQ(*found->bytes, allBytes());
}

TEST_P(MediaContractTest, PurgeDropsOldBytesAndKeepsMetadata) {
  const MediaSaved old = must(store().saveUploadedMedia(upload(clinic_.id, "old", "dd", at(1))));
  const MediaSaved recent =
      must(store().saveUploadedMedia(upload(other_.id, "recent", "ee", at(10))));
  EXPECT_EQ(must(store().purgeMediaBytesBefore(at(5))), 1);
  const auto purged = must(store().findMedia(clinic_.id, old.id, true));
  ASSERT_TRUE(purged);
  EXPECT_FALSE(purged->has_bytes);
  EXPECT_FALSE(purged->bytes);
  EXPECT_EQ(purged->size_bytes, 3);
  EXPECT_EQ(purged->sha256, "dd");
  EXPECT_EQ(*must(store().findMedia(other_.id, recent.id, true))->bytes, "recent");
  EXPECT_EQ(must(store().purgeMediaBytesBefore(at(5))), 0);
}

}  // namespace
}  // namespace mensajero::storage::contract
