//! perfattr's counters and clone choices in Prometheus' text format, as a service exposes them:
//! the `metrics` facade with `metrics-exporter-prometheus`'s recorder, served on 127.0.0.1.
//!
//! Usage: `metrics_export <report.json> [seconds]`. It runs a fixed workload (the log parser,
//! and the multiversioned kernels on a thread that has ended by then), writes perfattr's own report for the same counts to
//! `<report.json>`, prints `listening 127.0.0.1:<port>` (a free port), and answers every
//! `GET` with the metrics, publishing them first (`perfattr::metrics::publish`, on each
//! scrape), until `GET /quit` or `seconds` (default 120) have passed.
//! `scripts/prometheus.sh` lets a real Prometheus server scrape it and compares what the
//! server stored with the report.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use perfattr_examples::{kernels, sample_log, summarize};

fn main() {
    let mut args = std::env::args().skip(1);
    let report = args
        .next()
        .expect("usage: metrics_export <report.json> [seconds]");
    let seconds: u64 = args.next().map_or(120, |s| s.parse().expect("seconds"));
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new()
        .install_recorder()
        .expect("install the Prometheus recorder");

    // The kernels run on a thread that ends before anything is published: its counts must
    // still be in the report and the series.
    let checksum = std::thread::spawn(|| kernels::checksum(10_000))
        .join()
        .expect("the kernels' thread");
    let totals = summarize(&sample_log(20_000, 500));
    println!("workload {} lines, checksum {checksum:?}", totals.parsed);
    // Nothing below is counted: the report and the published series hold the same totals.
    perfattr::metrics::publish();
    std::fs::write(&report, perfattr::report::full().to_json()).expect("write the report");

    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    println!("listening {}", listener.local_addr().expect("address"));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < deadline {
        let Ok((stream, _)) = listener.accept() else {
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        stream.set_nonblocking(false).expect("blocking stream");
        let mut request = String::new();
        let mut reader = BufReader::new(&stream);
        if reader.read_line(&mut request).is_err() {
            continue;
        }
        // The rest of the request's head, up to its blank line.
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let quit = request.starts_with("GET /quit");
        perfattr::metrics::publish();
        let body = if quit {
            String::from("bye\n")
        } else {
            recorder.render()
        };
        let mut stream = &stream;
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        if quit {
            return;
        }
    }
    eprintln!("metrics_export: {seconds} s passed without GET /quit");
    std::process::exit(1);
}
