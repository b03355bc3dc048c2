//! The audit: a row per counter site (the clones of a multiversioned function share one), and
//! what each is compared with: the loop, closure or function around a branch, the hot code
//! that calls a cold or hot function, all counted hot calls for a hot function no counted hot
//! code calls.

use std::format;
use std::string::String;
use std::vec::Vec;

use super::calls;
use super::site::{SITES, Site};
use crate::report::counts::{ALL_HOT, CounterReport, Kind, SiteCount, Thresholds};

/// The report of `totals` (one count per entry of [`SITES`], in its order): a row per site,
/// each with what it is compared with, judged under `thresholds`.
pub fn report(totals: &[u64], thresholds: Thresholds) -> CounterReport {
    let groups = rows();
    let mut row_of = std::vec![0usize; SITES.len()];
    let mut sites: Vec<SiteCount> = Vec::new();
    let mut firsts: Vec<&Site> = Vec::new();
    for group in &groups {
        let site = &SITES[group[0]];
        let count = group
            .iter()
            .map(|&i| totals.get(i).copied().unwrap_or(0))
            .fold(0, u64::wrapping_add);
        for &i in group {
            row_of[i] = sites.len();
        }
        firsts.push(site);
        let (label, path) = label(site);
        sites.push(SiteCount {
            kind: site.kind,
            label,
            path,
            module_path: site.module_path,
            location: site.location(),
            count,
            has_loop: site.has_loop,
            reference: None,
            inclusive: None,
            share: None,
            flagged: false,
            verdict: String::new(),
            note: None,
        });
    }
    refer_branches(&mut sites, &firsts, &row_of);
    let paths: Vec<String> = firsts.iter().map(|site| site.function_path()).collect();
    refer_cold(&mut sites, &firsts, &paths);
    refer_hot(&mut sites, &firsts, &paths);
    refer_clones(&mut sites, &firsts);
    let mut report = CounterReport::judged(sites, thresholds);
    report.count_cost_ns = Some(super::cost::per_count_ns());
    report
}

/// The report of every thread's `totals`, under the default thresholds, saying how many other
/// threads hold leaf counts it cannot see yet.
pub fn of_all_threads(totals: &[u64]) -> CounterReport {
    let mut report = report(totals, Thresholds::default());
    report.busy_threads = super::threads::busy_others();
    report
}

/// Branches and regions: the region or function around them; a `cold!` marker, the counted
/// function it is in, found by its path.
fn refer_branches(sites: &mut [SiteCount], firsts: &[&Site], row_of: &[usize]) {
    for row in 0..sites.len() {
        let site = firsts[row];
        let parent = site.parent.and_then(|parent| {
            SITES
                .iter()
                .position(|s| core::ptr::eq(s, parent))
                .map(|i| row_of[i])
        });
        let parent = parent.or_else(|| {
            if site.kind != Kind::Branch {
                return None;
            }
            let function = site.function_path();
            (0..sites.len()).find(|&other| {
                matches!(sites[other].kind, Kind::Hot | Kind::Cold) && sites[other].path == function
            })
        });
        if let Some(parent) = parent {
            sites[row].reference = Some((sites[parent].label.clone(), sites[parent].count));
        }
    }
}

/// Cold functions: the hot functions and counted regions of the same crate whose calls
/// reach them.
fn refer_cold(sites: &mut [SiteCount], firsts: &[&Site], paths: &[String]) {
    let resolved = calls::resolve(firsts, paths, |site| site.calls);
    for row in 0..sites.len() {
        if firsts[row].kind != Kind::Cold || ambiguous(sites, &resolved, row) {
            continue;
        }
        let callers: Vec<usize> = (0..sites.len())
            .filter(|&caller| resolved.calls(caller, row))
            .collect();
        if !callers.is_empty() {
            sites[row].reference = Some(joined(sites, &callers));
        }
    }
}

/// Hot functions: the counted hot code of the same crate whose calls reach them. One that none
/// reaches is an entry point when it reaches hot code itself: all counted hot calls, which its
/// own and those of the hot code it reaches are compared with. One that reaches none either (a
/// helper only unannotated code calls), or `Drop::drop` (the compiler calls it), is not judged.
fn refer_hot(sites: &mut [SiteCount], firsts: &[&Site], paths: &[String]) {
    let resolved = calls::resolve(firsts, paths, |site| site.reaches);
    let hot: Vec<usize> = (0..sites.len())
        .filter(|&row| firsts[row].kind == Kind::Hot)
        .collect();
    let calls = |caller: usize, callee: usize| {
        firsts[caller].kind == Kind::Hot
            && firsts[callee].kind == Kind::Hot
            && resolved.calls(caller, callee)
    };
    let total = hot
        .iter()
        .fold(0u64, |sum, &row| sum.wrapping_add(sites[row].count));
    for &row in &hot {
        if ambiguous(sites, &resolved, row) {
            continue;
        }
        let callers: Vec<usize> = hot.iter().copied().filter(|&c| calls(c, row)).collect();
        if !callers.is_empty() {
            sites[row].reference = Some(joined(sites, &callers));
            continue;
        }
        let reaches_hot = hot.iter().any(|&callee| calls(row, callee));
        if !reaches_hot || paths[row].ends_with(" as core::ops::drop::Drop>::drop") {
            sites[row].note = Some("not judged: no counted caller".into());
            continue;
        }
        let mut seen = std::vec![false; sites.len()];
        seen[row] = true;
        let (mut stack, mut work) = (std::vec![row], 0u64);
        while let Some(at) = stack.pop() {
            work = work.wrapping_add(sites[at].count);
            for &callee in &hot {
                if !seen[callee] && calls(at, callee) {
                    seen[callee] = true;
                    stack.push(callee);
                }
            }
        }
        sites[row].reference = Some((ALL_HOT.into(), total));
        sites[row].inclusive = Some(work);
    }
}

