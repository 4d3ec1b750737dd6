-- wrk script for bench/sends.sh: POSTs /api/v2/messages/send, each request to a recipient no
-- other request of the run uses (fictional US numbers, NXX 555), and counts the answers.
--
-- args: <api key> <phase> <wrk threads> [fallback] where phase is
--   "later": options.scheduledAt far in the future, so the answer (202 queued) follows the
--            durable commit and no provider call;
--   "now":   an immediate send, answered after the first attempt (200 sent) or 202 queued;
--            with "fallback", each also carries options.fallbackChannels ["sms"];
--   "sim":   the body the gateway sends to Meta, POSTed to the provider simulator's
--            /{version}/{phone number id}/messages itself (its own ceiling; the api key is
--            then the simulator's bearer token, which it only requires to be present).
-- The message text names the phase ("bench <phase> <n>"), so the script can find the phase's
-- rows in the database. Numbers repeat only after 200,000 requests of one phase.
local threads = {}
local counter = 1

-- Twenty area codes per phase: 200,000 distinct numbers each, disjoint between phases.
local area_codes = {
  later = {201, 202, 203, 205, 206, 207, 208, 209, 210, 212,
           213, 214, 215, 216, 217, 218, 219, 224, 225, 228},
  now = {229, 231, 234, 239, 240, 248, 251, 252, 253, 254,
         256, 260, 262, 267, 269, 270, 276, 281, 301, 302},
  sim = {303, 304, 305, 307, 308, 309, 310, 312, 313, 314},
}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  phase = args[2]
  areas = area_codes[phase]
  stride = tonumber(args[3])
  if token == nil or areas == nil or stride == nil then
    error("usage: wrk ... -s sends.lua <url> -- <api key> later|now|sim <wrk threads>")
  end
  headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}
  options = ""
  -- A week ahead: within the gateway's scheduling horizon (limits.max_schedule_ahead_days).
  local later = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() + 7 * 86400)
  if phase == "later" then options = ',"options":{"scheduledAt":"' .. later .. '"}' end
  if args[4] == "fallback" then options = ',"options":{"fallbackChannels":["sms"]}' end
  -- Thread t of T takes the numbers t-1, t-1+T, t-1+2T, ...: together 0, 1, 2, ...
  next_number = id - 1
  ok, sent, queued, failed = 0, 0, 0, 0
end

function request()
  local n = next_number
  next_number = next_number + stride
  local area = areas[math.floor(n / 10000) % #areas + 1]
  local recipient = string.format("+1%d555%04d", area, n % 10000)
  if phase == "sim" then
    return wrk.format("POST", nil, headers, string.format(
      '{"messaging_product":"whatsapp","recipient_type":"individual","to":"%s",' ..
      '"type":"text","text":{"preview_url":false,"body":"bench sim %d"}}', recipient:sub(2), n))
  end
  local body = string.format(
    '{"recipient":{"type":"phone","value":"%s"},' ..
    '"message":{"type":"text","content":"bench %s %d"}%s}', recipient, phase, n, options)
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    if status == 200 then sent = sent + 1 else queued = queued + 1 end
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local total = {ok = 0, sent = 0, queued = 0, failed = 0}
  for _, thread in ipairs(threads) do
    for key in pairs(total) do total[key] = total[key] + thread:get(key) end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.timeout
  io.write(string.format(
    "RESULT ok=%d sent200=%d queued202=%d non2xx=%d socket_errors=%d rps=%.0f ok_rps=%.0f " ..
    "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    total.ok, total.sent, total.queued, total.failed, errors,
    summary.requests / (summary.duration / 1e6), total.ok / (summary.duration / 1e6),
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
