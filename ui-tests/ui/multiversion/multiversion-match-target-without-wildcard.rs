// The fallback clone has no target: `match_target!` needs `_ => …` last.
#[perfattr::multiversion(avx2)]
fn bits() -> u32 {
    perfattr::match_target! {
        "avx2" => 256,
    }
}

fn main() {
    let _ = bits();
}
