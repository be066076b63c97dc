-- wrk script: issue a checkpoint of the history's tree as it stands (POST /api/v1/history/checkpoints, DCC).
-- Each request reads the tree head (about log2(n) stored nodes), signs the checkpoint with Ed25519 and stores it
-- (or finds the one already issued at that size).
--   wrk -t1 -c1 -d30s --latency -s bench/checkpoint.lua http://127.0.0.1:8080 -- $DCC
function init(args)
  token = args[1]
end

function request()
  return wrk.format("POST", "/api/v1/history/checkpoints", {["Authorization"] = "Bearer " .. token})
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
