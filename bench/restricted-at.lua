-- wrk script for bench/restricted-at.sh: one question shape of GET /api/v1/history/restricted, first pages.
--   wrk -t2 -c4 -d20s --latency -s bench/restricted-at.lua http://127.0.0.1:18091 -- TOKEN SHAPE METERS
-- now          effective and recorded now: no meter is Restricted any more (the whole table answers nothing)
-- dense        effective START+1.5M s: half the meters, the listing's first 100
-- sparse-tail  effective START+3M-1000-r s: only the last ~1,000+r meters by ID are Restricted then
-- known-early  effective now as known at START+M+r s: only the first r meters had been flagged
-- filtered     a random Supplier and region at a random effective time in the Restricted wave
-- counts       /counts per region and type at a random effective time
-- Times vary per request (r random), so no two questions are the same. Any answer other than 200 is printed.
local START = 1767225600

function init(args)
  token = args[1]
  shape = args[2]
  meters = tonumber(args[3] or "1000000")
  math.randomseed(11 + os.time())
end

local function iso(seconds)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", seconds)
end

function request()
  local r = math.random(0, 1000)
  local path
  if shape == "now" then
    path = "/api/v1/history/restricted"
  elseif shape == "dense" then
    path = "/api/v1/history/restricted?effective=" .. iso(START + meters + math.floor(meters / 2) + r)
  elseif shape == "sparse-tail" then
    path = "/api/v1/history/restricted?effective=" .. iso(START + 3 * meters - 1000 - r)
  elseif shape == "known-early" then
    path = "/api/v1/history/restricted?effective=" .. iso(START + 3 * meters) .. "&recorded="
        .. iso(START + meters + r)
  elseif shape == "filtered" then
    local regions = {"NORTH", "CENTRAL", "SOUTH"}
    path = "/api/v1/history/restricted?effective=" .. iso(START + meters + math.random(0, meters))
        .. "&supplier=SUPPLIER-" .. math.random(0, 19) .. "&region=" .. regions[math.random(1, 3)]
  else
    path = "/api/v1/history/restricted/counts?effective=" .. iso(START + meters + math.random(0, meters))
  end
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

function response(status, headers, body)
  if status ~= 200 then
    print("status " .. status .. ": " .. body)
  end
end
