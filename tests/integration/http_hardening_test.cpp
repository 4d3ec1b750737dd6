// Issue 8 items 3, 4 and 14 against the real gateway: smuggling codings, bodies refused
// before they are read, memory held by unauthenticated bodies, idle connections, and log
// lines forged through a path.
#include <barrier>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kFourMiB = 4 << 20;
constexpr const char* kUnknownOrg = "0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9eff";

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUnderAsan = true;
#else
constexpr bool kUnderAsan = false;
#endif
#else
constexpr bool kUnderAsan = false;
#endif

// A blocking loopback connection whose every wait is bounded by `timeout`.
class RawConnection {
 public:
  RawConnection(int port, std::chrono::seconds timeout = 10s) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    timeval tv{static_cast<time_t>(timeout.count()), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect failed");
    }
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False once the peer is gone.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Sends `count` filler bytes; false once the peer is gone.
  bool sendFiller(std::size_t count) {
    const std::string chunk(64 << 10, 'x');
    for (std::size_t sent = 0; sent < count;) {
      const std::size_t n = std::min(chunk.size(), count - sent);
      if (!send(std::string_view(chunk).substr(0, n))) return false;
      sent += n;
    }
    return true;
  }
  // Everything until the peer closes, a read times out, or `limit` bytes.
  std::string readAll(std::size_t limit = 1 << 20) {
    std::string out;
    char buffer[16384];
    while (out.size() < limit) {
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }
  // The first line of what arrives ("" when the connection ends or times out first).
  std::string statusLine() {
    std::string out;
    char c = 0;
    while (::recv(fd_, &c, 1, 0) == 1 && c != '\r') out += c;
    return out;
  }
  // True when the peer has closed (or reset) the connection, without waiting.
  bool closedByPeer() const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) != 1) return false;
    char c = 0;
    return ::recv(fd_, &c, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
  }

 private:
  int fd_ = -1;
};

std::string postHeader(const std::string& target, std::size_t length,
                       const std::string& extra_headers = "") {
  return "POST " + target + " HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n" +
         extra_headers + "Content-Length: " + std::to_string(length) + "\r\n\r\n";
}

long rssKiB(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

std::size_t openSockets(int pid) {
  std::size_t count = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    std::error_code ec;
    const auto target = std::filesystem::read_symlink(entry.path(), ec);
    if (!ec && target.string().rfind("socket:", 0) == 0) ++count;
  }
  return count;
}

std::string webhookPath(const std::string& organization_id) {
  return "/api/v2/webhooks/whatsapp/" + organization_id;
}

TEST(HttpHardeningTest, Issue8SmugglingCodingsGetOne400AndClose) {
  Sandbox sandbox;
  for (const std::string coding :
       {"gzip", "identity", "xchunked", "chunked, identity", "gzip, chunked, gzip"}) {
    SCOPED_TRACE(coding);
    RawConnection connection(sandbox.gatewayPort(), 5s);
    ASSERT_TRUE(connection.send(
        "POST /api/v2/messages/send HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding +
        "\r\nContent-Type: application/json\r\n\r\nGET /api/v2/health HTTP/1.1\r\nHost: "
        "x\r\n\r\n"));
    const std::string answer = connection.readAll();
    EXPECT_EQ(answer.rfind("HTTP/1.1 400 ", 0), 0u) << answer;
    EXPECT_EQ(answer.find("HTTP/1.1 ", 1), std::string::npos) << "a second answer: " << answer;
  }
}

TEST(HttpHardeningTest, Issue8BadKeyIsRefusedBeforeTheBodyIsSent) {
  Sandbox sandbox;
  // Within the API's 1 MiB limit and far over it: 401 either way, from the header alone.
  for (const std::size_t size : {std::size_t{1'000'000}, kFourMiB}) {
    SCOPED_TRACE(size);
    RawConnection connection(sandbox.gatewayPort(), 5s);
    ASSERT_TRUE(connection.send(
        postHeader("/api/v2/messages/send", size, "Authorization: Bearer not-a-key\r\n")));
    EXPECT_EQ(connection.statusLine(), "HTTP/1.1 401 Unauthorized");
  }
}

TEST(HttpHardeningTest, Issue8UnknownOrganizationWebhookIsRefusedBeforeTheBodyIsSent) {
  Sandbox sandbox;
  RawConnection connection(sandbox.gatewayPort(), 5s);
  ASSERT_TRUE(connection.send(
      postHeader(webhookPath(kUnknownOrg), kFourMiB, "X-Hub-Signature-256: sha256=00\r\n")));
  EXPECT_EQ(connection.statusLine(), "HTTP/1.1 404 Not Found");
}

