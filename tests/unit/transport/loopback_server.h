#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mensajero::transport::testing {

struct ReceivedRequest {
  std::string request_line;  // "POST /path HTTP/1.1"
  std::string head;          // request line and headers, as received
  std::string body;
};

// A minimal HTTP/1.1 server on 127.0.0.1, port 0, for testing the client against real
// sockets. Each connection gets a thread; requests on one connection are answered in turn
// (keep-alive). With respond == false it accepts and reads but never answers.
class LoopbackServer {
 public:
  using Responder = std::function<std::string(const ReceivedRequest&)>;

  explicit LoopbackServer(Responder responder, bool respond = true);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string url(const std::string& path) const;
  int acceptedConnections() const { return accepted_.load(); }
  std::vector<ReceivedRequest> requests() const;

  // A full HTTP/1.1 response with Content-Length.
  static std::string response(int status, const std::string& reason, const std::string& body,
                              const std::vector<std::string>& extra_headers = {});

 private:
  void acceptLoop();
  void serve(int fd);

  Responder responder_;
  bool respond_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> requests_;  // guarded by mutex_
  std::vector<std::thread> connections_;   // guarded by mutex_
  std::thread acceptor_;
};

// A port that was just bound and released, so nothing listens on it.
int closedPort();

}  // namespace mensajero::transport::testing
