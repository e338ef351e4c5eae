-- GET /v2/messages/{id} for ids drawn at random from IDS_FILE (one per line).
local ids = {}
local path = os.getenv("IDS_FILE")
for line in io.lines(path) do ids[#ids + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
local headers = { ["Authorization"] = "Bearer bench" }

request = function()
	return wrk.format("GET", "/v2/messages/" .. ids[math.random(#ids)], headers)
end
