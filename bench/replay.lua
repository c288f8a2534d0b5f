-- wrk script: replays a pool of pre-signed raw HTTP requests round-robin, counts the responses whose
-- status is not 200, and prints one JSON line (prefixed "BENCH_JSON ") from done().
--
--   wrk -t T -c C -d D -s replay.lua URL -- POOL_FILE MODE
--
-- POOL_FILE holds the requests as "<byte length>\n<raw request bytes>" one after another (run.mjs
-- writes it just before the run). MODE "shared": every thread replays the whole pool; MODE "slice":
-- thread k of T replays only the requests whose index i has i % T == k (PutParameter: each thread owns
-- its own names, so two in-flight writes never hit one name unless a thread cycles through its
-- whole slice while one of its requests is still in flight).

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local data = file:read("*a")
  file:close()
  local mode = args[2] or "shared"
  local total_threads = tonumber(args[3] or "1")
  pool = {}
  local pos, index = 1, 0
  while pos <= #data do
    local nl = data:find("\n", pos, true)
    local len = tonumber(data:sub(pos, nl - 1))
    if mode ~= "slice" or index % total_threads == thread_index then
      pool[#pool + 1] = data:sub(nl + 1, nl + len)
    end
    index = index + 1
    pos = nl + 1 + len
  end
  assert(#pool > 0, "empty request pool for thread " .. thread_index)
  cursor = 0
  non200 = 0
  statuses = ""
  sample = ""
end

function request()
  cursor = cursor % #pool + 1
  return pool[cursor]
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if not string.find(statuses, "," .. status .. ",", 1, true) then
      statuses = statuses .. "," .. status .. ","
    end
    if sample == "" then
      sample = status .. " " .. string.sub(body or "", 1, 300)
    end
  end
end

local function json_string(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return string.format("\\u%04x", string.byte(c))
  end)
  return '"' .. s .. '"'
end

function done(summary, latency, requests)
  local bad, sample_out, status_out = 0, "", ""
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non200") or 0)
    status_out = status_out .. (thread:get("statuses") or "")
    if sample_out == "" then sample_out = thread:get("sample") or "" end
  end
  local errors = summary.errors
  local out = {
    '"duration_us":' .. summary.duration,
    '"requests":' .. summary.requests,
    '"bytes":' .. summary.bytes,
    '"non200":' .. bad,
    '"statuses":' .. json_string(status_out),
    '"sample":' .. json_string(sample_out),
    '"errors":{"connect":' .. errors.connect .. ',"read":' .. errors.read .. ',"write":' .. errors.write ..
      ',"status":' .. errors.status .. ',"timeout":' .. errors.timeout .. '}',
    '"latency_us":{"mean":' .. latency.mean .. ',"max":' .. latency.max ..
      ',"p50":' .. latency:percentile(50) .. ',"p90":' .. latency:percentile(90) ..
      ',"p99":' .. latency:percentile(99) .. '}',
  }
  io.write("BENCH_JSON {" .. table.concat(out, ",") .. "}\n")
end
