-- POST /v2/messages with a constant 1-part SMS (API_KEY and PREFIX as in get.lua).
wrk.method = "POST"
wrk.path = (os.getenv("PREFIX") or "/v2") .. "/messages"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("API_KEY") or "bench")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"from":"+18445550001","to":"+18665550002","text":"Your code is 123456. It expires in 10 minutes."}'
