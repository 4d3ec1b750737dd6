#include "common/bounded_json.h"

#include <utility>

#include <optional>
#include <string>
#include <vector>

#include "common/json_errors.h"

namespace mensajero {
namespace {

using Json = nlohmann::json;

// A SAX handler that builds the document itself, refusing to open a container past the depth
// bound. nlohmann's parser is iterative and stops as soon as a handler returns false, so
// neither the parse nor this builder recurses.
class BoundedDomBuilder {
 public:
  BoundedDomBuilder(Json& root, std::size_t max_depth) : root_(root), max_depth_(max_depth) {}

  bool null() { return place(nullptr); }
  bool boolean(bool value) { return place(value); }
  bool number_integer(Json::number_integer_t value) { return place(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return place(value); }
  bool number_float(Json::number_float_t value, const Json::string_t& /*text*/) {
    return place(value);
  }
  bool string(Json::string_t& value) { return place(std::move(value)); }
  bool binary(Json::binary_t& value) { return place(Json::binary(std::move(value))); }

  bool start_object(std::size_t /*size*/) { return open(Json::value_t::object); }
  bool key(Json::string_t& name) {
    pending_member_ = &(*open_.back())[std::move(name)];
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*size*/) { return open(Json::value_t::array); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const Json::exception& error) {
    error_ = json_errors::syntax(position, error);
    return false;
  }

  const std::optional<Error>& error() const { return error_; }

 private:
  // Puts a value where the grammar says the next one goes: the root, the end of the open
  // array, or the member whose key came last. Returns where it now lives.
  template <typename Value>
  Json* put(Value&& value) {
    if (open_.empty()) {
      root_ = Json(std::forward<Value>(value));
      return &root_;
    }
    Json& parent = *open_.back();
    if (parent.is_array()) {
      parent.emplace_back(std::forward<Value>(value));
      return &parent.back();
    }
    *pending_member_ = Json(std::forward<Value>(value));
    return pending_member_;
  }

  template <typename Value>
  bool place(Value&& value) {
    put(std::forward<Value>(value));
    return true;
  }

  // A child's address stays valid while it is open: its parent gains no elements until the
  // child is closed, and object members live in map nodes that never move.
  bool open(Json::value_t type) {
    if (open_.size() >= max_depth_) {
      error_ = json_errors::tooDeep(max_depth_);
      return false;
    }
    open_.push_back(put(type));
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

  Json& root_;
  const std::size_t max_depth_;
  std::vector<Json*> open_;
  Json* pending_member_ = nullptr;
  std::optional<Error> error_;
};

}  // namespace

Result<nlohmann::json> parseBoundedJson(std::string_view text, std::size_t max_depth) {
  Json root;
  BoundedDomBuilder builder(root, max_depth);
  bool complete = false;
  try {
    complete = Json::sax_parse(text, &builder);
  } catch (const Json::exception&) {
    // sax_parse reports through parse_error(); this is a last guard should a future version
    // of the library throw instead.
    return json_errors::malformed();
  }
  if (builder.error()) {
    return *builder.error();
  }
  if (!complete) {
    return json_errors::malformed();
  }
  return root;
}

}  // namespace mensajero
