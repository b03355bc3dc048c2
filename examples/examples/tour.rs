//! A tour of perfattr: what the hints do to a real workload and to the program's layout.
//!
//! Run it with `cargo run --release -p perfattr-examples --example tour`.

use perfattr_examples::{Placed, kernels, layout, sample_log, summarize};

fn main() {
    println!("perfattr tour\n");
    hints();
    placement();
    dispatch();
    audit();
    verdicts();
}

/// The annotated parser at work: the cold paths handle the malformed lines.
fn hints() {
    println!("1. Hints: #[hot] parser, #[cold_path] error branches");
    let log = sample_log(100_000, 1_000);
    let totals = summarize(&log);
    println!(
        "   {} lines parsed, {} ms total latency, {} malformed lines took the cold path",
        totals.parsed,
        totals.latency_ms,
        totals.errors.len()
    );
    if let Some(first) = totals.errors.first() {
        println!("   first: line {}: {}", first.line, first.reason);
    }
    println!();
}

/// Function addresses in this process: hot code should sit together, cold code elsewhere.
fn placement() {
    println!("2. Placement: this crate's functions, by address");
    let placed = layout();
    let base = placed[0].address;
    for p in &placed {
        println!("   +{:#08x}  {:<5} {}", p.address - base, p.hint, p.name);
    }
    let hot: Vec<&Placed> = placed.iter().filter(|p| p.hint == "hot").collect();
    let (first, last) = (hot[0].address, hot[hot.len() - 1].address);
    let intruders: Vec<&str> = placed
        .iter()
        .filter(|p| p.hint != "hot" && (first..=last).contains(&p.address))
        .map(|p| p.name)
        .collect();
    if !cfg!(target_os = "linux") {
        println!("   (not an ELF target: only the inline hints apply here)");
    } else if intruders.is_empty() {
        println!(
            "   the {} hot functions are packed in {} bytes, with no other function between them",
            hot.len(),
            last - first
        );
    } else {
        println!(
            "   hot functions are interleaved with: {}",
            intruders.join(", ")
        );
        println!("   (a debug build, or a linker that ignores .text.hot: see the README)");
    }
}

/// The multiversioned kernels: which clone this CPU runs, and that every clone agrees.
fn dispatch() {
    println!(
        "\n3. Dispatch: #[multiversion(v4 + avx512vpopcntdq + avx512vnni, v4, v3, v2)] kernels on this CPU"
    );
    println!("   detected features: {}", perfattr::cpu::detected());
    let checksum = kernels::checksum(10_000);
    println!("   kernel results (bits): {checksum:?}");
    let report = perfattr::report::dispatch();
    for line in report.to_string().lines() {
        println!("   {line}");
    }
    println!("   (PERFATTR_DISABLE=v4, =v3 or =all reruns this on the v3, v2 or fallback clones;");
    println!("   the kernels embed examples/perfattr-dispatch.json, measured by `cargo bench`:");
    println!(
        "   on a CPU model it measured, a clone measured faster than the rank's runs instead)"
    );
}

/// What a response status means to the traffic summary below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Ok,
    Redirect,
    Error,
}

/// Classifies a response status. The redirect arm is marked cold on purpose, and wrongly:
/// a quarter of the tour's traffic is redirects. The counters catch it.
#[perfattr::hot]
fn classify(status: u16) -> Class {
    match status {
        200..=299 => Class::Ok,
        #[cold_path]
        300..=399 => Class::Redirect,
        #[cold_path]
        _ => Class::Error,
    }
}

/// The counters: every hinted function and branch of the tour's workloads, how often it ran,
/// and the hints that this run contradicts.
fn audit() {
    println!("\n4. Audit: how often the hinted code ran, and which hints this run contradicts");
    let mut tally = [0u32; 3];
    for i in 0..100_000u32 {
        // One response in four is a redirect, one in a thousand an error.
        let status: u16 = match i {
            i if i % 1000 == 999 => 503,
            i if i % 4 == 3 => 301,
            _ => 200,
        };
        tally[classify(status) as usize] += 1;
    }
    println!(
        "   {} ok, {} redirects, {} errors classified",
        tally[0], tally[1], tally[2]
    );
    // `report::full()` holds the counters and the dispatch table of section 3.
    let report = perfattr::report::full();
    let Some(counters) = &report.counters else {
        println!("   (perfattr's `counters` feature is off: nothing was counted)");
        return;
    };
    for line in counters.to_string().lines() {
        println!("   {line}");
    }
    let flagged: Vec<String> = counters.flagged().map(|site| site.label.clone()).collect();
    let wrong = counters.branches("classify");
    let expected = wrong.first().map(|site| site.label.clone());
    if flagged.len() == 1 && flagged.first() == expected.as_ref() {
        println!(
            "   flagged: exactly the deliberately wrong #[cold_path] (`{}`), as intended",
            flagged[0]
        );
    } else {
        eprintln!("tour: expected exactly {expected:?} to be flagged, got {flagged:?}");
        std::process::exit(1);
    }
    println!("   (PERFATTR_COUNTERS=report.json writes this report at exit, as JSON)");
}

/// The kernels' clones measured side by side on this CPU (what `cargo bench` prints after each
/// kernel's benchmarks): whether the clone dispatch picks pays, and which targets do not.
fn verdicts() {
    let time = std::time::Duration::from_millis(400);
    println!(
        "\n5. Verdicts: each kernel's clones measured side by side here ({} ms each, interleaved)",
        time.as_millis()
    );
    let settings = perfattr::bench::Settings {
        time,
        ..Default::default()
    };
    let comparisons = perfattr::bench::compare_where(|name| name.contains("::kernels::"), settings);
    for comparison in &comparisons {
        let name = comparison
            .id
            .rsplit_once("::")
            .map_or(comparison.id.as_str(), |(_, name)| name)
            .replace("/compare", "");
        let selected = comparison.selected_row().map(|row| &row.vs_fallback);
        match selected {
            Some(ratio) => println!(
                "   {name:<20} {} runs in {:.2}x the fallback's time [{:.2}, {:.2}]",
                comparison.selected, ratio.median, ratio.low, ratio.high
            ),
            None => println!("   {name:<20} {}", comparison.selected),
        }
        for verdict in &comparison.verdicts {
            println!("     - {}", verdict.text);
        }
    }
    println!(
        "   (`cargo bench -p perfattr-examples --bench perfattr` prints these with every clone's times)"
    );
}
