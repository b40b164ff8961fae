-- Sends BENCH_REQUESTS in turn with BENCH_HEADERS on each (both defined above this text by
-- bench/drivers/wrk.ts). Thread t of BENCH_THREADS takes slots t, t+T, t+2T ... so two threads
-- never send the same slot (W4 moves each connector from one thread only), and done() prints one
-- JSON line the driver parses instead of wrk's text summary.

local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

local formatted = {}
local counter = 0

function init(args)
  for i, r in ipairs(BENCH_REQUESTS) do
    formatted[i] = wrk.format(r.method, r.path, BENCH_HEADERS, r.body)
  end
end

function request()
  local slot = (thread_index + counter * BENCH_THREADS) % #formatted
  counter = counter + 1
  return formatted[slot + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50Us":%.0f,"p99Us":%.0f}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
