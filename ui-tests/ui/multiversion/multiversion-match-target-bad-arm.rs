// `match_target!` arms are string targets (or `_`) with `=>`.
#[perfattr::multiversion(avx2)]
fn bits() -> u32 {
    perfattr::match_target! {
        avx2 => 256,
        _ => 128,
    }
}

fn main() {
    let _ = bits();
}
