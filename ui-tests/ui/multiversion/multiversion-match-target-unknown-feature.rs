// A misspelled feature in a `match_target!` target.
#[perfattr::multiversion(avx2)]
fn bits() -> u32 {
    perfattr::match_target! {
        "x86_64+avx3" => 512,
        _ => 128,
    }
}

fn main() {
    let _ = bits();
}
