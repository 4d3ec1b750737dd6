// Issue 8 item 1: one request must never crash the gateway. Deep JSON (100,000 levels) and
// numbers beyond a double, on the send route (with and without an Idempotency-Key) and on a
// signed webhook, are refused with 400 and the usual error shape, and the gateway still
// answers health afterwards.
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

constexpr std::size_t kDeep = 100'000;

std::string deepArray() { return std::string(kDeep, '[') + std::string(kDeep, ']'); }

// A send whose message.content is `content` (raw JSON text) and which carries `extra` as
// another member, so a hostile value can sit where the DTO reads or where it does not.
std::string sendBody(const std::string& content, const std::string& extra = "0") {
  return R"({"recipient":{"type":"phone","value":"+12015550160"},)"
         R"("message":{"type":"template","content":)" +
         content + R"(},"extra":)" + extra + "}";
}

class JsonBoundsTest : public ::testing::Test {
 protected:
  // The answer to a raw send body; status 0 when the connection failed (the gateway died).
  Reply sendRaw(const std::string& body,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Authorization", "Bearer " + sandbox.keyA());
    headers.emplace_back("Content-Type", "application/json");
    return callOrZero("POST", sandbox.gatewayUrl("/api/v2/messages/send"), body, headers);
  }

  Reply webhookRaw(const std::string& body) {
    try {
      return sandbox.postWebhook(kClinicA, body, kAppSecretA);
    } catch (const std::runtime_error&) {
      return Reply{};
    }
  }

  Reply callOrZero(const std::string& method, const std::string& url, const std::string& body,
                   std::vector<std::pair<std::string, std::string>> headers) {
    try {
      return sandbox.call(method, url, body, std::move(headers));
    } catch (const std::runtime_error&) {
      return Reply{};
    }
  }

  void expectRefused(const Reply& reply, const std::string& code) {
    ASSERT_EQ(reply.status, 400) << reply.body.substr(0, 300);
    const auto error = reply.json()["error"];
    EXPECT_EQ(error["code"], code) << reply.body.substr(0, 300);
    EXPECT_TRUE(error["message"].is_string());
    EXPECT_EQ(error["retryable"], false);
  }

  void expectAlive() {
    const Reply health = callOrZero("GET", sandbox.gatewayUrl("/api/v2/health"), "", {});
    EXPECT_EQ(health.status, 200) << "the gateway no longer answers health";
  }

  long long messages() { return sandbox.queryNumber("SELECT COUNT(*) FROM messages"); }

  Sandbox sandbox;
};

TEST_F(JsonBoundsTest, DeepMessageContentIsRefusedWith400) {
  expectRefused(sendRaw(sendBody(deepArray())), "json_too_deep");
  expectAlive();
  EXPECT_EQ(messages(), 0);
}

TEST_F(JsonBoundsTest, DeepBodyWithAnIdempotencyKeyIsRefusedWith400) {
  // The fingerprint re-serialised the whole body, wherever the depth was.
  expectRefused(sendRaw(sendBody(R"("hola")", deepArray()), {{"Idempotency-Key", "deep-1"}}),
                "json_too_deep");
  expectRefused(sendRaw(sendBody(deepArray()), {{"Idempotency-Key", "deep-2"}}), "json_too_deep");
  expectAlive();
  EXPECT_EQ(messages(), 0);
}

TEST_F(JsonBoundsTest, NumbersBeyondADoubleAreRefusedWith400) {
  for (const std::string& number : {std::string("1e500"), std::string(400, '9')}) {
    expectRefused(sendRaw(sendBody(R"("hola")", number)), "number_out_of_range");
    expectRefused(sendRaw(sendBody(number), {{"Idempotency-Key", "n-" + number.substr(0, 5)}}),
                  "number_out_of_range");
  }
  expectAlive();
  EXPECT_EQ(messages(), 0);
}

TEST_F(JsonBoundsTest, SignedWebhookWithDeepJsonIsRefusedWith400) {
  const std::string body = statusWebhook(kPhoneNumberIdA, "wamid.DEEP-1", "read", 1750030073);
  // The same valid envelope with a deep member added inside it.
  const std::string deep = body.substr(0, body.size() - 1) + R"(,"extra":)" + deepArray() + "}";
  expectRefused(webhookRaw(deep), "json_too_deep");
  expectRefused(webhookRaw(deepArray()), "json_too_deep");
  expectAlive();
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs"), 0);
}

TEST_F(JsonBoundsTest, SignedWebhookWithHugeNumbersIsRefusedWith400) {
  const std::string body = statusWebhook(kPhoneNumberIdA, "wamid.BIG-1", "read", 1750030073);
  for (const std::string& number : {std::string("1e500"), std::string(400, '9')}) {
    const std::string hostile = body.substr(0, body.size() - 1) + R"(,"extra":)" + number + "}";
    expectRefused(webhookRaw(hostile), "number_out_of_range");
  }
  expectAlive();
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs"), 0);
}

TEST_F(JsonBoundsTest, DepthWithinTheBoundIsStillAccepted) {
  // 64 levels in all: the body object, "message", then 62 arrays of content.
  const std::string content = std::string(62, '[') + std::string(62, ']');
  const Reply reply = sendRaw(sendBody(content));
  EXPECT_NE(reply.status, 400) << reply.body;
  EXPECT_LT(reply.status, 500) << reply.body;
  expectAlive();
}

}  // namespace
}  // namespace mensajero::testing
