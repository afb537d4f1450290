-- wrk script for `quarry serve`: every request POSTs one article (the file named by
-- QUARRY_LOAD_BODY) to /v1/annotate as text/plain; non-2xx answers are counted by wrk.
local path = os.getenv("QUARRY_LOAD_BODY")
local file = assert(io.open(path, "rb"), "cannot open " .. tostring(path))
wrk.method = "POST"
wrk.path = os.getenv("QUARRY_LOAD_PATH") or "/v1/annotate"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
