//! The audit: a row per counter site (the clones of a multiversioned function share one), and
//! what each is compared with: the loop, closure or function around a branch, the hot code
//! that calls a cold function, the busiest hot code for a hot function.

use std::format;
use std::string::String;
use std::vec::Vec;

use super::site::{SITES, Site};
use crate::report::counts::{CounterReport, Kind, SiteCount, Thresholds};

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
        sites.push(SiteCount {
            kind: site.kind,
            label: label(site),
            module_path: site.module_path,
            location: site.location(),
            count,
            has_loop: site.has_loop,
            reference: None,
            share: None,
            flagged: false,
            verdict: String::new(),
        });
    }
    let index_of = |site: &Site| {
        SITES
            .iter()
            .position(|s| core::ptr::eq(s, site))
            .map(|i| row_of[i])
    };
    // Branches and regions: the region or function around them.
    let parents: Vec<Option<usize>> = firsts
        .iter()
        .map(|site| site.parent.and_then(index_of))
        .collect();
    for (row, parent) in parents.iter().enumerate() {
        if let Some(parent) = *parent {
            sites[row].reference = Some((sites[parent].label.clone(), sites[parent].count));
        }
    }
    // Cold functions: the hot functions and counted regions of the same crate that call
    // them by name.
    for row in 0..sites.len() {
        let site = firsts[row];
        if site.kind != Kind::Cold {
            continue;
        }
        let krate = crate_of(site.module_path);
        let callers: Vec<usize> = (0..sites.len())
            .filter(|&other| {
                let caller = firsts[other];
                crate_of(caller.module_path) == krate && caller.calls.contains(&site.name)
            })
            .collect();
        if !callers.is_empty() {
            let names: Vec<&str> = callers.iter().map(|&c| sites[c].label.as_str()).collect();
            let count = callers
                .iter()
                .fold(0u64, |sum, &c| sum.wrapping_add(sites[c].count));
            sites[row].reference = Some((names.join(" + "), count));
        }
    }
    // Hot functions: the busiest hot code.
    let busiest = (0..sites.len())
        .filter(|&row| matches!(sites[row].kind, Kind::Hot | Kind::Loop | Kind::Closure))
        .max_by_key(|&row| sites[row].count);
    if let Some(busiest) = busiest {
        let reference = (sites[busiest].label.clone(), sites[busiest].count);
        for (row, site) in firsts.iter().enumerate() {
            if site.kind == Kind::Hot && row != busiest {
                sites[row].reference = Some(reference.clone());
            }
        }
    }
    CounterReport::judged(sites, thresholds)
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
        id => (crate_of(site.module_path), "", 0, 0, site.kind, id),
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

fn label(site: &Site) -> String {
    match site.kind {
        Kind::Hot | Kind::Cold | Kind::Named => site.name.into(),
        Kind::Branch => format!("{}:{}", site.name, site.line),
        Kind::Loop => format!("{}:{}:loop", site.name, site.line),
        Kind::Closure => format!("{}:{}:closure", site.name, site.line),
    }
}

fn crate_of(module_path: &str) -> &str {
    module_path.split("::").next().unwrap_or(module_path)
}
