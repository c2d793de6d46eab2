-- Latency quantiles for tests/bench/run.py (wrk prints 50/75/90/99 only).
done = function(summary, latency, requests)
  io.write(string.format("p50_us=%d p95_us=%d requests=%d non2xx=%d\n",
    latency:percentile(50), latency:percentile(95), summary.requests, summary.errors.status))
end
