#include "profile_calls.h"

#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

namespace mensajero::provider_sim {
namespace {

struct ProfileCalls {
  std::mutex mutex;
  std::map<std::string, int> by_phone_number_id;  // guarded by mutex
};

ProfileCalls& profileCalls() {
  static ProfileCalls calls;
  return calls;
}

}  // namespace

void countBusinessProfileCall(const std::string& phone_number_id) {
  ProfileCalls& calls = profileCalls();
  std::lock_guard lock(calls.mutex);
  ++calls.by_phone_number_id[phone_number_id];
}

void addProfileCallRoutes(http::Router& router) {
  router.add("GET", "/_sim/business-profile-calls",
             [](const http::Request&, http::Respond respond) {
               ProfileCalls& calls = profileCalls();
               nlohmann::json body = {{"calls", nlohmann::json::object()}, {"total", 0}};
               {
                 std::lock_guard lock(calls.mutex);
                 int total = 0;
                 for (const auto& [id, count] : calls.by_phone_number_id) {
                   body["calls"][id] = count;
                   total += count;
                 }
                 body["total"] = total;
               }
               respond(http::Response::json(200, body.dump()));
             });
  router.add("DELETE", "/_sim/business-profile-calls",
             [](const http::Request&, http::Respond respond) {
               ProfileCalls& calls = profileCalls();
               {
                 std::lock_guard lock(calls.mutex);
                 calls.by_phone_number_id.clear();
               }
               respond(http::Response::json(200, R"({"reset":true})"));
             });
}

}  // namespace mensajero::provider_sim
