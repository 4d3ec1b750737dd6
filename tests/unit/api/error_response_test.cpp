#include "api/error_response.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mensajero::api {
namespace {

nlohmann::json errorOf(const http::Response& response) {
  return nlohmann::json::parse(response.body).at("error");
}

// What libpq says when the server is gone (issue 8 item 16): a host, a port, a socket path.
constexpr const char* kLibpqText =
    "database: connection to server at \"127.0.0.1\", port 54777 failed: Connection refused";

TEST(ErrorResponseTest, DatabaseUnavailableAnswersAFixedMessage) {
  const http::Response response =
      errorResponse(makeError(ErrorCategory::Unavailable, "db_unavailable", kLibpqText));
  EXPECT_EQ(response.status, 503u);
  const auto error = errorOf(response);
  EXPECT_EQ(error.at("code"), "db_unavailable");
  EXPECT_EQ(error.at("message"), "the database is unavailable; try again later");
  EXPECT_EQ(error.at("retryable"), true);
  EXPECT_EQ(response.body.find("connection to server"), std::string::npos);
  EXPECT_EQ(response.body.find("54777"), std::string::npos);
}

TEST(ErrorResponseTest, OtherDatabaseErrorsAnswerFixedMessages) {
  for (const Error& error :
       {makeError(ErrorCategory::Internal, "db_error", "database: relation \"messages\" ..."),
        makeError(ErrorCategory::Conflict, "db_conflict", "database: duplicate key (SQLSTATE)"),
        makeError(ErrorCategory::Unavailable, "db_in_use", "database: locked by pid 4242")}) {
    const http::Response response = errorResponse(error);
    EXPECT_EQ(errorOf(response).at("code"), error.code);
    EXPECT_EQ(response.body.find("database:"), std::string::npos) << response.body;
  }
}

TEST(ErrorResponseTest, InternalErrorsAnswerAFixedMessage) {
  const http::Response response =
      errorResponse(makeError(ErrorCategory::Internal, "internal_error", "vector::at at row 3"));
  EXPECT_EQ(response.status, 500u);
  EXPECT_EQ(errorOf(response).at("message"), "an internal error occurred");
}

TEST(ErrorResponseTest, ClientErrorsKeepTheirMessage) {
  const http::Response response = errorResponse(
      makeError(ErrorCategory::Invalid, "invalid_request", "recipient.value is required"));
  EXPECT_EQ(response.status, 422u);
  EXPECT_EQ(errorOf(response).at("message"), "recipient.value is required");
  EXPECT_FALSE(publicMessageFor(makeError(ErrorCategory::Unavailable, "backlog_full", "full")));
}

}  // namespace
}  // namespace mensajero::api
