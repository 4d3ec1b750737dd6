#include "template_catalog_state.h"

#include <utility>

#include <algorithm>

namespace mensajero::provider_sim {

nlohmann::json SimTemplate::toJson() const {
  return {{"id", id},
          {"name", name},
          {"language", language},
          {"status", status},
          {"category", category},
          {"parameter_format", parameter_format},
          {"components", components}};
}

std::optional<SimTemplate> TemplateCatalogState::add(SimTemplate sim_template) {
  std::lock_guard lock(mutex_);
  const bool taken = std::any_of(templates_.begin(), templates_.end(), [&](const SimTemplate& t) {
    return t.waba_id == sim_template.waba_id && t.name == sim_template.name &&
           t.language == sim_template.language;
  });
  if (taken) return std::nullopt;
  sim_template.id = std::to_string(next_id_++);
  templates_.push_back(sim_template);
  return sim_template;
}

std::optional<SimTemplate> TemplateCatalogState::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  for (const auto& t : templates_) {
    if (t.id == id) return t;
  }
  return std::nullopt;
}

std::optional<SimTemplate> TemplateCatalogState::findByName(const std::string& name,
                                                            const std::string& language) const {
  std::lock_guard lock(mutex_);
  for (const auto& t : templates_) {
    if (t.name == name && t.language == language) return t;
  }
  return std::nullopt;
}

bool TemplateCatalogState::setStatus(const std::string& id, const std::string& status) {
  std::lock_guard lock(mutex_);
  for (auto& t : templates_) {
    if (t.id == id) {
      t.status = status;
      return true;
    }
  }
  return false;
}

std::vector<SimTemplate> TemplateCatalogState::page(const std::string& waba_id, std::size_t offset,
                                                    std::size_t limit, bool* more) const {
  std::lock_guard lock(mutex_);
  std::vector<SimTemplate> out;
  std::size_t index = 0;
  *more = false;
  for (const auto& t : templates_) {
    if (t.waba_id != waba_id) continue;
    if (index++ < offset) continue;
    if (out.size() == limit) {
      *more = true;
      break;
    }
    out.push_back(t);
  }
  return out;
}

std::vector<SimTemplate> TemplateCatalogState::all() const {
  std::lock_guard lock(mutex_);
  return templates_;
}

void TemplateCatalogState::clear() {
  std::lock_guard lock(mutex_);
  templates_.clear();
  create_bodies_.clear();
  list_mode_ = ListMode::Normal;
  create_failure_.reset();
}

ListMode TemplateCatalogState::listMode() const {
  std::lock_guard lock(mutex_);
  return list_mode_;
}

void TemplateCatalogState::setListMode(ListMode mode) {
  std::lock_guard lock(mutex_);
  list_mode_ = mode;
}

void TemplateCatalogState::failNextCreate(int http_status, int code, std::string message) {
  std::lock_guard lock(mutex_);
  create_failure_ = CreateFailure{http_status, code, std::move(message)};
}

std::optional<TemplateCatalogState::CreateFailure> TemplateCatalogState::takeCreateFailure() {
  std::lock_guard lock(mutex_);
  return std::exchange(create_failure_, std::nullopt);
}

std::vector<nlohmann::json> TemplateCatalogState::createBodies() const {
  std::lock_guard lock(mutex_);
  return create_bodies_;
}

void TemplateCatalogState::recordCreateBody(nlohmann::json body) {
  std::lock_guard lock(mutex_);
  create_bodies_.push_back(std::move(body));
}

}  // namespace mensajero::provider_sim
