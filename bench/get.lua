-- GET /v2/messages/{id} for ids drawn at random from IDS_FILE (one per line).
-- API_KEY (default "bench") and PREFIX (default "/v2") let the same load run against
-- the peers of bench/peers.sh, which want a key that looks real or serve paths without /v2.
local ids = {}
local path = os.getenv("IDS_FILE")
for line in io.lines(path) do ids[#ids + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
local headers = { ["Authorization"] = "Bearer " .. (os.getenv("API_KEY") or "bench") }
local prefix = os.getenv("PREFIX") or "/v2"

request = function()
	return wrk.format("GET", prefix .. "/messages/" .. ids[math.random(#ids)], headers)
end