// Every connection announces 4 MiB to clinic A's real webhook URL (only the signature,
// checked after the body, can refuse it) and sends all but the last byte; once every one has
// done as much, the gateway's RSS is read, then the last bytes go out.
TEST(HttpHardeningTest, Issue8ManyUnauthenticatedBodiesStayWithinMemory) {
  SandboxOptions options;
  // The bodies within the budget wait for the others at the rendezvous, longer than 2 s.
  options.server = "header_timeout_ms: 30000, body_timeout_ms: 60000";
  Sandbox sandbox(options);
  constexpr int kConnections = 150;
  const int pid = sandbox.gatewayPid();
  const long before_kib = rssKiB(pid);
  long peak_kib = 0;
  std::barrier all_sent(kConnections, [&]() noexcept { peak_kib = rssKiB(pid); });
  std::vector<std::string> answers(kConnections);
  std::vector<std::thread> threads;
  for (int i = 0; i < kConnections; ++i) {
    threads.emplace_back([&, i] {
      try {
        RawConnection connection(sandbox.gatewayPort(), 30s);
        if (connection.send(postHeader(webhookPath(kClinicA), kFourMiB,
                                       "X-Hub-Signature-256: sha256=00\r\n"))) {
          connection.sendFiller(kFourMiB - 1);
        }
        all_sent.arrive_and_wait();
        connection.send("x");
        answers[i] = connection.statusLine();
      } catch (const std::exception&) {
        all_sent.arrive_and_wait();  // keep the others' rendezvous
        answers[i] = "no connection";
      }
    });
  }
  for (auto& t : threads) t.join();

  std::map<std::string, int> tally;
  for (const auto& answer : answers) ++tally[answer.empty() ? "closed" : answer];
  std::ostringstream seen;
  for (const auto& [answer, count] : tally) seen << count << " x '" << answer << "'; ";
  SCOPED_TRACE(seen.str());
  EXPECT_EQ(tally.count("HTTP/1.1 500 Internal Server Error"), 0u);
  EXPECT_GT(tally["HTTP/1.1 503 Service Unavailable"], 0);  // the budget was reached
  EXPECT_GT(tally["HTTP/1.1 401 Unauthorized"], 0);         // and bodies within it were read
  std::cout << "answers: " << seen.str() << "\nRSS before " << before_kib / 1024
            << " MiB, with every body in flight " << peak_kib / 1024 << " MiB\n";
  // 150 bodies of 4 MiB would be 600 MiB; the 64 MiB budget keeps the gateway far below.
  // NOTE: under AddressSanitizer the gateway starts far larger (shadow memory), so there
  // the bound applies to the growth instead.
  const long measured_kib = kUnderAsan ? peak_kib - before_kib : peak_kib;
  EXPECT_LT(measured_kib / 1024, 150);
  EXPECT_EQ(sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health")).status, 200);
}

TEST(HttpHardeningTest, Issue8IdleConnectionsBeyondTheCapAreNotAllHeld) {
  SandboxOptions options;
  options.server = "header_timeout_ms: 60000, body_timeout_ms: 2000";  // max_connections 1024
  Sandbox sandbox(options);
  constexpr std::size_t kIdle = 2000;
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (std::size_t i = 0; i < kIdle; ++i) {
    idle.push_back(std::make_unique<RawConnection>(sandbox.gatewayPort()));
  }
  // The gateway closes the oldest to stay at its cap, so at least 2000 - 1024 are closed.
  const auto closed = [&] {
    std::size_t n = 0;
    for (const auto& connection : idle) n += connection->closedByPeer() ? 1 : 0;
    return n;
  };
  EXPECT_TRUE(eventually([&] { return closed() >= kIdle - 1024; }, 20s)) << closed();
  // The cap, plus the listener and the gateway's own client connections.
  EXPECT_TRUE(eventually([&] { return openSockets(sandbox.gatewayPid()) <= 1024u + 16u; }, 5s))
      << openSockets(sandbox.gatewayPid());

  const auto started = std::chrono::steady_clock::now();
  const Reply health = sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health"));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(health.status, 200);
  EXPECT_LT(elapsed, 1s);
}

TEST(HttpHardeningTest, Issue8EncodedLineBreakInPathLogsOneLine) {
  Sandbox sandbox;
  RawConnection connection(sandbox.gatewayPort(), 5s);
  ASSERT_TRUE(connection.send(
      "GET /api/v2/nothing%0d%0aFORGED%20line%1b%5b0m HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(connection.statusLine(), "HTTP/1.1 404 Not Found");
  std::string log;
  ASSERT_TRUE(eventually([&] {
    log = sandbox.gatewayLog();
    return log.find("FORGED") != std::string::npos;
  }));
  std::istringstream lines(log);
  std::string line;
  int mentioning = 0;
  while (std::getline(lines, line)) {
    if (line.find("FORGED") == std::string::npos) continue;
    ++mentioning;
    EXPECT_NE(line.find("/api/v2/nothing\\x0d\\x0aFORGED line\\x1b[0m 404"), std::string::npos)
        << line;
  }
  EXPECT_EQ(mentioning, 1) << log;
}

}  // namespace
}  // namespace mensajero::testing
