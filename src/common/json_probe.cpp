#include "common/json_probe.h"

#include <utility>

#include "common/json_errors.h"

namespace mensajero {
namespace {

using Json = nlohmann::json;

// A SAX handler that keeps, per open container, only where the parse is and whether that
// container lies on the path. Nothing of the document is stored but the one string.
class PathProbe {
 public:
  PathProbe(const std::vector<JsonPathStep>& path, std::size_t max_depth)
      : path_(path), max_depth_(max_depth) {}

  bool null() { return scalar(); }
  bool boolean(bool /*value*/) { return scalar(); }
  bool number_integer(Json::number_integer_t /*value*/) { return scalar(); }
  bool number_unsigned(Json::number_unsigned_t /*value*/) { return scalar(); }
  bool number_float(Json::number_float_t /*value*/, const Json::string_t& /*text*/) {
    return scalar();
  }
  bool binary(Json::binary_t& /*value*/) { return scalar(); }
  bool string(Json::string_t& value) {
    if (onPath() && depth() == path_.size() && !probe_.value) probe_.value = std::move(value);
    return scalar();
  }

  bool start_object(std::size_t /*size*/) { return open(false); }
  bool key(Json::string_t& name) {
    Frame& frame = open_.back();
    // Only a container on the path needs its keys: the others are never compared.
    if (frame.on_path) frame.key = std::move(name);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*size*/) { return open(true); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const Json::exception& error) {
    error_ = json_errors::syntax(position, error);
    return false;
  }

  const std::optional<Error>& error() const { return error_; }
  JsonProbe& probe() { return probe_; }

 private:
  struct Frame {
    bool array = false;
    bool on_path = false;
    std::size_t index = 0;  // arrays: the next element's index
    std::string key;        // objects on the path: the last key
  };

  // Depth of the value about to be read: 0 for the root.
  std::size_t depth() const { return open_.size(); }

  // Whether the value about to be read is on the path (a prefix of it).
  bool onPath() const {
    if (open_.empty()) return true;
    const Frame& parent = open_.back();
    const std::size_t step = open_.size() - 1;
    if (!parent.on_path || step >= path_.size()) return false;
    if (parent.array) {
      const auto* index = std::get_if<std::size_t>(&path_[step]);
      return index != nullptr && *index == parent.index;
    }
    const auto* name = std::get_if<std::string>(&path_[step]);
    return name != nullptr && *name == parent.key;
  }

  // A value ended: the parent array moves to its next element.
  bool scalar() {
    if (!open_.empty() && open_.back().array) ++open_.back().index;
    return true;
  }

  bool open(bool array) {
    if (open_.size() >= max_depth_) {
      error_ = json_errors::tooDeep(max_depth_);
      return false;
    }
    if (open_.empty()) probe_.is_object = !array;
    const bool on_path = onPath();
    open_.push_back(Frame{array, on_path, 0, {}});
    return true;
  }

  bool close() {
    open_.pop_back();
    return scalar();  // the container was a value of its parent
  }

  const std::vector<JsonPathStep>& path_;
  const std::size_t max_depth_;
  std::vector<Frame> open_;
  JsonProbe probe_;
  std::optional<Error> error_;
};

}  // namespace

Result<JsonProbe> probeBoundedJson(std::string_view text, const std::vector<JsonPathStep>& path,
                                   std::size_t max_depth) {
  PathProbe probe(path, max_depth);
  bool complete = false;
  try {
    complete = Json::sax_parse(text, &probe);
  } catch (const Json::exception&) {
    return json_errors::malformed();  // as parseBoundedJson: a guard, sax_parse reports errors
  }
  if (probe.error()) return *probe.error();
  if (!complete) return json_errors::malformed();
  return std::move(probe.probe());
}

}  // namespace mensajero
