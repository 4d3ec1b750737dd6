#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mensajero::provider_sim {

// One template of the simulated WhatsApp Business Account, as Meta lists it.
struct SimTemplate {
  std::string id;  // digits, like Meta's
  std::string waba_id;
  std::string name;
  std::string language;
  std::string category;  // UTILITY | MARKETING | AUTHENTICATION
  std::string status;    // PENDING | APPROVED | ...
  std::string parameter_format = "POSITIONAL";
  nlohmann::json components = nlohmann::json::array();

  nlohmann::json toJson() const;  // Meta's list entry
};

// How GET message_templates answers, to test a client's bounds:
//   normal     pages of the stored templates
//   huge       a 5 MiB body
//   bad_json   a body that is not JSON
//   too_many   one page of 1,000 entries
//   endless    every page says there is a next one
enum class ListMode { Normal, Huge, BadJson, TooMany, Endless };

// The templates created through the Graph API or seeded through /_sim/templates, and the
// failure knobs of the template routes. Thread-safe.
class TemplateCatalogState {
 public:
  // Stores a new template with the next id; nullopt when name+language exists in the WABA.
  std::optional<SimTemplate> add(SimTemplate sim_template);
  std::optional<SimTemplate> find(const std::string& id) const;
  std::optional<SimTemplate> findByName(const std::string& name, const std::string& language) const;
  // Sets the status of a stored template; false when there is none.
  bool setStatus(const std::string& id, const std::string& status);
  // Up to `limit` templates of the WABA from index `offset`, and whether more follow.
  std::vector<SimTemplate> page(const std::string& waba_id, std::size_t offset, std::size_t limit,
                                bool* more) const;
  std::vector<SimTemplate> all() const;
  void clear();

  ListMode listMode() const;
  void setListMode(ListMode mode);
  // The next create answers this error instead (Meta's error body), once.
  void failNextCreate(int http_status, int code, std::string message);
  struct CreateFailure {
    int http_status = 400;
    int code = 100;
    std::string message;
  };
  std::optional<CreateFailure> takeCreateFailure();
  // The bodies of create calls, in order (for tests to check what the gateway sent).
  std::vector<nlohmann::json> createBodies() const;
  void recordCreateBody(nlohmann::json body);

 private:
  mutable std::mutex mutex_;
  std::vector<SimTemplate> templates_;             // guarded by mutex_
  std::vector<nlohmann::json> create_bodies_;      // guarded by mutex_
  std::uint64_t next_id_ = 1'689'556'908'100'000;  // guarded by mutex_
  ListMode list_mode_ = ListMode::Normal;          // guarded by mutex_
  std::optional<CreateFailure> create_failure_;    // guarded by mutex_
};

}  // namespace mensajero::provider_sim
