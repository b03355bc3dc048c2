//! Verdicts that must never advise wrongly: calls resolve to the function the code calls
//! (`self.inner()` in `impl Resp` is `Resp::inner`), a call the macros cannot resolve says
//! "ambiguous", a function no counted code calls by name is not judged as an entry point, a
//! function that did not run has no share, and a method is labelled `S::f` whatever module
//! holds its `impl`. Each test reproduces a wrong verdict of an earlier release.
#![deny(warnings, clippy::pedantic)]
#![allow(clippy::unused_self)] // methods on unit types, as the shapes under test need

use perfattr::counters::{self, CounterReport};

fn row<'a>(report: &'a CounterReport, label: &str) -> &'a perfattr::report::SiteCount {
    report
        .sites
        .iter()
        .find(|site| site.label == label)
        .unwrap_or_else(|| panic!("no row `{label}` in\n{report}"))
}

/// Two types with a method of the same name; each `parse` calls its own.
mod same_name {
    pub struct Req;
    pub struct Resp;

    impl Req {
        #[perfattr::hot]
        pub fn parse(&self, n: u32) -> u32 {
            let mut sum = 0;
            for i in 0..n {
                sum += self.inner(i);
            }
            sum
        }

        #[perfattr::hot]
        fn inner(&self, i: u32) -> u32 {
            i + 1
        }
    }

    impl Resp {
        #[perfattr::hot]
        pub fn parse(&self) -> u32 {
            self.inner()
        }

        #[perfattr::hot]
        fn inner(&self) -> u32 {
            7
        }
    }
}

#[test]
fn a_method_call_on_self_resolves_to_the_method_of_its_own_impl() {
    let counts = counters::measure(|| {
        for _ in 0..10_000 {
            same_name::Req.parse(3);
        }
        same_name::Resp.parse();
    });
    // `Resp::inner` runs on every call of `Resp::parse`: compared with it alone.
    let resp = row(&counts, "Resp::inner");
    assert_eq!(resp.reference, Some(("Resp::parse".into(), 1)), "{counts}");
    assert!(!resp.flagged, "{counts}");
    let req = row(&counts, "Req::inner");
    assert_eq!(req.reference, Some(("Req::parse".into(), 10_000)));
}

/// A method called on a value of a type the macro cannot tell: the callee's verdict says so.
mod ambiguous {
    pub struct A;
    pub struct B;

    impl A {
        #[perfattr::hot]
        pub fn step(&self) -> u32 {
            1
        }
    }

    impl B {
        #[perfattr::hot]
        pub fn step(&self) -> u32 {
            2
        }
    }

    #[perfattr::hot]
    pub fn run(a: &A, b: &B, n: u32) -> u32 {
        let mut sum = 0;
        for i in 0..n {
            sum += if i == 0 { b.step() } else { a.step() };
        }
        sum
    }
}

#[test]
fn a_call_the_macros_cannot_resolve_is_ambiguous_not_advice() {
    let counts = counters::measure(|| {
        ambiguous::run(&ambiguous::A, &ambiguous::B, 10_000);
    });
    for label in ["A::step", "B::step"] {
        let site = row(&counts, label);
        assert!(!site.flagged, "{counts}");
        assert!(site.verdict.starts_with("ambiguous:"), "{counts}");
        assert!(
            site.verdict.contains("`A::step`") && site.verdict.contains("`B::step`"),
            "{counts}"
        );
    }
}

/// Reached only by the compiler (`Drop`) or from unannotated code.
mod no_caller {
    pub struct Guard;

    impl Drop for Guard {
        #[perfattr::hot]
        fn drop(&mut self) {}
    }

    #[perfattr::hot]
    pub fn helper(x: u32) -> u32 {
        x + 1
    }

    #[perfattr::hot]
    pub fn entry(n: u32) -> u32 {
        let mut sum = 0;
        for i in 0..n {
            sum ^= step(i);
        }
        sum
    }

    #[perfattr::hot]
    fn step(i: u32) -> u32 {
        i ^ 1
    }

    /// Never called: its row shows a count of 0 and no share.
    #[allow(dead_code)]
    #[perfattr::hot]
    pub fn unused_entry(n: u32) -> u32 {
        step(n)
    }
}

#[test]
fn a_function_no_counted_code_calls_by_name_is_not_judged_as_an_entry_point() {
    let counts = counters::measure(|| {
        drop(no_caller::Guard);
        no_caller::helper(1);
        no_caller::entry(100_000);
    });
    let drop = counts
        .sites
        .iter()
        .find(|site| site.path.ends_with("Drop>::drop"))
        .unwrap_or_else(|| panic!("{counts}"));
    for site in [drop, row(&counts, "helper")] {
        assert_eq!(site.count, 1, "{counts}");
        assert!(!site.flagged, "{counts}");
        assert_eq!(site.verdict, "not judged: no counted caller", "{counts}");
        assert_eq!(site.share, None, "{counts}");
    }
    // An entry point that reaches counted hot code is still judged as one.
    let entry = row(&counts, "entry");
    assert_eq!(entry.note, None, "{counts}");
    assert_eq!(entry.inclusive, Some(1 + 100_000), "{counts}");
}

#[test]
fn a_function_that_did_not_run_has_no_share() {
    let counts = counters::measure(|| {
        no_caller::entry(10);
    });
    let unused = row(&counts, "unused_entry");
    assert_eq!(unused.count, 0);
    assert_eq!(unused.share, None, "{counts}");
    assert_eq!(unused.verdict, "not run", "{counts}");
    assert!(
        !counts
            .to_string()
            .lines()
            .any(|line| { line.contains("no_caller::unused_entry") && line.contains('%') })
    );
}

/// A method whose `impl` is in another module than its type.
mod types {
    pub struct Parser;
}

mod impls {
    impl super::types::Parser {
        #[perfattr::hot]
        pub fn feed(&self, x: u32) -> u32 {
            x + 2
        }
    }
}

#[test]
fn a_method_is_labelled_by_its_type_whatever_module_holds_its_impl() {
    let counts = counters::measure(|| {
        types::Parser.feed(1);
    });
    let site = counts
        .sites
        .iter()
        .find(|site| site.path.ends_with("feed"))
        .unwrap_or_else(|| panic!("{counts}"));
    assert_eq!(site.label, "Parser::feed", "{counts}");
    assert_eq!(site.path, "verdicts::types::Parser::feed", "{counts}");
    assert_eq!(counts.count("Parser::feed"), 1);
}

#[test]
fn the_report_says_what_counting_cost_and_which_site_made_most_of_it() {
    let counts = counters::measure(|| {
        no_caller::entry(999);
    });
    let (site, share) = counts.dominant_cost().expect("one site made most counts");
    assert_eq!(site.label, "step");
    assert!((share - 999.0 / 1000.0).abs() < 1e-12, "{share}");
    let ns = counts.count_cost_ns.expect("measured");
    assert!(ns > 0.0 && ns < 1000.0, "{ns}");
    let text = counts.to_string();
    assert!(
        text.contains("counting cost: 1000 counts, at most about"),
        "{text}"
    );
    assert!(
        text.contains(
            "no_caller::step made 100% of the counts: `count = false` on it would remove 100% \
             of counting's cost"
        ),
        "{text}"
    );
    // The cost column: step's share of the counts.
    let line = text
        .lines()
        .find(|line| line.contains("no_caller::step"))
        .unwrap();
    assert!(line.contains("100%"), "{line}");
}
