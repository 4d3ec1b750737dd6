#pragma once

#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/server.h"
#include "test_client.h"

// Shared by the server test files.
namespace mensajero::http::testing {

using namespace std::chrono_literals;

inline ServerOptions testOptions() {
  ServerOptions options;
  options.port = 0;
  options.io_threads = 2;
  options.blocking_threads = 2;
  options.shutdown_grace = 5s;
  return options;
}

inline Handler answer(std::string body) {
  return [body = std::move(body)](Request, Respond respond) { respond(Response::json(200, body)); };
}

// Parses the JSON error shape and checks it completely.
inline void expectError(const std::optional<ClientResponse>& r, unsigned status,
                        std::string_view code) {
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, status);
  EXPECT_EQ(r->header("Content-Type"), "application/json");
  const auto doc = nlohmann::json::parse(r->body);
  ASSERT_TRUE(doc.contains("error"));
  EXPECT_EQ(doc["error"]["code"], code);
  EXPECT_TRUE(doc["error"]["message"].is_string());
  EXPECT_FALSE(doc["error"]["message"].get<std::string>().empty());
  EXPECT_EQ(doc["error"]["retryable"], false);
  EXPECT_FALSE(r->header("X-Request-Id").empty());
}

inline bool isHex32(const std::string& s) {
  return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Waits, up to a deadline, for another thread to hand over a value.
template <class T>
T await(std::future<T>& future) {
  if (future.wait_for(5s) != std::future_status::ready) throw std::runtime_error("timed out");
  return future.get();
}

}  // namespace mensajero::http::testing
