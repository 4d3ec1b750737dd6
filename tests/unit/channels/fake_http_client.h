#pragma once

#include <mutex>
#include <vector>

#include "transport/http_client.h"

namespace mensajero::channels::testing {

// Records every call and answers with a scripted result (a reply or a transport error).
class FakeHttpClient final : public transport::HttpClient {
 public:
  explicit FakeHttpClient(Result<transport::HttpReply> answer) : answer_(std::move(answer)) {}

  Result<transport::HttpReply> perform(const transport::HttpCall& call) override {
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.push_back(call);
    return answer_;
  }

  std::vector<transport::HttpCall> calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }

  static transport::HttpReply reply(long status, std::string body) {
    transport::HttpReply reply;
    reply.status = status;
    reply.body = std::move(body);
    return reply;
  }

 private:
  mutable std::mutex mutex_;
  Result<transport::HttpReply> answer_;
  std::vector<transport::HttpCall> calls_;
};

}  // namespace mensajero::channels::testing
