#!/usr/bin/env bash
# End-to-end benchmarks of the real binary, each against a yardstick or a
# target measured in the same run. Prints a summary table at the end; the
# figures go to docs/performance.md.
#
#   bench/run.sh [BUILD_DIR]             all benchmarks
#   BENCH_ONLY=read bench/run.sh         one of: read, post, large, queues, streams
#   LARGE_STORIES=10000 LARGE_PER_STORY=100 (defaults: 1,000,000 comments)
#   QUEUE_REPORTS=100000                 open reports seeded for the queue benchmark
#   STREAMS=10000                        idle event streams held open
set -euo pipefail
build=$(realpath "${1:-build}")
townhall=$build/townhall
seed=$build/bench/seed_large
duration=${BENCH_DURATION:-10s}
only=${BENCH_ONLY:-all}
work=$(mktemp -d /tmp/townhall-bench-XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
non2xx() { awk '/Non-2xx/ {print $5}' "$1"; }

# Starts townhall on DB with extra --set flags; sets $port and $server_pid.
start_townhall() {
  local db=$1; shift
  local args=(--db "$db" --set server.address=127.0.0.1 --set server.port=0 --set log.requests=false)
  for s in "$@"; do args+=(--set "$s"); done
  "$townhall" "${args[@]}" serve > "$work/server.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 100); do
    port=$(sed -n 's|^townhall listening on http://[^:]*:\([0-9]*\)/$|\1|p' "$work/server.log")
    [[ -n $port ]] && return 0
    sleep 0.1
  done
  echo "townhall did not start:"; cat "$work/server.log"; exit 1
}

stop_townhall() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; }

# A site, an account and an open story on a fresh database; sets $token.
prepare_discussion() {
  local db=$1
  "$townhall" --db "$db" site create --id bench --name "Bench Gazette" --origin http://bench.test > /dev/null
  start_townhall "$db" limits.signups_per_hour_per_address=0 "${@:2}"
  token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/accounts" -H 'content-type: application/json' \
    -d '{"email":"bench@bench.test","name":"Bench Reader","password":"benchmark password"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  curl -sf "http://127.0.0.1:$port/api/v1/sites/bench/stories/s1/comments?url=http%3A%2F%2Fbench.test%2Fs1&title=Bench" > /dev/null
}

summary=()

bench_read() {
  echo "== cached thread read vs nginx serving the same bytes"
  prepare_discussion "$work/read.db"
  for i in $(seq 50); do
    curl -sf -X POST "http://127.0.0.1:$port/api/v1/sites/bench/stories/s1/comments" \
      -H 'content-type: application/json' -H "authorization: Bearer $token" \
      -d "{\"body\":\"Comment $i: the **market hall** plan deserves a proper debate, and here is why it matters to Millbrook.\"}" > /dev/null
  done
  # All 50 comments on one page; nginx ignores the query string for files.
  local path=/api/v1/sites/bench/stories/s1/comments query='?limit=50'
  mkdir -p "$work/www$(dirname $path)"
  curl -sf "http://127.0.0.1:$port$path$query" > "$work/www$path"
  local bytes; bytes=$(stat -c %s "$work/www$path")
  local nginx_port; nginx_port=$(free_port)
  cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  default_type application/json;
  etag on;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
NGINX
  nginx -c "$work/nginx.conf" -p "$work" &
  pids+=($!)
  sleep 0.5
  curl -sf "http://127.0.0.1:$nginx_port$path" | cmp - "$work/www$path"
  wrk -t2 -c64 -d"$duration" "http://127.0.0.1:$nginx_port$path$query" > "$work/wrk-nginx.txt"
  wrk -t2 -c64 -d"$duration" "http://127.0.0.1:$port$path$query" > "$work/wrk-townhall.txt"
  local n t; n=$(rps "$work/wrk-nginx.txt"); t=$(rps "$work/wrk-townhall.txt")
  cat "$work/wrk-nginx.txt" "$work/wrk-townhall.txt"
  local ratio; ratio=$(python3 -c "print(f'{$t/$n:.2f}')")
  summary+=("cached 50-comment thread ($bytes bytes): townhall $t req/s, nginx $n req/s, ratio ${ratio}x (target >= 0.80)")
  stop_townhall
}

