#pragma once

#include "sim_state.h"
#include "timer_queue.h"
#include "twilio_state.h"
#include "webhook_sender.h"

namespace mensajero::provider_sim {

// The parts of a running simulator that route handlers use. ProviderSim owns them and
// outlives its server, so handlers may hold references.
struct SimContext {
  SimState& state;
  WebhookSender& webhooks;
  TimerQueue& responder;  // answers delayed by latency_ms / hang_ms
  TwilioState& twilio;    // the Twilio routes' account, messages and failure knobs
};

}  // namespace mensajero::provider_sim
