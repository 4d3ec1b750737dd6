#include "integration/sandbox.h"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>

#include <signal.h>

#include "security/webhook_signature.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

std::string binaryDir() {
  const char* dir = std::getenv("MENSAJERO_BINARY_DIR");
  if (dir == nullptr) throw std::runtime_error("MENSAJERO_BINARY_DIR is not set (run via ctest)");
  return dir;
}

std::string gatewayBinary() { return binaryDir() + "/src/app/mensajero"; }
std::string simBinary() { return binaryDir() + "/tools/provider-sim/provider-sim"; }

std::string lastLine(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) {
    trimmed.pop_back();
  }
  const auto newline = trimmed.rfind('\n');
  return newline == std::string::npos ? trimmed : trimmed.substr(newline + 1);
}

}  // namespace

std::string Reply::header(const std::string& lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return "";
}

Sandbox::Sandbox(SandboxOptions options, const std::string& postgres_cluster)
    : options_(std::move(options)),
      database_(std::make_unique<GatewayDatabase>(
          dir_.file("gateway.db"),
          postgres_cluster.empty() ? suitePostgresCluster() : postgres_cluster)) {
  const std::string ready = dir_.file("sim.port");
  sim_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{simBinary(), "--host", "127.0.0.1", "--port", "0", "--ready-file",
                               ready, "--status-delays-ms", "10,20,30", "--log-level", "warn"},
      dir_.file("sim.log"));
  auto port = waitForPortFile(ready, std::chrono::seconds(20), sim_.get());
  if (!port) throw std::runtime_error("provider-sim did not start:\n" + sim_->log());
  sim_port_ = *port;

  writeConfig();
  key_a_ = createKey(kClinicA);
  key_b_ = createKey(kClinicB);
  startGateway();
}

Sandbox::~Sandbox() {
  for (Gateway& gateway : gateways_) {
    if (gateway.process) gateway.process->stop(SIGTERM);
  }
  if (sim_) sim_->stop(SIGTERM);
}

void Sandbox::writeConfig() {
  std::ofstream out(dir_.file("gateway.yaml"));
  const std::string sim = "http://127.0.0.1:" + std::to_string(sim_port_);
  out << "server: {host: 127.0.0.1, port: 0, " << options_.server << "}\n"
      << "storage: {url: \"" << database_->url() << "\"}\n"
      << "delivery: " << options_.delivery << "\n"
      << (options_.limits.empty() ? "" : "limits: " + options_.limits + "\n")
      << (options_.media.empty() ? "" : "media: " + options_.media + "\n")
      << (options_.alerting.empty() ? "" : "alerting: " + options_.alerting + "\n")
      << (options_.alerts.empty() ? "" : "alerts: " + options_.alerts + "\n")
      << (options_.health.empty() ? "" : "health: " + options_.health + "\n")
      << (options_.metrics.empty() ? "" : "metrics: " + options_.metrics + "\n")
      << "logging: {level: debug}\n"
      << "whatsapp: " << options_.whatsapp << "\n"
      << "organizations:\n";
  const struct {
    const char* id;
    const char* name;
    const char* phone_number_id;
    const char* secret;
  } orgs[] = {{kClinicA, "Clinic A", kPhoneNumberIdA, kAppSecretA},
              {kClinicB, "Clinic B", kPhoneNumberIdB, kAppSecretB}};
  for (const auto& org : orgs) {
    if (org.id == std::string(kClinicA) && !options_.clinic_a_channels.empty()) {
      std::string channels = options_.clinic_a_channels;
      for (std::size_t at; (at = channels.find("@SIM@")) != std::string::npos;) {
        channels.replace(at, 5, sim);
      }
      out << "  - id: " << org.id << "\n    name: " << org.name << "\n    default_region: US\n"
          << "    channels:\n"
          << channels;
      continue;
    }
    out << "  - id: " << org.id << "\n    name: " << org.name << "\n    default_region: US\n"
        << "    channels:\n      - type: whatsapp\n        provider: meta\n"
        << "        provider_config:\n"
        << "          base_url: " << sim << "\n"
        << "          phone_number_id: \"" << org.phone_number_id << "\"\n"
        << "          access_token: token-" << org.phone_number_id << "\n"
        << (org.id == std::string(kClinicB) && !options_.clinic_b_app_secret
                ? std::string()
                : "          app_secret: " + std::string(org.secret) + "\n")
        << "          verify_token: " << kVerifyTokenA << "\n"
        << "          timeout_ms: 2000\n";
  }
  std::string extra = options_.extra_yaml;
  for (std::size_t at; (at = extra.find("@SIM@")) != std::string::npos;) extra.replace(at, 5, sim);
  out << extra;
}

std::string Sandbox::createKey(const std::string& organization_id) {
  const auto migrate =
      runCommand({gatewayBinary(), "--config", dir_.file("gateway.yaml"), "migrate"});
  if (migrate.exit_code != 0) throw std::runtime_error("migrate failed: " + migrate.err);
  const auto created = runCommand({gatewayBinary(), "--config", dir_.file("gateway.yaml"), "key",
                                   "create", "--org", organization_id, "--name", "tests"});
  if (created.exit_code != 0) throw std::runtime_error("key create failed: " + created.err);
  return lastLine(created.out);
}

