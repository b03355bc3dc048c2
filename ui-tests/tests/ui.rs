//! Every misuse perfattr guards, one mistake per file, with the compiler's output committed
//! beside it. `TRYBUILD=overwrite cargo test -p perfattr-ui-tests` regenerates the `.stderr`
//! files: read every diff.

#[test]
fn hints() {
    trybuild::TestCases::new().compile_fail("ui/hints/*.rs");
}

#[test]
fn multiversion() {
    trybuild::TestCases::new().compile_fail("ui/multiversion/*.rs");
}

#[test]
fn pass() {
    trybuild::TestCases::new().pass("ui/pass/*.rs");
}

#[test]
fn bench() {
    trybuild::TestCases::new().compile_fail("ui/bench/*.rs");
}

#[test]
fn counters() {
    trybuild::TestCases::new().compile_fail("ui/counters/*.rs");
}
