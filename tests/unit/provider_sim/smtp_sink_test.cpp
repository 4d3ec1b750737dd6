// The simulator's SMTP sink, spoken to over a raw loopback socket.
#include "smtp_sink.h"

#include <string>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include "notifier_sinks.h"

namespace mensajero::provider_sim {
namespace {

// A blocking line-oriented SMTP client for the test.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    timeval timeout{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~RawClient() { ::close(fd_); }

  bool connected() const { return connected_; }
  void send(const std::string& text) {
    ASSERT_EQ(::write(fd_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  // The next reply line (a multi-line reply's last line), or "" when the server closed.
  std::string reply() {
    for (;;) {
      const std::size_t eol = pending_.find("\r\n");
      if (eol != std::string::npos) {
        std::string line = pending_.substr(0, eol);
        pending_.erase(0, eol + 2);
        if (line.size() > 3 && line[3] == '-') continue;
        return line;
      }
      char buffer[4096];
      const ssize_t n = ::read(fd_, buffer, sizeof buffer);
      if (n <= 0) return "";
      pending_.append(buffer, static_cast<std::size_t>(n));
    }
  }
  std::string command(const std::string& line) {
    send(line + "\r\n");
    return reply();
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

class SmtpSinkTest : public ::testing::Test {
 protected:
  SmtpSinkTest() : smtp_(sinks_, "127.0.0.1", 0) { port_ = smtp_.start(); }

  NotifierSinks sinks_;
  SmtpSink smtp_;
  std::uint16_t port_ = 0;
};

TEST_F(SmtpSinkTest, KeepsAMailAndUndoesDotStuffing) {
  RawClient client(port_);
  ASSERT_TRUE(client.connected());
  EXPECT_EQ(client.reply().substr(0, 3), "220");
  EXPECT_EQ(client.command("EHLO tester").substr(0, 3), "250");
  EXPECT_EQ(client.command("MAIL FROM:<a@clinic.example> SIZE=100").substr(0, 3), "250");
  EXPECT_EQ(client.command("RCPT TO:<b@clinic.example>").substr(0, 3), "250");
  EXPECT_EQ(client.command("DATA").substr(0, 3), "354");
  EXPECT_EQ(client.command("Subject: hi\r\n\r\n..leading dot\r\nsecond\r\n.").substr(0, 3), "250");
  EXPECT_EQ(client.command("QUIT").substr(0, 3), "221");
  const auto mails = sinks_.toJson("email")["received"];
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0]["mail_from"], "a@clinic.example");
  EXPECT_EQ(mails[0]["rcpt_to"], nlohmann::json::array({"b@clinic.example"}));
  EXPECT_EQ(mails[0]["body"], ".leading dot\r\nsecond\r\n");
  EXPECT_EQ(mails[0]["headers"][0], nlohmann::json::array({"Subject", "hi"}));
}

TEST_F(SmtpSinkTest, RefusesCommandsOutOfOrder) {
  RawClient client(port_);
  client.reply();
  EXPECT_EQ(client.command("RCPT TO:<b@clinic.example>").substr(0, 3), "503");
  EXPECT_EQ(client.command("MAIL FROM:<a@clinic.example>").substr(0, 3), "250");
  EXPECT_EQ(client.command("DATA").substr(0, 3), "503");
  EXPECT_EQ(client.command("VRFY someone").substr(0, 3), "502");
  EXPECT_EQ(sinks_.toJson("email")["count"], 0);
}

TEST_F(SmtpSinkTest, ALineTooLongEndsTheSession) {
  RawClient client(port_);
  client.reply();
  EXPECT_EQ(client.command("EHLO " + std::string(5000, 'x')).substr(0, 3), "500");
  EXPECT_EQ(client.reply(), "");  // closed
}

TEST_F(SmtpSinkTest, AMailTooBigIsRefusedAndNotKept) {
  RawClient client(port_);
  client.reply();
  client.command("HELO tester");
  client.command("MAIL FROM:<a@clinic.example>");
  client.command("RCPT TO:<b@clinic.example>");
  ASSERT_EQ(client.command("DATA").substr(0, 3), "354");
  const std::string line(900, 'y');
  for (std::size_t sent = 0; sent <= SmtpSink::kMaxMessage; sent += line.size() + 2) {
    client.send(line + "\r\n");
  }
  EXPECT_EQ(client.command(".").substr(0, 3), "552");
  EXPECT_EQ(sinks_.toJson("email")["count"], 0);
}

TEST_F(SmtpSinkTest, FailNextAnswers451ToMailFrom) {
  ASSERT_TRUE(sinks_.updateControl("email", {{"fail_next", 1}}));
  RawClient client(port_);
  client.reply();
  EXPECT_EQ(client.command("MAIL FROM:<a@clinic.example>").substr(0, 3), "451");
  EXPECT_EQ(client.command("MAIL FROM:<a@clinic.example>").substr(0, 3), "250");
  EXPECT_EQ(sinks_.toJson("email")["failed"], 1);
}

}  // namespace
}  // namespace mensajero::provider_sim

namespace mensajero::provider_sim {
namespace {

TEST(SmtpSinkIdleTest, ASilentClientIsDisconnected) {
  NotifierSinks sinks;
  SmtpSink smtp(sinks, "127.0.0.1", 0, std::chrono::milliseconds(200));
  RawClient client(smtp.start());
  EXPECT_EQ(client.reply().substr(0, 3), "220");
  const auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(client.reply(), "");
  // Closed by the sink, not by the client's own 5 s read timeout.
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(3));
}

}  // namespace
}  // namespace mensajero::provider_sim
