//! A log-latency parser annotated with perfattr's hints, used by the `tour` example.
//!
//! The fast path (well-formed lines) is `#[hot]`; malformed input goes through `#[cold_path]`
//! branches and a `#[cold_path]` error constructor, which the compiler lays out of the way.

pub mod intrinsics;
pub mod kernels;
pub mod modes;

use std::fmt::Write;

use perfattr::{cold_path, hot};

/// What [`summarize`] found in a log.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Lines with a valid `latency_ms=` field.
    pub parsed: u64,
    /// Sum of their latencies, in milliseconds.
    pub latency_ms: u64,
    /// The lines that could not be parsed.
    pub errors: Vec<ParseError>,
}

/// A line [`summarize`] could not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong with it.
    pub reason: &'static str,
}

/// Sums the `latency_ms=<n>` field of every line of `log`.
///
/// ```
/// let totals = perfattr_examples::summarize("GET / latency_ms=12\nGET /a latency_ms=x\n");
/// assert_eq!((totals.parsed, totals.latency_ms, totals.errors.len()), (1, 12, 1));
/// ```
#[hot]
#[must_use]
#[perfattr::bench_this(input = |lines| sample_log(lines, 1000), sizes = [1_000, 50_000])]
pub fn summarize(log: &str) -> Totals {
    let mut totals = Totals::default();
    for (index, line) in log.lines().enumerate() {
        match parse_line(line) {
            Ok(latency) => {
                totals.parsed += 1;
                totals.latency_ms += latency;
            }
            #[cold_path]
            Err(reason) => totals.errors.push(report(index + 1, reason)),
        }
    }
    totals
}

/// The latency of one line: the number after `latency_ms=`.
///
/// # Errors
/// Says why the line has no valid latency.
#[hot]
pub fn parse_line(line: &str) -> Result<u64, &'static str> {
    let Some(field) = line
        .split(' ')
        .find_map(|word| word.strip_prefix("latency_ms="))
    else {
        #[cold_path]
        return Err("no latency_ms field");
    };
    parse_u64(field)
}

/// A decimal `u64`, without sign or separators.
///
/// # Errors
/// On an empty field, a non-digit, or overflow.
#[hot(inline = never)]
#[perfattr::bench_this(args = ["7", "123456", "18446744073709551615"])]
pub fn parse_u64(field: &str) -> Result<u64, &'static str> {
    if field.is_empty() {
        #[cold_path]
        return Err("empty latency");
    }
    let mut value: u64 = 0;
    for byte in field.bytes() {
        match byte {
            b'0'..=b'9' => {
                value = value
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(digit(byte)))
                    .ok_or("latency overflows u64")?;
            }
            #[cold_path]
            _ => return Err("latency is not a number"),
        }
    }
    Ok(value)
}

#[hot(inline = always)]
fn digit(byte: u8) -> u64 {
    u64::from(byte - b'0')
}

#[cold_path]
fn report(line: usize, reason: &'static str) -> ParseError {
    ParseError { line, reason }
}

/// A log of `lines` lines of which one in `error_every` is malformed (0: none).
#[must_use]
pub fn sample_log(lines: usize, error_every: usize) -> String {
    let mut log = String::with_capacity(lines * 40);
    for i in 0..lines {
        if error_every != 0 && i % error_every == error_every - 1 {
            log.push_str("GET /health latency_ms=n/a\n");
        } else {
            // Writing to a `String` cannot fail.
            let _ = writeln!(log, "GET /item/{i} status=200 latency_ms={}", i % 97);
        }
    }
    log
}

/// A function of this crate, its hint, and where it was linked.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    /// The function's name.
    pub name: &'static str,
    /// `"hot"`, `"cold"` or `"none"`.
    pub hint: &'static str,
    /// Its address in this process.
    pub address: usize,
}

/// Where the linker put this crate's functions, for the tour's layout view. Taking a
/// function's address keeps an out-of-line copy of it in its section.
#[must_use]
pub fn layout() -> Vec<Placed> {
    let functions: [(&str, &str, *const ()); 7] = [
        ("summarize", "hot", summarize as *const ()),
        ("parse_line", "hot", parse_line as *const ()),
        ("parse_u64", "hot", parse_u64 as *const ()),
        ("digit", "hot", digit as *const ()),
        ("report", "cold", report as *const ()),
        ("sample_log", "none", sample_log as *const ()),
        ("layout", "none", layout as *const ()),
    ];
    let mut placed: Vec<Placed> = functions
        .into_iter()
        .map(|(name, hint, pointer)| Placed {
            name,
            hint,
            address: pointer as usize,
        })
        .collect();
    placed.sort_by_key(|p| p.address);
    placed
}
