#include "unit/transport/loopback_server.h"

#include <cctype>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace mensajero::transport::testing {
namespace {

constexpr int kPollMillis = 20;

int boundSocket(int* port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    throw std::runtime_error("socket failed");
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("bind failed");
  }
  *port = ntohs(address.sin_port);
  return fd;
}

// Waits for fd to become readable; false when stopping was requested first.
bool waitReadable(int fd, const std::atomic<bool>& stopping) {
  pollfd entry{fd, POLLIN, 0};
  while (!stopping.load()) {
    if (::poll(&entry, 1, kPollMillis) > 0) {
      return true;
    }
  }
  return false;
}

std::size_t contentLength(const std::string& head) {
  std::string lower;
  for (char c : head) {
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  const auto at = lower.find("\r\ncontent-length:");
  return at == std::string::npos ? 0 : std::stoul(lower.substr(at + 17));
}

}  // namespace

LoopbackServer::LoopbackServer(Responder responder, bool respond)
    : responder_(std::move(responder)), respond_(respond) {
  listen_fd_ = boundSocket(&port_);
  if (::listen(listen_fd_, 16) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("listen failed");
  }
  acceptor_ = std::thread([this] { acceptLoop(); });
}

LoopbackServer::~LoopbackServer() {
  stopping_ = true;
  acceptor_.join();
  std::vector<std::thread> connections;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    connections.swap(connections_);
  }
  for (std::thread& connection : connections) {
    connection.join();
  }
  ::close(listen_fd_);
}

std::string LoopbackServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<ReceivedRequest> LoopbackServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::string LoopbackServer::response(int status, const std::string& reason, const std::string& body,
                                     const std::vector<std::string>& extra_headers) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  for (const std::string& header : extra_headers) {
    out += header + "\r\n";
  }
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return out;
}

void LoopbackServer::acceptLoop() {
  while (waitReadable(listen_fd_, stopping_)) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) {
      continue;
    }
    ++accepted_;
    std::lock_guard<std::mutex> lock(mutex_);
    connections_.emplace_back([this, fd] { serve(fd); });
  }
}

void LoopbackServer::serve(int fd) {
  std::string buffer;
  char chunk[4096];
  while (waitReadable(fd, stopping_)) {
    const ssize_t received = ::recv(fd, chunk, sizeof(chunk), 0);
    if (received <= 0) {
      break;  // the client closed the connection
    }
    buffer.append(chunk, static_cast<std::size_t>(received));
    const auto head_end = buffer.find("\r\n\r\n");
    if (head_end == std::string::npos) {
      continue;
    }
    ReceivedRequest request;
    request.head = buffer.substr(0, head_end + 2);
    const std::size_t body_size = contentLength(request.head);
    if (buffer.size() < head_end + 4 + body_size) {
      continue;
    }
    request.request_line = request.head.substr(0, request.head.find("\r\n"));
    request.body = buffer.substr(head_end + 4, body_size);
    buffer.erase(0, head_end + 4 + body_size);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
    }
    if (respond_) {
      const std::string reply = responder_(request);
      ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
    }
  }
  ::close(fd);
}

int closedPort() {
  int port = 0;
  ::close(boundSocket(&port));
  return port;
}

}  // namespace mensajero::transport::testing
