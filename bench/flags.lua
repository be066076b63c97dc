-- wrk script: apply / clear Restricted mode over HTTP, every request a real change.
--   TOKEN_RUN=$(java bench/LoadRun.java prepare http://127.0.0.1:8080 2000)
--   wrk -t2 -c4 -d60s --latency -s bench/flags.lua http://127.0.0.1:8080 -- $TOKEN_RUN 2000
-- Each wrk thread owns a disjoint slice of the prepared meters and walks them in turn: the first
-- visit applies, the next clears, and so on. Any answer other than 200 with "changed":true is an error.

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  run = tonumber(args[2])
  devices = tonumber(args[3] or "2000")
  nthreads = counter - 1
  slice = math.floor(devices / 2)  -- at most two threads share the meters; each takes one half
  first = (id - 1) % 2 * slice
  n = 0
  errors = 0
  unchanged = 0
  attestation = '{"attestation":{"reference":"LOAD","stepsExhaustedOn":"' .. os.date("!%Y-%m-%d", os.time() - 86400) .. '"}}'
end

local function device(i)
  return string.format("72-%02X-%02X-00-00-%02X-%02X-%02X", math.floor(run / 256), run % 256,
    math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256)
end

function request()
  local d = first + (n % slice)
  local apply = math.floor(n / slice) % 2 == 0
  n = n + 1
  local path = "/api/v1/devices/" .. device(d) .. "/restriction"
  if apply then
    return wrk.format("PUT", path, {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, attestation)
  end
  return wrk.format("DELETE", path .. "?reason=CONSUMER_REQUEST", {["Authorization"] = "Bearer " .. token})
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  elseif not string.find(body, '"changed":true', 1, true) then
    unchanged = unchanged + 1
  end
end

function done(summary, latency, requests)
  local failed, same = 0, 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("errors")
    same = same + thread:get("unchanged")
  end
  io.write(string.format("requests=%d non-200=%d 200-but-unchanged=%d socket-errors=%d/%d/%d/%d\n", summary.requests,
    failed, same, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
