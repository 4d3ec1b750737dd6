// Issue 8 item 3: request smuggling. A Transfer-Encoding the server does not frame by must
// never let the bytes after the header be parsed as a second request.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "http/framing.h"
#include "http/server.h"
#include "server_test_support.h"
#include "test_client.h"

namespace mensajero::http {
namespace {

using namespace std::chrono_literals;
using testing::answer;
using testing::expectError;
using testing::TestClient;
using testing::testOptions;

FramingVerdict framingOf(std::vector<Header> headers, int version = 11) {
  return checkRequestFraming(headers, version);
}

TEST(FramingTest, ContentLengthOrNothingIsAcceptable) {
  EXPECT_EQ(framingOf({}), FramingVerdict::Acceptable);
  EXPECT_EQ(framingOf({{"Content-Length", "5"}}), FramingVerdict::Acceptable);
  EXPECT_EQ(framingOf({{"Content-Length", "5"}}, 10), FramingVerdict::Acceptable);
}

TEST(FramingTest, ChunkedAloneIsAcceptableInAnyCase) {
  EXPECT_EQ(framingOf({{"Transfer-Encoding", "chunked"}}), FramingVerdict::Acceptable);
  EXPECT_EQ(framingOf({{"transfer-encoding", " Chunked\t"}}), FramingVerdict::Acceptable);
  EXPECT_EQ(framingOf({{"Transfer-Encoding", ", chunked ,"}}), FramingVerdict::Acceptable);
}

TEST(FramingTest, LastCodingOtherThanChunkedIsInvalid) {
  for (const char* coding : {"gzip", "identity", "xchunked", "chunkedx", "chunked, identity",
                             "gzip, chunked, gzip", "chunked;ext=1", "", " , "}) {
    SCOPED_TRACE(coding);
    EXPECT_EQ(framingOf({{"Transfer-Encoding", coding}}), FramingVerdict::Invalid);
  }
}

TEST(FramingTest, FieldsCombineInOrder) {
  EXPECT_EQ(framingOf({{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "gzip"}}),
            FramingVerdict::Invalid);
  EXPECT_EQ(framingOf({{"Transfer-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}}),
            FramingVerdict::UnsupportedCoding);
}

TEST(FramingTest, ChunkedTwiceIsInvalid) {
  EXPECT_EQ(framingOf({{"Transfer-Encoding", "chunked, chunked"}}), FramingVerdict::Invalid);
  EXPECT_EQ(framingOf({{"Transfer-Encoding", "chunked;a=b, chunked"}}), FramingVerdict::Invalid);
}

TEST(FramingTest, TransferEncodingWithContentLengthIsInvalid) {
  EXPECT_EQ(framingOf({{"Transfer-Encoding", "chunked"}, {"Content-Length", "5"}}),
            FramingVerdict::Invalid);
  EXPECT_EQ(framingOf({{"Content-Length", "5"}, {"Transfer-Encoding", "gzip"}}),
            FramingVerdict::Invalid);
}

TEST(FramingTest, TransferEncodingOnHttp10IsInvalid) {
  EXPECT_EQ(framingOf({{"Transfer-Encoding", "chunked"}}, 10), FramingVerdict::Invalid);
}

TEST(FramingTest, AnotherCodingBeforeChunkedIsUnsupported) {
  EXPECT_EQ(framingOf({{"Transfer-Encoding", "gzip, chunked"}}), FramingVerdict::UnsupportedCoding);
  EXPECT_EQ(framingOf({{"Transfer-Encoding", "x-custom;q=1 , chunked"}}),
            FramingVerdict::UnsupportedCoding);
}

// The server answers once, with the given status, and closes: the hidden request after the
// header must never be answered.
void expectOneRefusalThenClose(std::uint16_t port, const std::string& framing_fields,
                               unsigned status, std::string_view code) {
  SCOPED_TRACE(framing_fields);
  TestClient client(port);
  ASSERT_TRUE(client.send("POST /submit HTTP/1.1\r\nHost: t\r\n" + framing_fields +
                          "\r\nGET /health HTTP/1.1\r\nHost: t\r\n\r\n"));
  const auto refused = client.read();
  expectError(refused, status, code);
  EXPECT_EQ(refused->header("Connection"), "close");
  EXPECT_TRUE(client.waitClosed(5s));  // and no second answer before the close
}

Router smugglingTargets() {
  Router router;
  router.add("POST", "/submit", answer(R"({"submitted":true})"));
  router.add("GET", "/health", answer(R"({"status":"ok"})"));
  return router;
}

TEST(ServerFramingTest, Issue8TransferEncodingNotEndingInChunkedGives400AndClose) {
  Server server(testOptions(), smugglingTargets());
  const auto port = server.start();
  for (const char* coding :
       {"gzip", "identity", "xchunked", "chunked, identity", "gzip, chunked, gzip"}) {
    expectOneRefusalThenClose(port, std::string("Transfer-Encoding: ") + coding + "\r\n", 400,
                              "bad_request");
  }
}

TEST(ServerFramingTest, Issue8TransferEncodingWithContentLengthGives400AndClose) {
  Server server(testOptions(), smugglingTargets());
  const auto port = server.start();
  expectOneRefusalThenClose(port, "Transfer-Encoding: gzip\r\nContent-Length: 0\r\n", 400,
                            "bad_request");
  expectOneRefusalThenClose(port, "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n", 400,
                            "bad_request");
}

TEST(ServerFramingTest, Issue8OtherCodingBeforeChunkedGives501AndClose) {
  Server server(testOptions(), smugglingTargets());
  expectOneRefusalThenClose(server.start(), "Transfer-Encoding: gzip, chunked\r\n", 501,
                            "not_implemented");
}

TEST(ServerFramingTest, PlainChunkedBodyIsStillServedAndKeptAlive) {
  Server server(testOptions(), smugglingTargets());
  TestClient client(server.start());
  ASSERT_TRUE(
      client.send("POST /submit HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "2\r\n{}\r\n0\r\n\r\n"));
  const auto first = client.read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200u);
  const auto second = client.roundTrip("GET", "/health");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200u);
}

}  // namespace
}  // namespace mensajero::http