void Sandbox::startGateway(std::size_t instance) {
  if (gateways_.size() <= instance) gateways_.resize(instance + 1);
  Gateway& gateway = gateways_[instance];
  const std::string name = instance == 0 ? "gateway" : "gateway-" + std::to_string(instance);
  const std::string ready = dir_.file(name + ".port");
  std::remove(ready.c_str());
  gateway.process = std::make_unique<ChildProcess>(
      std::vector<std::string>{gatewayBinary(), "--config", dir_.file("gateway.yaml"), "serve",
                               "--ready-file", ready},
      dir_.file(name + ".log"));
  auto port = waitForPortFile(ready, std::chrono::seconds(30), gateway.process.get());
  if (!port) throw std::runtime_error("mensajero did not start:\n" + gateway.process->log());
  gateway.port = *port;
  if (instance != 0) return;
  // The simulator posts status webhooks to clinic A's endpoint, signed with its secret.
  const auto target =
      simControl("/_sim/webhook-target",
                 {{"url", gatewayUrl(std::string("/api/v2/webhooks/whatsapp/") + kClinicA)},
                  {"app_secret", kAppSecretA}});
  if (target.status != 200) throw std::runtime_error("cannot configure the simulator");
}

CommandResult Sandbox::runGatewayCommand(std::vector<std::string> args) const {
  args.insert(args.begin(), {gatewayBinary(), "--config", dir_.file("gateway.yaml")});
  return runCommand(args);
}

int Sandbox::stopGateway(int signal, std::size_t instance) {
  return gateways_.at(instance).process->stop(signal);
}

std::string Sandbox::gatewayUrl(const std::string& path, std::size_t instance) const {
  return "http://127.0.0.1:" + std::to_string(gateways_.at(instance).port) + path;
}

std::string Sandbox::gatewayLog(std::size_t instance) const {
  if (instance >= gateways_.size() || !gateways_[instance].process) return "";
  return gateways_[instance].process->log();
}

std::string Sandbox::simUrl(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(sim_port_) + path;
}

Reply Sandbox::call(const std::string& method, const std::string& url, const std::string& body,
                    std::vector<std::pair<std::string, std::string>> headers) {
  transport::HttpCall call;
  call.method = method;
  call.url = url;
  call.body = body;
  call.headers = std::move(headers);
  call.timeout = std::chrono::seconds(30);
  auto reply = client_.perform(call);
  if (!reply) throw std::runtime_error(method + " " + url + ": " + reply.error().message);
  return Reply{reply->status, reply->body, reply->headers};
}

Reply Sandbox::send(const std::string& api_key, const json& request,
                    std::vector<std::pair<std::string, std::string>> extra_headers) {
  extra_headers.emplace_back("Authorization", "Bearer " + api_key);
  extra_headers.emplace_back("Content-Type", "application/json");
  return call("POST", gatewayUrl("/api/v2/messages/send"), request.dump(),
              std::move(extra_headers));
}

Reply Sandbox::conversation(const std::string& api_key, const std::string& id,
                            const std::string& query) {
  return call("GET", gatewayUrl("/api/v2/conversations/" + id + query), "",
              {{"Authorization", "Bearer " + api_key}});
}

Reply Sandbox::simControl(const std::string& path, const json& body) {
  return call("POST", simUrl(path), body.dump(), {{"Content-Type", "application/json"}});
}

Reply Sandbox::postWebhook(const std::string& organization_id, const std::string& body,
                           const std::string& app_secret) {
  std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"}};
  if (!app_secret.empty()) {
    headers.emplace_back("X-Hub-Signature-256", security::signHubSignature(app_secret, body));
  }
  return call("POST", gatewayUrl("/api/v2/webhooks/whatsapp/" + organization_id), body,
              std::move(headers));
}

DeliveryTally awaitDeliveries(Sandbox& sandbox, const std::set<std::string>& accepted,
                              std::chrono::milliseconds timeout) {
  std::map<std::string, int> received;  // our id -> times the simulator got it
  auto fetch = [&] {
    received.clear();
    const json recorded = sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json();
    for (const json& message : recorded["messages"]) {
      if (message["callback_data"].is_string()) ++received[message["callback_data"]];
    }
  };
  DeliveryTally tally;
  tally.all_arrived = eventually(
      [&] {
        fetch();
        return std::all_of(accepted.begin(), accepted.end(),
                           [&](const std::string& id) { return received.contains(id); });
      },
      timeout);
  for (const std::string& id : accepted) tally.missing += received.contains(id) ? 0 : 1;
  for (const auto& [id, times] : received) tally.duplicates += times - 1;
  tally.distinct = received.size();
  return tally;
}

namespace {

// Meta's webhook envelope around one change's value.
std::string metaEnvelope(const json& value) {
  const json payload = {
      {"object", "whatsapp_business_account"},
      {"entry",
       json::array({{{"id", "WABA1"},
                     {"changes", json::array({{{"field", "messages"}, {"value", value}}})}}})}};
  return payload.dump();
}

}  // namespace

std::string inboundWebhook(const std::string& phone_number_id, const std::string& wamid,
                           const std::string& from, const std::string& name,
                           const std::string& text) {
  const json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", phone_number_id}}},
      {"contacts", json::array({{{"profile", {{"name", name}}}, {"wa_id", from}}})},
      {"messages", json::array({{{"from", from},
                                 {"id", wamid},
                                 {"timestamp", "1767225600"},
                                 {"type", "text"},
                                 {"text", {{"body", text}}}}})}};
  return metaEnvelope(value);
}

std::string statusWebhook(const std::string& phone_number_id, const std::string& wamid,
                          const std::string& status, long long timestamp) {
  const json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", phone_number_id}}},
      {"statuses", json::array({{{"id", wamid},
                                 {"status", status},
                                 {"timestamp", std::to_string(timestamp)},
                                 {"recipient_id", "12015550123"}}})}};
  return metaEnvelope(value);
}

std::string isoTimeFromNow(std::chrono::seconds from_now) {
  const std::time_t when =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + from_now);
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace mensajero::testing
