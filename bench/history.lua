-- wrk script: a regulator's per-device history and as-of questions over the benchmark store
-- (bench/history-data.sh: meters 00-DB-40-00-00-00-00-00 upward, 3 events each, restricted in wave 2).
--   REG=$(curl -s -X POST localhost:8080/local/tokens -H 'Content-Type: application/json' \
--          -d '{"partyId":"OFGEM","roles":["REGULATOR"]}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
--   wrk -t2 -c4 -d30s --latency -s bench/history.lua http://127.0.0.1:8080 -- $REG history 1000000
--   wrk -t2 -c4 -d30s --latency -s bench/history.lua http://127.0.0.1:8080 -- $REG as-of 1000000
--   wrk -t2 -c4 -d30s --latency -s bench/history.lua http://127.0.0.1:8080 -- $REG proof 1000000
-- (proof: an inclusion proof of a random event's entry in the tree now; the events' IDs are UUID(wave, meter))
-- Each request picks a meter at random. Any answer other than 200 is counted and printed.

function init(args)
  token = args[1]
  mode = args[2] or "history"
  meters = tonumber(args[3] or "1000000")
  math.randomseed(7 + os.time())
end

local function device(n)
  local hex = string.format("%012X", 0x400000000000 + n)
  return "00-DB-" .. hex:sub(1, 2) .. "-" .. hex:sub(3, 4) .. "-" .. hex:sub(5, 6) .. "-" .. hex:sub(7, 8) .. "-"
      .. hex:sub(9, 10) .. "-" .. hex:sub(11, 12)
end

function request()
  if mode == "proof" then
    local id = string.format("00000000-0000-%04x-0000-%012x", math.random(0, 2), math.random(0, meters - 1))
    return wrk.format("GET", "/api/v1/history/proofs/inclusion?eventId=" .. id,
        {["Authorization"] = "Bearer " .. token})
  end
  local path = "/api/v1/history/devices/" .. device(math.random(0, meters - 1))
  if mode == "as-of" then
    -- wave 2 (the restriction) of a million meters falls in mid-January: ask about 20 January as known on 25 January
    path = path .. "/as-of?effective=2026-01-20T00:00:00Z&recorded=2026-01-25T00:00:00Z"
  end
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
