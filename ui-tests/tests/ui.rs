//! Every misuse perfattr guards, one mistake per file, with the compiler's output committed
//! beside it. `TRYBUILD=overwrite cargo test -p perfattr-ui-tests` regenerates the `.stderr`
//! files: read every diff.

#[test]
fn hints() {
    trybuild::TestCases::new().compile_fail("ui/hints/*.rs");
}
