#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "integration/gateway_database.h"
#include "support/child_process.h"
#include "support/eventually.h"
#include "support/temp_dir.h"
#include "transport/http_client.h"

namespace mensajero::testing {

// Two organizations, each with a Meta WhatsApp channel pointed at the simulator.
inline constexpr const char* kClinicA = "0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e01";
inline constexpr const char* kClinicB = "0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e02";
inline constexpr const char* kPhoneNumberIdA = "200000000000001";
inline constexpr const char* kPhoneNumberIdB = "200000000000002";
inline constexpr const char* kAppSecretA = "clinic-a-app-secret";
inline constexpr const char* kAppSecretB = "clinic-b-app-secret";
inline constexpr const char* kVerifyTokenA = "clinic-a-verify";

struct Reply {
  long status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string header(const std::string& lower_name) const;
};

// What a test may change in the gateway's configuration: YAML flow mappings of sections.
struct SandboxOptions {
  std::string delivery = "{send_wait_ms: 5000, poll_interval_ms: 200}";
  std::string limits;  // empty: the defaults
  // The server mapping after host and port.
  std::string server = "header_timeout_ms: 2000, body_timeout_ms: 2000";
  bool clinic_b_app_secret = true;  // false: clinic B's channel has no app_secret
  // Clinic A's `channels:` entries as YAML lines (each indented 6 spaces, "- type: ..."),
  // replacing its Meta channel; "@SIM@" stands for the simulator's base URL. Empty: Meta.
  std::string clinic_a_channels{};
  // The whatsapp mapping. The simulator does not enforce the customer-service window, and
  // most suites send free text to patients who never wrote: off unless a test turns it on.
  std::string whatsapp = "{enforce_service_window: false}";
  std::string media{};  // the media mapping ("{max_upload_bytes: 1000}"); empty: the defaults
  // Issue 12: the alerting mapping ("{evaluation_interval_seconds: 1, lease_seconds: 3}") and
  // the alerts list (a YAML flow sequence, "[]" for none); empty: the defaults.
  std::string alerting{};
  std::string alerts{};
  // Top-level YAML appended to the config as is (e.g. notifiers:, alerts:); "@SIM@" stands for
  // the simulator's base URL.
  std::string extra_yaml{};
  std::string health{};   // the health mapping ("{sample_interval_seconds: 1}"); empty: defaults
  std::string metrics{};  // the metrics mapping ("{token: abc}"); empty: the defaults
};

// The real `mensajero` and `provider-sim` binaries on free loopback ports, a fresh database
// (a SQLite file, or a database of its own on PostgreSQL), and API keys for both organizations
// made with the real CLI.
class Sandbox {
 public:
  // The database is made on `postgres_cluster` when it is a PostgreSQL cluster URL, else on
  // the suite's store (suitePostgresCluster(): SQLite, or the test cluster when
  // MENSAJERO_TEST_STORE=postgres).
  explicit Sandbox(SandboxOptions options = {}, const std::string& postgres_cluster = "");
  ~Sandbox();

  // Gateway lifecycle (the simulator keeps running). Instance 0 starts with the sandbox and is
  // the one the simulator posts its status webhooks to; further instances (startGateway(1),
  // ...) serve the same config and database on ports of their own, each with its own lease
  // owner, as several gateways behind a load balancer do.
  void startGateway(std::size_t instance = 0);
  int stopGateway(int signal, std::size_t instance = 0);  // returns the exit status

  std::string gatewayUrl(const std::string& path, std::size_t instance = 0) const;
  int gatewayPort(std::size_t instance = 0) const { return gateways_.at(instance).port; }
  int gatewayPid(std::size_t instance = 0) const { return gateways_.at(instance).process->pid(); }
  std::string simUrl(const std::string& path) const;
  const std::string& keyA() const { return key_a_; }
  const std::string& keyB() const { return key_b_; }
  std::string gatewayLog(std::size_t instance = 0) const;
  bool onPostgres() const { return database_->onPostgres(); }
  // `mensajero --config <the sandbox's config> args...`, run to its end.
  CommandResult runGatewayCommand(std::vector<std::string> args) const;

  Reply call(const std::string& method, const std::string& url, const std::string& body = "",
             std::vector<std::pair<std::string, std::string>> headers = {});
  Reply send(const std::string& api_key, const nlohmann::json& request,
             std::vector<std::pair<std::string, std::string>> extra_headers = {});
  Reply conversation(const std::string& api_key, const std::string& id,
                     const std::string& query = "");
  Reply simControl(const std::string& path, const nlohmann::json& body);
  // Posts a webhook body signed with the given secret (empty: unsigned).
  Reply postWebhook(const std::string& organization_id, const std::string& body,
                    const std::string& app_secret);

  // One number from a query against the gateway's database (SQL both stores accept).
  long long queryNumber(const std::string& sql) const { return database_->queryNumber(sql); }
  std::string queryText(const std::string& sql) const { return database_->queryText(sql); }
  void executeSql(const std::string& sql) const { database_->execute(sql); }

 private:
  struct Gateway {
    std::unique_ptr<ChildProcess> process;
    int port = 0;
  };

  void writeConfig();
  std::string createKey(const std::string& organization_id);

  SandboxOptions options_;
  TempDir dir_;
  std::unique_ptr<GatewayDatabase> database_;
  transport::CurlHttpClient client_;
  std::unique_ptr<ChildProcess> sim_;
  std::vector<Gateway> gateways_;  // by instance number
  int sim_port_ = 0;
  std::string key_a_;
  std::string key_b_;
};

// What the simulator received of a set of accepted messages (by our id, its callback_data).
struct DeliveryTally {
  bool all_arrived = false;  // every accepted id arrived before the timeout
  int missing = 0;           // accepted ids that never arrived
  int duplicates = 0;        // arrivals beyond the first, over every id it received
  std::size_t distinct = 0;  // ids it received (accepted or not)
};

// Waits until every id of `accepted` reached the simulator, or `timeout` passes, and counts.
DeliveryTally awaitDeliveries(Sandbox& sandbox, const std::set<std::string>& accepted,
                              std::chrono::milliseconds timeout);

// A Meta-shaped inbound text webhook.
std::string inboundWebhook(const std::string& phone_number_id, const std::string& wamid,
                           const std::string& from, const std::string& name,
                           const std::string& text);
// A Meta-shaped status webhook.
std::string statusWebhook(const std::string& phone_number_id, const std::string& wamid,
                          const std::string& status, long long timestamp);

// An RFC 3339 UTC time `from_now` after (or before, when negative) the current time, e.g. for
// options.scheduledAt within the gateway's scheduling horizon.
std::string isoTimeFromNow(std::chrono::seconds from_now);

}  // namespace mensajero::testing
