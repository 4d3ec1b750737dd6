#include "channels/meta/multipart_form.h"

#include <utility>

#include "security/crypto.h"

namespace mensajero::channels::meta {
namespace {

// A header parameter value never ends its quotes or its line early.
std::string quoted(std::string_view value) {
  std::string safe(value);
  for (char& c : safe) {
    if (c == '"' || c == '\r' || c == '\n' || c == '\\') c = '_';
  }
  return safe;
}

}  // namespace

MultipartForm::MultipartForm(std::string boundary) : boundary_(std::move(boundary)) {}

void MultipartForm::addField(std::string_view name, std::string_view value) {
  body_ += "--" + boundary_ + "\r\nContent-Disposition: form-data; name=\"" + quoted(name) +
           "\"\r\n\r\n";
  body_.append(value);
  body_ += "\r\n";
}

void MultipartForm::addFile(std::string_view name, std::string_view filename,
                            std::string_view content_type, std::string_view bytes) {
  body_ += "--" + boundary_ + "\r\nContent-Disposition: form-data; name=\"" + quoted(name) +
           "\"; filename=\"" + quoted(filename) + "\"\r\nContent-Type: " + quoted(content_type) +
           "\r\n\r\n";
  body_.append(bytes);
  body_ += "\r\n";
}

std::string MultipartForm::contentType() const {
  return "multipart/form-data; boundary=" + boundary_;
}

std::string MultipartForm::finish() {
  body_ += "--" + boundary_ + "--\r\n";
  return std::move(body_);
}

std::string boundaryFor(std::string_view bytes) {
  while (true) {
    std::string boundary = "mensajero-" + security::randomHex(16);
    if (bytes.find(boundary) == std::string_view::npos) return boundary;
  }
}

}  // namespace mensajero::channels::meta
