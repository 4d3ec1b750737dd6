-- wrk script: POSTs pre-signed, distinct webhooks (bench/make_webhooks.py) and counts answers.
-- Each thread takes its own slice of the file so no body is sent twice.
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  thread:set("nthreads", 0)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local path = args[1]
  local nthreads = tonumber(args[2])
  bodies, signatures = {}, {}
  local i = 0
  for line in io.lines(path) do
    if i % nthreads == id - 1 then
      local tab = line:find("\t", 1, true)
      signatures[#signatures + 1] = line:sub(1, tab - 1)
      bodies[#bodies + 1] = line:sub(tab + 1)
    end
    i = i + 1
  end
  index, ok, failed = 0, 0, 0
end

function request()
  index = index + 1
  if index > #bodies then index = 1 end -- reuse only if the run outlasts the file
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                                  ["X-Hub-Signature-256"] = signatures[index]}, bodies[index])
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else failed = failed + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_failed = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_failed = total_failed + thread:get("failed")
  end
  io.write(string.format("RESULT ok=%d failed=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    total_ok, total_failed, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
