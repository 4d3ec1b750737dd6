#pragma once

#include <utility>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "provider_sim.h"
#include "transport/http_client.h"
#include "unit/provider_sim/fake_gateway.h"

namespace mensajero::provider_sim::testing {

inline constexpr const char* kAppSecret = "sim-test-secret";
inline constexpr const char* kPhoneNumberId = "106540352242922";

struct Reply {
  long status = 0;
  nlohmann::json json;  // null when the body is not JSON
  transport::HttpReply raw;
};

// A simulator in-process plus a fake gateway receiving its webhooks; every call goes over
// real loopback HTTP.
class SimFixture : public ::testing::Test {
 protected:
  SimFixture() : sim_(optionsFor(gateway_.url())) { sim_.start(); }

  static SimOptions optionsFor(std::string webhook_url) {
    SimOptions options;
    options.webhook.url = std::move(webhook_url);
    options.webhook.app_secret = kAppSecret;
    options.webhook.status_delays_ms = {std::chrono::milliseconds(10),
                                        std::chrono::milliseconds(20),
                                        std::chrono::milliseconds(30)};
    return options;
  }

  Reply call(const std::string& method, const std::string& path, const std::string& body = "",
             std::vector<std::pair<std::string, std::string>> headers = {}) {
    transport::HttpCall http_call;
    http_call.method = method;
    http_call.url = sim_.baseUrl() + path;
    http_call.body = body;
    http_call.headers = std::move(headers);
    if (!body.empty()) {
      http_call.headers.emplace_back("Content-Type", "application/json");
    }
    Result<transport::HttpReply> reply = client_.perform(http_call);
    EXPECT_TRUE(reply.ok()) << (reply.ok() ? "" : reply.error().message);
    if (!reply.ok()) {
      return {};
    }
    Reply out;
    out.status = reply->status;
    out.json = nlohmann::json::parse(reply->body, nullptr, false);
    out.raw = std::move(reply.value());
    return out;
  }

  Reply post(const std::string& path, const nlohmann::json& body) {
    return call("POST", path, body.dump());
  }

  Reply sendText(const std::string& to, const std::string& text,
                 std::optional<std::string> callback_data = std::nullopt,
                 std::optional<std::string> token = "EAAG-test-token") {
    nlohmann::json body = {{"messaging_product", "whatsapp"},
                           {"recipient_type", "individual"},
                           {"to", to},
                           {"type", "text"},
                           {"text", {{"preview_url", false}, {"body", text}}}};
    if (callback_data) {
      body["biz_opaque_callback_data"] = *callback_data;
    }
    std::vector<std::pair<std::string, std::string>> headers;
    if (token) {
      headers.emplace_back("Authorization", "Bearer " + *token);
    }
    return call("POST", std::string("/v21.0/") + kPhoneNumberId + "/messages", body.dump(),
                std::move(headers));
  }

  FakeGateway gateway_;
  ProviderSim sim_;
  transport::CurlHttpClient client_;
};

}  // namespace mensajero::provider_sim::testing
