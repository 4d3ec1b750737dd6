#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/alerts_export.h"
#include "app/commands.h"
#include "app/config.h"
#include "app/template_sync_command.h"

namespace {

void setUpLogging(const std::string& level) {
  // Logs go to stderr so stdout stays clean for results that scripts read.
  auto logger = spdlog::stderr_color_mt("mensajero");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ [%t] %v");
  spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mensajero::app;
  CLI::App cli{"Mensajero: patient-messaging gateway"};
  cli.require_subcommand(1);
  std::optional<std::string> config_path;
  cli.add_option("-c,--config", config_path, "YAML configuration file")
      ->envname("MENSAJERO_CONFIG");

  auto* serve = cli.add_subcommand("serve", "run the gateway");
  std::optional<std::string> ready_file;
  serve->add_option("--ready-file", ready_file, "write the bound port here once listening");

  cli.add_subcommand("migrate", "apply database migrations and exit");

  auto* org = cli.add_subcommand("org", "manage organizations")->require_subcommand(1);
  auto* org_create = org->add_subcommand("create", "create an organization; prints its id");
  std::string org_name;
  std::string org_region = "US";
  std::optional<std::string> org_id;
  org_create->add_option("--name", org_name, "display name")->required();
  org_create->add_option("--region", org_region, "default phone region (ISO 3166 alpha-2)");
  org_create->add_option("--id", org_id, "use this UUID instead of a new one");

  auto* key = cli.add_subcommand("key", "manage API keys")->require_subcommand(1);
  auto* key_create = key->add_subcommand("create", "create an API key; prints the token once");
  std::string key_org;
  std::string key_name = "default";
  key_create->add_option("--org", key_org, "organization id")->required();
  key_create->add_option("--name", key_name, "a label for the key");
  std::string key_scopes = "send,read,admin";
  key_create->add_option("--scopes", key_scopes,
                         "comma-separated: send, read, admin (default: all three)");
  auto* key_list = key->add_subcommand("list", "list an organization's API keys (no tokens)");
  std::string key_list_org;
  key_list->add_option("--org", key_list_org, "organization id")->required();
  auto* key_revoke =
      key->add_subcommand("revoke", "revoke an API key; every instance refuses it within 1 s");
  std::string key_revoke_id;
  key_revoke->add_option("id", key_revoke_id, "the key's id (from key list)")->required();

  auto* templates =
      cli.add_subcommand("templates", "manage message templates")->require_subcommand(1);
  auto* templates_sync = templates->add_subcommand(
      "sync", "import the templates of the organization's WhatsApp account");
  std::string templates_org;
  templates_sync->add_option("--org", templates_org, "organization id or name")->required();

  auto* alerts = cli.add_subcommand("alerts", "alert rules")->require_subcommand(1);
  auto* alerts_export = alerts->add_subcommand(
      "export", "write the alert rules as a Prometheus alerting-rules file (promtool check rules)");
  std::optional<std::string> alerts_config;
  std::optional<std::string> alerts_output;
  alerts_export->add_option("--config", alerts_config, "YAML configuration file");
  alerts_export->add_option("--output", alerts_output, "write here instead of stdout");

  CLI11_PARSE(cli, argc, argv);
  if (alerts_config) config_path = alerts_config;

  try {
    const Config config = loadConfig(config_path, processEnvironment());
    setUpLogging(config.logging.level);
    if (serve->parsed()) return runServe(config, ready_file);
    if (cli.got_subcommand("migrate")) return runMigrate(config);
    if (org_create->parsed()) return runOrgCreate(config, org_name, org_region, org_id);
    if (key_create->parsed()) return runKeyCreate(config, key_org, key_name, key_scopes);
    if (key_list->parsed()) return runKeyList(config, key_list_org);
    if (key_revoke->parsed()) return runKeyRevoke(config, key_revoke_id);
    if (templates_sync->parsed()) return runTemplatesSync(config, templates_org);
    if (alerts_export->parsed()) return runAlertsExport(config, alerts_output);
  } catch (const ConfigError& e) {
    std::cerr << "configuration error: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
