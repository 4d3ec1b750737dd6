// What inbound events write into a message's metadata: reactions per sender, and an edit
// history that stays bounded however often a message is edited.
#include "storage/message_metadata.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mensajero::storage::message_metadata {
namespace {

TEST(MessageMetadataTest, EditHistoryKeepsTheLatestEditsOnly) {
  std::string metadata = "{}";
  for (int i = 0; i < 50; ++i) metadata = withEdit(metadata, "text " + std::to_string(i), i);
  const auto edits = nlohmann::json::parse(metadata)["edits"];
  ASSERT_EQ(edits.size(), kMaxEdits);
  EXPECT_EQ(edits.front()["content"], "text 30");
  EXPECT_EQ(edits.back()["content"], "text 49");
}

TEST(MessageMetadataTest, AnEmptyEmojiRemovesOnlyThatSendersReaction) {
  std::string metadata = withReaction("{}", "+1", "A", 1);
  metadata = withReaction(metadata, "+2", "B", 2);
  metadata = withReaction(metadata, "+1", "", 3);
  const auto reactions = nlohmann::json::parse(metadata)["reactions"];
  EXPECT_FALSE(reactions.contains("+1"));
  EXPECT_EQ(reactions["+2"]["emoji"], "B");
}

TEST(MessageMetadataTest, MetadataThatIsNotAnObjectStartsAfresh) {
  const auto edited = nlohmann::json::parse(withEdit("[1,2]", "old", 0));
  ASSERT_TRUE(edited.is_object());
  EXPECT_EQ(edited["edits"].size(), 1u);
}

}  // namespace
}  // namespace mensajero::storage::message_metadata
