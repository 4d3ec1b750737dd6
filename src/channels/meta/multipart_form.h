#pragma once

#include <string>
#include <string_view>

namespace mensajero::channels::meta {

// A multipart/form-data body (RFC 7578), written by hand: the transport seam
// (transport::HttpCall) carries a body as bytes, so building it here keeps that seam free of
// libcurl's mime API, and tests and the simulator see exactly the bytes sent. Field names,
// values and the filename come from the gateway (a MIME type from our table, a sanitised
// filename), never raw from a client; quotes and line breaks are replaced anyway.
class MultipartForm {
 public:
  // `boundary`: 1-70 characters that do not occur in any part (callers use random hex).
  explicit MultipartForm(std::string boundary);

  void addField(std::string_view name, std::string_view value);
  void addFile(std::string_view name, std::string_view filename, std::string_view content_type,
               std::string_view bytes);
  // The Content-Type header value, with the boundary.
  std::string contentType() const;
  // The body, closed with the final boundary. Call once.
  std::string finish();

 private:
  std::string boundary_;
  std::string body_;
};

// A boundary of 32 random hex digits that does not occur in `bytes`.
std::string boundaryFor(std::string_view bytes);

}  // namespace mensajero::channels::meta
