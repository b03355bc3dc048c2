// A feature name `target_cfg` does not know (a typo of `avx512bw`).
#[perfattr::multiversion(v4)]
fn wide() -> bool {
    perfattr::target_cfg!(target_feature = "avx512bx")
}

fn main() {
    let _ = wide();
}
