#!/usr/bin/env bash
# perfattr's counters and clone choices, scraped by a real Prometheus server: the
# `metrics_export` example publishes them through the `metrics` facade and
# metrics-exporter-prometheus on 127.0.0.1; Prometheus (Debian's package, installed when
# missing) scrapes it every second; then every series Prometheus's HTTP query API returns must
# equal perfattr's own report of the same run, and every row of the report must have its
# series. Run natively and under PERFATTR_DISABLE=avx512 (the clones' calls move where the
# CPU has AVX-512, and the series must follow). Loopback addresses only; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v prometheus >/dev/null; then
    echo "installing prometheus"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
fi

cargo build --quiet --release -p perfattr-examples --example metrics_export
binary=$PWD/target/release/examples/metrics_export
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port for Prometheus' own web server.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

run() { # name, environment assignments...
    local name=$1 dir=$work/$1
    shift
    mkdir -p "$dir"
    env "$@" "$binary" "$dir/report.json" 120 >"$dir/program.txt" 2>&1 &
    pids+=($!)
    local target=""
    for _ in $(seq 100); do
        target=$(sed -n 's/^listening //p' "$dir/program.txt")
        [ -n "$target" ] && break
        sleep 0.1
    done
    [ -n "$target" ] || { echo "FAIL $name: the program did not start"; cat "$dir/program.txt"; return 1; }
    local port
    port=$(free_port)
    cat >"$dir/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: perfattr
    static_configs:
      - targets: ["$target"]
YAML
    prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
        --web.listen-address="127.0.0.1:$port" >"$dir/prometheus.txt" 2>&1 &
    pids+=($!)
    timeout 90 python3 scripts/prometheus-check.py "http://127.0.0.1:$port" "$dir/report.json" "$name"
    python3 -c "import urllib.request; urllib.request.urlopen('http://$target/quit').read()"
}

run native
run disable-avx512 PERFATTR_DISABLE=avx512
echo "prometheus: perfattr's series equal its report, natively and under PERFATTR_DISABLE=avx512"
