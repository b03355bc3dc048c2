//! `perfattr::metrics::publish` through a real exporter's recorder (`metrics-exporter-prometheus`,
//! rendered as Prometheus text): every series equals the counter report, threads that ended
//! included, and grows with the counts. (`scripts/prometheus.sh` lets a Prometheus server
//! scrape the same series.)

use perfattr_examples::{kernels, sample_log, summarize};

/// The value of the series `metric` whose labels include every one of `labels`.
fn value(text: &str, metric: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines()
        .filter(|line| line.starts_with(&format!("{metric}{{")))
        .find(|line| {
            labels
                .iter()
                .all(|(key, value)| line.contains(&format!("{key}=\"{value}\"")))
        })
        .and_then(|line| line.rsplit(' ').next()?.parse().ok())
}

#[test]
fn published_series_equal_the_report_and_only_grow() {
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new()
        .install_recorder()
        .expect("the only recorder of this test binary");
    // Counted on a thread that has ended by the time anything is published.
    std::thread::spawn(|| kernels::checksum(1_000))
        .join()
        .unwrap();
    let check = || {
        perfattr::metrics::publish();
        let text = recorder.render();
        let report = perfattr::counters::report();
        let cpu = perfattr::cpu::identity().to_string();
        let mut clones_ran = 0;
        for site in &report.sites {
            let kind = site.kind.name();
            let labels = [
                ("path", site.path.as_str()),
                ("kind", kind),
                ("location", site.location.as_str()),
            ];
            #[allow(clippy::cast_precision_loss)]
            let count = site.count as f64;
            assert_eq!(
                value(&text, "perfattr_site_calls_total", &labels),
                Some(count),
                "{}",
                site.path
            );
            if let Some((function, clone)) = site.path.rsplit_once(" [") {
                let labels = [
                    ("function", function),
                    ("clone", clone.trim_end_matches(']')),
                    ("cpu", cpu.as_str()),
                ];
                assert_eq!(
                    value(&text, "perfattr_clone_calls_total", &labels),
                    Some(count)
                );
                clones_ran += usize::from(site.count > 0);
            }
        }
        assert!(clones_ran > 0, "no clone ran:\n{text}");
        for function in perfattr::report::dispatch().functions {
            let labels = [("function", function.name), ("clone", function.selected)];
            assert_eq!(
                value(&text, "perfattr_clone_selected", &labels),
                Some(1.0),
                "{}",
                function.name
            );
        }
        let parsed = [("path", "perfattr_examples::summarize"), ("kind", "hot")];
        value(&text, "perfattr_site_calls_total", &parsed).unwrap_or(0.0)
    };
    let before = check();
    let _ = summarize(&sample_log(100, 10));
    let after = check();
    assert!(after >= before + 1.0, "summarize: {before} then {after}");
}
