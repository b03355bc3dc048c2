//! The embedded dispatch profile's errors: `PERFATTR_DISPATCH_PROFILE` names a file that is
//! missing, malformed, of another format or version, or that measured clones a function no
//! longer has (`profile-stale-clones.json` measured `stale`, the case's function in the crate
//! trybuild names `trybuild000`, with v4, v3 and the fallback). Each case builds with its own
//! profile (the variable is the whole build's, so the
//! cases run one after another, in this test binary of their own).

#[test]
fn embedded_profiles_that_cannot_be_used_are_compile_errors() {
    for case in [
        "malformed",
        "other-format",
        "newer-version",
        "missing-file",
        "stale-clones",
    ] {
        // SAFETY: this test binary runs this one test, on one thread; trybuild's cargo
        // inherits the variable.
        unsafe {
            std::env::set_var(
                "PERFATTR_DISPATCH_PROFILE",
                format!("../../../../ui-tests/ui/profile/profile-{case}.json"),
            );
        }
        trybuild::TestCases::new().compile_fail(format!("ui/profile/profile-{case}.rs"));
    }
}