bench_post() {
  echo "== durable comment posting"
  prepare_discussion "$work/post.db"
  cat > "$work/post.lua" <<LUA
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
request = function()
  counter = counter + 1
  return wrk.format(nil, "/api/v1/sites/bench/stories/s1/comments", nil,
    '{"body":"Posting benchmark comment ' .. counter .. ' from thread ' .. tostring(wrk.thread) .. ': the market hall plan."}')
end
LUA
  wrk -t2 -c64 -d"$duration" -s "$work/post.lua" "http://127.0.0.1:$port" > "$work/wrk-post.txt"
  cat "$work/wrk-post.txt"
  local r failed; r=$(rps "$work/wrk-post.txt"); failed=$(non2xx "$work/wrk-post.txt"); failed=${failed:-0}
  local stored; stored=$(curl -sf "http://127.0.0.1:$port/api/v1/sites/bench/stories/s1/comments?limit=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["story"]["comment_count"])')
  summary+=("durable posting: $r comments/s acknowledged (201), $failed non-2xx, $stored stored (target >= 10000/s)")
  stop_townhall
}

bench_large() {
  local stories=${LARGE_STORIES:-10000} per=${LARGE_PER_STORY:-100}
  echo "== uncached thread reads with $((stories * per)) comments over $stories stories"
  local db="$work/large.db"
  local started=$SECONDS
  "$seed" "$db" "$stories" "$per"
  echo "seeded in $((SECONDS - started)) s"
  start_townhall "$db" api.thread_cache_entries=0
  cat > "$work/large.lua" <<LUA
math.randomseed(7)
request = function()
  return wrk.format("GET", "/api/v1/sites/bench/stories/story-" .. math.random(0, $stories - 1) .. "/comments")
end
LUA
  curl -sf "http://127.0.0.1:$port/api/v1/sites/bench/stories/story-1/comments" > /dev/null
  wrk -t1 -c1 -d"$duration" --latency -s "$work/large.lua" "http://127.0.0.1:$port" > "$work/wrk-large-1.txt"
  wrk -t2 -c8 -d"$duration" --latency -s "$work/large.lua" "http://127.0.0.1:$port" > "$work/wrk-large-8.txt"
  cat "$work/wrk-large-1.txt" "$work/wrk-large-8.txt"
  local p99_1 p99_8; p99_1=$(awk '/ 99%/ {print $2}' "$work/wrk-large-1.txt"); p99_8=$(awk '/ 99%/ {print $2}' "$work/wrk-large-8.txt")
  local rss hwm; rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$server_pid/status"); hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$server_pid/status")
  summary+=("uncached thread, $((stories * per)) comments: p99 $p99_1 (1 connection), $p99_8 (8 connections), $(rps "$work/wrk-large-8.txt") req/s; RSS $rss MB, peak $hwm MB (targets: p99 < 5 ms, RSS < 300 MB)")
  stop_townhall
}

# The moderation dashboard's hot requests on a big site: a page of the
# reported and unmoderated queues (the working order, oldest first) and the
# counts, as a moderator signed in; p99 at 1 and 8 connections.
bench_queues() {
  local stories=${LARGE_STORIES:-10000} per=${LARGE_PER_STORY:-100} reports=${QUEUE_REPORTS:-100000}
  echo "== moderation queues with $((stories * per)) comments and $reports reports"
  local db="$work/queues.db"
  local started=$SECONDS
  "$seed" "$db" "$stories" "$per" "$reports"
  "$townhall" --db "$db" user create --email mod@bench.test --name "Bench Moderator" --role moderator \
    --password "benchmark password" > /dev/null
  echo "seeded in $((SECONDS - started)) s"
  start_townhall "$db"
  local token; token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/sessions" -H 'content-type: application/json' \
    -d '{"email":"mod@bench.test","password":"benchmark password"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  local line=""
  local name path
  for name in reported unmoderated counts; do
    if [[ $name == counts ]]; then path="/api/v1/moderation/counts?site=bench"
    else path="/api/v1/moderation/queues/$name?site=bench&order=oldest&limit=25"; fi
    local status; status=$(curl -s -o "$work/queue-$name.json" -w '%{http_code}' -H "authorization: Bearer $token" "http://127.0.0.1:$port$path")
    [[ $status == 200 ]] || { echo "$path answered $status:"; cat "$work/queue-$name.json"; exit 1; }
    wrk -t1 -c1 -d"$duration" --latency -H "authorization: Bearer $token" "http://127.0.0.1:$port$path" > "$work/wrk-$name-1.txt"
    wrk -t2 -c8 -d"$duration" --latency -H "authorization: Bearer $token" "http://127.0.0.1:$port$path" > "$work/wrk-$name-8.txt"
    cat "$work/wrk-$name-1.txt" "$work/wrk-$name-8.txt"
    local p1 p8; p1=$(awk '/ 99%/ {print $2}' "$work/wrk-$name-1.txt"); p8=$(awk '/ 99%/ {print $2}' "$work/wrk-$name-8.txt")
    line+="$name p99 $p1 (1 conn) / $p8 (8 conns), $(rps "$work/wrk-$name-8.txt") req/s; "
  done
  summary+=("moderation, $((stories * per)) comments, $reports reports: ${line}(target: p99 < 20 ms)")
  stop_townhall
}

bench_streams() {
  local n=${STREAMS:-10000}
  echo "== $n idle server-sent event streams, one broadcast"
  # Every stream is a descriptor on both sides; the server raises its own
  # soft limit, the client (and this shell, for it) must too.
  ulimit -n "$(ulimit -Hn)"
  if (( $(ulimit -n) < n + 100 )); then
    echo "the open file limit ($(ulimit -n)) is below $n streams; raise the hard limit"; exit 1
  fi
  prepare_discussion "$work/streams.db" server.max_connections=$((n + 1000 > 20000 ? n + 1000 : 20000))
  "$build/bench/idle_streams" --port "$port" --pid "$server_pid" --site bench --story s1 --token "$token" \
    --streams "$n" | tee "$work/streams.txt"
  summary+=("$(sed -n 's/^summary: //p' "$work/streams.txt")")
  stop_townhall
}

[[ $only == all || $only == read ]] && bench_read
[[ $only == all || $only == post ]] && bench_post
[[ $only == all || $only == large ]] && bench_large
[[ $only == all || $only == queues ]] && bench_queues
[[ $only == all || $only == streams ]] && bench_streams

echo
echo "== summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
for line in "${summary[@]}"; do echo "- $line"; done
