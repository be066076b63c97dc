-- wrk script: the gate over HTTP, as the DSP would ask it.
--   DCC=$(bench/gate-prepare.sh http://127.0.0.1:8080)
--   wrk -t2 -c32 -d30s --latency -s bench/gate.lua http://127.0.0.1:8080 -- $DCC single
--   wrk -t2 -c4  -d30s --latency -s bench/gate.lua http://127.0.0.1:8080 -- $DCC batch bench/target/gate-batch.ndjson
-- single: one decision per request, cycling over 1,000 questions in which 1 in 100 is a consumption read of a
-- Restricted meter (DENY R1, with its receipt) and the rest are ALLOWs (consumption reads of meters that are not
-- Restricted, and credential updates). batch: the 1,000 lines of the file per request; decisions/s = req/s x 1,000.
-- Any answer other than 200 counts as an error and is printed at the end.

local bodies = {}
local errors = 0

function init(args)
  token = args[1]
  mode = args[2] or "single"
  if mode == "batch" then
    local f = assert(io.open(args[3], "r"))
    batch = f:read("*a")
    f:close()
  else
    for i = 0, 999 do
      local device, srv
      if i % 100 == 0 then
        device = string.format("00-DB-12-34-56-78-00-%02X", math.floor(i / 100))
        srv = "4.1.1"
      else
        device = string.format("00-DB-12-34-%02X-%02X-%02X-%02X", math.random(0, 255), math.random(0, 255),
            math.random(0, 255), math.random(0, 255))
        srv = (i % 2 == 1) and "4.8.1" or "6.15.1"
      end
      bodies[i] = string.format('{"requestId":"wrk-%d","senderId":"90-B3-D5-1F-30-01-00-00","senderRole":"IS",'
          .. '"srv":"%s","deviceId":"%s"}', i, srv, device)
    end
  end
  n = 0
end

function request()
  if mode == "batch" then
    return wrk.format("POST", "/api/v1/gate/decisions/batch",
        {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/x-ndjson"}, batch)
  end
  n = n + 1
  return wrk.format("POST", "/api/v1/gate/decisions",
      {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, bodies[n % 1000])
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("non-200 answers: %d\n", summary.errors.status))
end
