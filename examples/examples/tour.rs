//! A tour of perfattr: what the hints do to a real workload and to the program's layout.
//!
//! Run it with `cargo run --release -p perfattr-examples --example tour`.

use perfattr_examples::{Placed, kernels, layout, sample_log, summarize};

fn main() {
    println!("perfattr tour\n");
    hints();
    placement();
    dispatch();
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
    println!("\n3. Dispatch: #[multiversion(v3, v2)] kernels on this CPU");
    println!("   detected features: {}", perfattr::cpu::detected());
    let checksum = kernels::checksum(10_000);
    println!("   kernel results (bits): {checksum:?}");
    let report = perfattr::report::dispatch();
    for line in report.to_string().lines() {
        println!("   {line}");
    }
    println!("   (PERFATTR_DISABLE=v3 or =all reruns this on the v2 or fallback clones)");
}
