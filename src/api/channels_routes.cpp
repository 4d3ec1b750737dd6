#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/error_response.h"
#include "core/channel_warnings.h"
#include "delivery/channel_switch.h"

namespace mensajero::api {
namespace {

using nlohmann::json;

// What an operator needs to judge a channel instance. provider_config is never returned:
// it holds access tokens and app secrets.
json channelJson(const channels::ProviderRegistry& providers,
                 const storage::ChannelInstanceRecord& channel, resilience::BreakerState breaker) {
  return {{"id", channel.id},
          {"type", std::string(domain::toText(channel.channel_type))},
          {"provider", channel.provider},
          {"status", channel.status},
          {"health", channel.health_status},
          {"breaker", std::string(resilience::toString(breaker))},
          {"errorCount", channel.error_count},
          {"lastError", channel.last_error.empty() ? json(nullptr) : json(channel.last_error)},
          {"updatedAt", formatIso8601(channel.updated_at)},
          {"webhooksVerifiable", core::webhooksVerifiable(providers, channel)},
          {"warnings", core::channelWarnings(providers, channel)}};
}

}  // namespace

void Api::registerChannelRoutes(http::Router& router) {
  router.addBlocking(
      "GET", "/api/v2/channels",
      authenticated(security::Scope::Read,
                    [this](const http::Request&, const Caller& caller) {
                      auto channels = services_.store.listChannelInstances(caller.organization_id);
                      if (!channels) return errorResponse(channels.error());
                      json list = json::array();
                      for (const auto& channel : *channels) {
                        list.push_back(channelJson(services_.providers, channel,
                                                   services_.breakers.state(channel.id)));
                      }
                      return http::Response::json(200, json{{"channels", list}}.dump());
                    }),
      apiKeyRoute());

  // enable / disable: delivery::switchChannel.
  for (const bool enable : {true, false}) {
    const std::string path =
        std::string("/api/v2/channels/{channelId}/") + (enable ? "enable" : "disable");
    router.addBlocking(
        "POST", path,
        authenticated(
            security::Scope::Admin,
            [this, enable](const http::Request& request, const Caller& caller) {
              const std::string& id = request.path_params.at("channelId");
              auto channel = delivery::switchChannel(services_.store, services_.breakers,
                                                     caller.organization_id, id, enable);
              if (!channel) return errorResponse(channel.error());
              return http::Response::json(
                  200,
                  channelJson(services_.providers, *channel, services_.breakers.state(id)).dump());
            }),
        apiKeyRoute());
  }
}

}  // namespace mensajero::api
