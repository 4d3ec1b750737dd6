#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

// An interactive WhatsApp message: reply buttons or a list (message.type 'interactive').
// The API parses the request into InteractiveContent (api/dto/interactive_dto.h); this file
// holds Meta's limits and checks them, and gives the normalised payload stored in the
// message's metadata under "interactive", which the channels read (Meta builds Graph's
// interactive object from it, the SMS fallback renders it as numbered text).
namespace mensajero::core {

// Meta's limits (providers.md §1.2), in characters (code points), not bytes.
struct InteractiveLimits {
  static constexpr std::size_t kMaxButtons = 3;
  static constexpr std::size_t kMaxButtonTitle = 20;
  static constexpr std::size_t kMaxButtonId = 256;
  static constexpr std::size_t kMaxButtonBody = 1024;
  static constexpr std::size_t kMaxListBody = 4096;
  static constexpr std::size_t kMaxFooter = 60;
  static constexpr std::size_t kMaxListButton = 20;
  static constexpr std::size_t kMaxSections = 10;
  static constexpr std::size_t kMaxRows = 10;  // in total, over all sections
  static constexpr std::size_t kMaxRowTitle = 24;
  static constexpr std::size_t kMaxRowId = 200;
  static constexpr std::size_t kMaxRowDescription = 72;
  // Not in providers.md: Meta's reference documents 60 for a text header and 24 for a section
  // title; the gateway bounds both with them.
  static constexpr std::size_t kMaxHeaderText = 60;
  static constexpr std::size_t kMaxSectionTitle = 24;
  // Ours: a media header's link and a document header's filename.
  static constexpr std::size_t kMaxHeaderLink = 2048;
  static constexpr std::size_t kMaxHeaderFilename = 240;
};

struct InteractiveHeader {
  std::string type;      // text | image | video | document
  std::string text;      // text
  std::string link;      // image, video, document: an https URL Meta fetches
  std::string filename;  // document, optional
};

struct InteractiveButton {
  std::string id;  // comes back as button_reply.id when the patient taps it
  std::string title;
};

struct InteractiveRow {
  std::string id;  // comes back as list_reply.id
  std::string title;
  std::string description;  // optional
};

struct InteractiveSection {
  std::string title;  // required when the list has more than one section
  std::vector<InteractiveRow> rows;
};

struct InteractiveContent {
  std::string type;  // button | list
  std::optional<InteractiveHeader> header;
  std::string body;
  std::string footer;                        // optional
  std::vector<InteractiveButton> buttons;    // type button
  std::string list_button;                   // type list: the label that opens the list
  std::vector<InteractiveSection> sections;  // type list
};

// Checks `content` against Meta's limits. Invalid with one code per rule:
// invalid_interactive_type, interactive_body_required, interactive_body_too_long,
// interactive_footer_too_long, invalid_interactive_header, interactive_header_too_long,
// no_buttons, too_many_buttons, button_id_required, button_id_too_long, duplicate_button_id,
// button_title_required, button_title_too_long, list_button_required, list_button_too_long,
// no_sections, too_many_sections, section_title_required, section_title_too_long, no_rows,
// too_many_rows, row_id_required, row_id_too_long, duplicate_row_id, row_title_required,
// row_title_too_long, row_description_too_long; invalid_content for a NUL in any text.
Status validateInteractiveContent(const InteractiveContent& content);

// The normalised payload stored as metadata.interactive: the request's shape with only the
// fields of its type and no empty optional ones (docs/openapi.yaml, InteractiveContent).
nlohmann::json interactiveMetadata(const InteractiveContent& content);

}  // namespace mensajero::core
