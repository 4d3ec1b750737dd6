#include "core/media/media_limits.h"

#include <gtest/gtest.h>

#include "core/media/inbound_media.h"

namespace mensajero::core {
namespace {

TEST(MediaLimitsTest, KindFollowsTheMimeTypeWithoutParametersOrCase) {
  EXPECT_EQ(mediaTypeOf("Image/JPEG; q=1")->kind, domain::MediaKind::Image);
  EXPECT_EQ(mediaTypeOf("Image/JPEG; q=1")->mime_type, "image/jpeg");
  EXPECT_EQ(mediaTypeOf("application/pdf")->kind, domain::MediaKind::Document);
  EXPECT_EQ(mediaTypeOf("audio/ogg")->kind, domain::MediaKind::Audio);
  EXPECT_EQ(mediaTypeOf("video/3gpp")->kind, domain::MediaKind::Video);
  EXPECT_EQ(mediaTypeOf("image/webp")->kind, domain::MediaKind::Sticker);
  EXPECT_EQ(mediaTypeOf("image/gif").error().code, "unsupported_media_type");
  EXPECT_EQ(mediaTypeOf("").error().code, "unsupported_media_type");
  EXPECT_EQ(mediaTypeOf(std::string(500, 'a')).error().code, "unsupported_media_type");
}

TEST(MediaLimitsTest, SizeLimitsAreMetasPerKind) {
  const MediaType image = *mediaTypeOf("image/png");
  EXPECT_TRUE(checkMediaSize(image, std::string(5'000'000, 'x')).ok());
  EXPECT_EQ(checkMediaSize(image, std::string(5'000'001, 'x')).error().code, "media_too_large");
  EXPECT_EQ(checkMediaSize(image, "").error().code, "empty_media");
  const MediaType sticker = *mediaTypeOf("image/webp");
  EXPECT_EQ(checkMediaSize(sticker, std::string(100'001, 'x')).error().code, "media_too_large");
  // An animated WebP (VP8X with the animation flag) may be up to 500 KB.
  std::string animated("RIFF\x10\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x02", 21);
  animated.resize(200'000, 'x');
  EXPECT_TRUE(isAnimatedWebp(animated));
  EXPECT_TRUE(checkMediaSize(sticker, animated).ok());
}

TEST(InboundMediaIdTest, IsAStableUuidPerOrganizationAndMediaId) {
  const std::string id = inboundMediaId("org-a", "meta", "123");
  EXPECT_EQ(id, inboundMediaId("org-a", "meta", "123"));
  EXPECT_NE(id, inboundMediaId("org-b", "meta", "123"));
  EXPECT_NE(id, inboundMediaId("org-a", "meta", "124"));
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
}

}  // namespace
}  // namespace mensajero::core
