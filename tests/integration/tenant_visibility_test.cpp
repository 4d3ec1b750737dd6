// Issue 8 items 11, 12 and 13: what one clinic can see of or do to another, and what an
// operator is told about a channel that cannot verify its webhooks.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

json textTo(const std::string& phone) {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "text"}, {"content", "Recordatorio"}}}};
}

Reply getWithKey(Sandbox& sandbox, const std::string& path, const std::string& key) {
  return sandbox.call("GET", sandbox.gatewayUrl(path), "", {{"Authorization", "Bearer " + key}});
}

// The ids of the organization's channel instances.
std::vector<std::string> channelIds(Sandbox& sandbox, const std::string& key) {
  std::vector<std::string> ids;
  const json listed = getWithKey(sandbox, "/api/v2/channels", key).json();
  for (const json& channel : listed["channels"]) {
    ids.push_back(channel["id"]);
  }
  return ids;
}

bool mentions(const std::string& body, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    if (body.find(id) != std::string::npos) return true;
  }
  return false;
}

// Item 11: a conversation given by id must be the recipient's.
TEST(TenantVisibilityTest, SendIntoAnotherPatientsConversationIs422AndStoresNothing) {
  Sandbox sandbox;
  const Reply first = sandbox.send(sandbox.keyA(), textTo("+12015550501"));
  ASSERT_EQ(first.status, 200) << first.body;
  json misfiled = textTo("+12015550502");
  misfiled["conversationId"] = first.json()["conversationId"];
  const Reply refused = sandbox.send(sandbox.keyA(), misfiled);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "conversation_recipient_mismatch");
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM messages"), 1);

  json follow_up = textTo("+12015550501");
  follow_up["conversationId"] = first.json()["conversationId"];
  const Reply joined = sandbox.send(sandbox.keyA(), follow_up);
  EXPECT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(joined.json()["conversationId"], first.json()["conversationId"]);
}

// Item 13: health without a key is the summary only; with a key, that clinic's details only.
TEST(TenantVisibilityTest, HealthShowsInstanceIdsAndErrorsOnlyToTheirOwnClinic) {
  Sandbox sandbox;
  const std::vector<std::string> ids_a = channelIds(sandbox, sandbox.keyA());
  const std::vector<std::string> ids_b = channelIds(sandbox, sandbox.keyB());
  ASSERT_EQ(ids_a.size(), 1U);
  ASSERT_EQ(ids_b.size(), 1U);
  ASSERT_EQ(sandbox.simControl("/_sim/control", {{"down", true}}).status, 200);

  Reply open;
  ASSERT_TRUE(eventually([&] {
    open = sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health"));
    return open.json()["services"]["whatsapp_api"]["status"] == "unhealthy";
  })) << open.body;
  // Both clinics have WhatsApp only, so nothing can deliver (issue 10).
  EXPECT_EQ(open.status, 503);
  EXPECT_EQ(open.json()["status"], "unhealthy");
  EXPECT_FALSE(mentions(open.body, ids_a) || mentions(open.body, ids_b)) << open.body;
  EXPECT_EQ(open.body.find(kPhoneNumberIdA), std::string::npos);
  const json open_services = open.json()["services"];
  for (const auto& [name, service] : open_services.items()) {
    EXPECT_FALSE(service.contains("details")) << name << ": " << service.dump();
    EXPECT_TRUE(service["status"].is_string()) << name;
    EXPECT_TRUE(service["responseTime"].is_number()) << name;
    EXPECT_TRUE(service["lastCheck"].is_string()) << name;
  }

  const Reply as_a = getWithKey(sandbox, "/api/v2/health", sandbox.keyA());
  ASSERT_EQ(as_a.status, 503) << as_a.body;
  const std::string details_a = as_a.json()["services"]["whatsapp_api"].value("details", "");
  EXPECT_TRUE(mentions(details_a, ids_a)) << as_a.body;
  EXPECT_FALSE(mentions(as_a.body, ids_b)) << as_a.body;

  const Reply as_b = getWithKey(sandbox, "/api/v2/health", sandbox.keyB());
  ASSERT_EQ(as_b.status, 503) << as_b.body;
  EXPECT_TRUE(mentions(as_b.json()["services"]["whatsapp_api"].value("details", ""), ids_b));
  EXPECT_FALSE(mentions(as_b.body, ids_a)) << as_b.body;

  const Reply wrong_key = getWithKey(sandbox, "/api/v2/health", "mk_not_a_key");
  EXPECT_EQ(wrong_key.status, 401) << wrong_key.body;
}

// Item 12: a channel without app_secret loses every webhook; say so at start, in the channel
// list and in health.
TEST(TenantVisibilityTest, AChannelWithoutAppSecretIsFlaggedAtStartInChannelsAndInHealth) {
  SandboxOptions options;
  options.clinic_b_app_secret = false;
  Sandbox sandbox(options);
  const std::vector<std::string> ids_b = channelIds(sandbox, sandbox.keyB());
  ASSERT_EQ(ids_b.size(), 1U);

  EXPECT_NE(sandbox.gatewayLog().find("app_secret is not set"), std::string::npos);

  const json channel_b =
      getWithKey(sandbox, "/api/v2/channels", sandbox.keyB()).json()["channels"][0];
  EXPECT_EQ(channel_b["webhooksVerifiable"], false);
  ASSERT_EQ(channel_b["warnings"].size(), 1U);
  EXPECT_NE(channel_b["warnings"][0].get<std::string>().find("app_secret"), std::string::npos);
  const json channel_a =
      getWithKey(sandbox, "/api/v2/channels", sandbox.keyA()).json()["channels"][0];
  EXPECT_EQ(channel_a["webhooksVerifiable"], true);
  EXPECT_TRUE(channel_a["warnings"].empty());

  const Reply open = sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health"));
  EXPECT_EQ(open.json()["status"], "degraded") << open.body;
  EXPECT_EQ(open.json()["services"]["webhook_endpoint"]["status"], "degraded") << open.body;
  EXPECT_FALSE(mentions(open.body, ids_b)) << open.body;

  const Reply as_b = getWithKey(sandbox, "/api/v2/health", sandbox.keyB());
  const std::string details_b = as_b.json()["services"]["webhook_endpoint"].value("details", "");
  EXPECT_TRUE(mentions(details_b, ids_b)) << as_b.body;
  EXPECT_NE(details_b.find("app_secret"), std::string::npos);
  const Reply as_a = getWithKey(sandbox, "/api/v2/health", sandbox.keyA());
  EXPECT_FALSE(mentions(as_a.body, ids_b)) << as_a.body;
}

}  // namespace
}  // namespace mensajero::testing
