//! Embeds the kernels' dispatch profile (`cargo bench -p perfattr-examples --bench perfattr`
//! writes one per machine; `--merge-profiles` combines them): each multiversioned function's
//! first call picks the clone measured fastest on this CPU model, where the profile knows it.
fn main() {
    println!("cargo::rustc-env=PERFATTR_DISPATCH_PROFILE=perfattr-dispatch.json");
}
