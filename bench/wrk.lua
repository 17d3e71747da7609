-- Requests for wrk, read from a plan file written by bench/run.py, and a JSON summary on exit.
--
-- Plan file: "H<TAB>Name: value" lines are headers sent with every request; each
-- "R<TAB>METHOD<TAB>path<TAB>body[<TAB>Name: value]..." line is one request (with its own headers, e.g. its
-- credentials), one picked at random for each request sent. Answers other than the expected status (wrk
-- itself counts only 4xx and 5xx) are counted as "unexpected": a redirect to the login page is fast, and
-- worthless.
-- Usage: wrk -t1 -c8 -d10s -s bench/wrk.lua http://127.0.0.1:8765 -- plan.txt 200   (0: any 2xx)

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local requests = {}
local expected = 200
unexpected = 0
first_unexpected = ""

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields
end

local function header(headers, text)
  local name, value = text:match("^([^:]+):%s*(.*)$")
  if name then
    headers[name] = value
  end
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  expected = tonumber(args[2] or "200")
  local common = {}
  for name, value in pairs(wrk.headers) do
    common[name] = value
  end
  for line in io.lines(args[1]) do
    local fields = split(line)
    if fields[1] == "H" then
      header(common, fields[2])
    elseif fields[1] == "R" then
      local headers = {}
      for name, value in pairs(common) do
        headers[name] = value
      end
      for i = 5, #fields do
        header(headers, fields[i])
      end
      local body = fields[4]
      if body == "" then body = nil end
      table.insert(requests, wrk.format(fields[2], fields[3], headers, body))
    end
  end
end

function request()
  return requests[math.random(#requests)]
end

function response(status, headers, body)
  local ok = status == expected or (expected == 0 and status >= 200 and status < 300)
  if not ok then
    unexpected = unexpected + 1
    if first_unexpected == "" then
      first_unexpected = status .. " " .. (headers["Location"] or "") .. " " .. body:sub(1, 200):gsub('["\\%c]', " ")
    end
  end
end

function done(summary, latency, requests)
  local wrong, example = 0, ""
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("unexpected")
    if example == "" then example = thread:get("first_unexpected") end
  end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "unexpected": %d, "example": "%s", "socket_errors": %d, ' ..
    '"timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, wrong, example,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, latency.max))
end
