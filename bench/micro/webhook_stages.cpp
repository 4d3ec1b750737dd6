// The CPU cost of each stage of a webhook's hot path that can be run alone (issue 13's
// per-request budget, docs/benchmarks.md): the HMAC check of X-Hub-Signature-256, the bounded
// JSON pass before the 200 (and, for comparison, the full parse the processor does later),
// the SHA-256 that deduplicates, and the 200's body. The HTTP work, the writer's commit and
// the processing are measured from profiles of the running gateway instead.
//
// Bodies are bench/make_webhooks.py's: an inbound text message of about 1.1 KB and a status
// of about 0.5 KB.
//
// usage: build/release/bench/micro/webhook_stages [--benchmark_repetitions=N]
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "common/json_probe.h"
#include "security/crypto.h"
#include "security/webhook_signature.h"

namespace {

using namespace mensajero;

std::string inboundBody() {
  const std::string text(780, 'a');
  return R"({"object":"whatsapp_business_account","entry":[{"id":"BENCHWABA","changes":[{"field":)"
         R"("messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":)"
         R"("15550001111","phone_number_id":"300000000000001"},"contacts":[{"profile":{"name":)"
         R"("Paciente Numero 1"},"wa_id":"34610000001"}],"messages":[{"from":"34610000001","id":)"
         R"("wamid.BENCHIN000000002","timestamp":"1767225600","type":"text","text":{"body":")" +
         text + R"("}}]}}]}]})";
}

std::string statusBody() {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"BENCHWABA","changes":[{"field":)"
         R"("messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":)"
         R"("15550001111","phone_number_id":"300000000000001"},"statuses":[{"id":)"
         R"("wamid.BENCH000000001","status":"delivered","timestamp":"1767225600","recipient_id":)"
         R"("12015550123","conversation":{"id":"CONVERSATION000001","expiration_timestamp":)"
         R"("1767312000","origin":{"type":"utility"}},"pricing":{"billable":true,)"
         R"("pricing_model":"CBP","category":"utility"}}]}}]}]})";
}

const std::string kSecret = "bench-app-secret";

const std::string& body(const benchmark::State& state) {
  static const std::string inbound = inboundBody();
  static const std::string status = statusBody();
  return state.range(0) == 0 ? inbound : status;
}

void VerifySignature(benchmark::State& state) {
  const std::string& payload = body(state);
  const std::string header = "sha256=" + security::hmacSha256Hex(kSecret, payload);
  for (auto _ : state)
    benchmark::DoNotOptimize(security::verifyHubSignature(kSecret, payload, header));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * payload.size()));
}

void ProbeBeforeThe200(benchmark::State& state) {
  const std::string& payload = body(state);
  static const std::vector<JsonPathStep> kField = {std::string("entry"), std::size_t{0},
                                                   std::string("changes"), std::size_t{0},
                                                   std::string("field")};
  for (auto _ : state) benchmark::DoNotOptimize(probeBoundedJson(payload, kField));
}

void FullParseOfTheProcessor(benchmark::State& state) {
  const std::string& payload = body(state);
  for (auto _ : state) benchmark::DoNotOptimize(parseBoundedJson(payload));
}

void DeduplicationHash(benchmark::State& state) {
  const std::string& payload = body(state);
  for (auto _ : state) benchmark::DoNotOptimize(security::sha256Hex(payload));
}

void AnswerBody(benchmark::State& state) {
  for (auto _ : state) {
    const nlohmann::json answer = {
        {"status", "success"}, {"processedAt", "2026-12-07T03:00:00.000Z"}, {"duplicate", false}};
    benchmark::DoNotOptimize(answer.dump());
  }
}

// Argument 0: the inbound message (1.1 KB); 1: the status (0.5 KB).
BENCHMARK(VerifySignature)->Arg(0)->Arg(1);
BENCHMARK(ProbeBeforeThe200)->Arg(0)->Arg(1);
BENCHMARK(FullParseOfTheProcessor)->Arg(0)->Arg(1);
BENCHMARK(DeduplicationHash)->Arg(0)->Arg(1);
BENCHMARK(AnswerBody);

}  // namespace

BENCHMARK_MAIN();