/// Whether a call that fits several functions may reach `row`; if so, its note names them.
fn ambiguous(sites: &mut [SiteCount], resolved: &calls::Resolved, row: usize) -> bool {
    let Some((caller, candidates)) = resolved
        .ambiguous
        .iter()
        .find(|(_, candidates)| candidates.contains(&row))
    else {
        return false;
    };
    let names: Vec<String> = candidates
        .iter()
        .map(|&c| format!("`{}`", sites[c].label))
        .collect();
    sites[row].note = Some(format!(
        "ambiguous: {} (a call in {} may be any of them): not judged",
        names.join(", "),
        sites[*caller].label
    ));
    true
}

/// A clone's calls: all calls of its function's clones, under the function's label.
fn refer_clones(sites: &mut [SiteCount], firsts: &[&Site]) {
    let function = |row: usize| firsts[row].function_path();
    let clones: Vec<usize> = (0..sites.len())
        .filter(|&row| firsts[row].kind == Kind::Clone)
        .collect();
    for &row in &clones {
        let path = function(row);
        let total = clones
            .iter()
            .filter(|&&other| function(other) == path)
            .fold(0u64, |sum, &other| sum.wrapping_add(sites[other].count));
        let label = sites[row]
            .label
            .rsplit_once(" [")
            .map_or(sites[row].label.clone(), |(label, _)| label.into());
        sites[row].reference = Some((label, total));
    }
}

/// The reference made of `rows`: their labels joined by ` + `, and their summed count.
fn joined(sites: &[SiteCount], rows: &[usize]) -> (String, u64) {
    let names: Vec<&str> = rows.iter().map(|&r| sites[r].label.as_str()).collect();
    let count = rows
        .iter()
        .fold(0u64, |sum, &r| sum.wrapping_add(sites[r].count));
    (names.join(" + "), count)
}

/// The sites of each row (indices into [`SITES`]), in source order. The clones of a
/// multiversioned function each have their own copy of a site: one row. The macros' sites are
/// merged by their identity (in their crate), `count!` sites by location. A row is led by the
/// site whose module is first (a `#[multiversion] mod`'s own, not its clones' submodules).
fn rows() -> Vec<Vec<usize>> {
    let key = |site: &Site| match site.id {
        0 => (
            site.module_path,
            site.file,
            site.line,
            site.column,
            site.kind,
            0,
        ),
        id => (calls::crate_of(site.module_path), "", 0, 0, site.kind, id),
    };
    let mut order: Vec<usize> = (0..SITES.len()).collect();
    order.sort_by_key(|&i| (key(&SITES[i]), SITES[i].module_path));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in order {
        match groups.last_mut() {
            Some(group) if key(&SITES[group[0]]) == key(&SITES[i]) => group.push(i),
            _ => groups.push(std::vec![i]),
        }
    }
    groups.sort_by_key(|group| {
        let site = &SITES[group[0]];
        (
            site.module_path,
            site.file,
            site.line,
            site.column,
            site.kind,
        )
    });
    groups
}

/// The row's label, relative to its module (`Request::parse:42`), and its full path
/// (`app::Request::parse:42`).
fn label(site: &Site) -> (String, String) {
    let path = site.function_path();
    let suffix = match site.kind {
        Kind::Hot | Kind::Cold | Kind::Named => String::new(),
        Kind::Clone => format!(" [{}]", site.target),
        Kind::Branch => format!(":{}", site.line),
        Kind::Loop => format!(":{}:loop", site.line),
        Kind::Closure => format!(":{}:closure", site.line),
    };
    let module = module_of(site.module_path);
    // A method whose `impl` is in another module than its type is named from its type's module.
    let module = if path.starts_with(&format!("{module}::")) || path.starts_with('<') {
        module
    } else {
        crate::path::split_last(&path)
            .and_then(|(owner, _)| crate::path::split_last(owner))
            .map_or(module, |(owner_module, _)| owner_module.into())
    };
    let label = match site.kind {
        Kind::Named => site.name.into(),
        _ => crate::path::relative(&path, &module),
    };
    (format!("{label}{suffix}"), format!("{path}{suffix}"))
}

/// `module_path` without the hidden modules of a `#[multiversion] mod`'s clones.
fn module_of(module_path: &str) -> String {
    module_path
        .split("::")
        .filter(|segment| !segment.starts_with("__perfattr_"))
        .collect::<Vec<_>>()
        .join("::")
}
