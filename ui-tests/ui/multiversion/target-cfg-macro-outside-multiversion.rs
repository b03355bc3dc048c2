// `target_cfg!` exists only inside a clone; elsewhere `cfg!` says the same.
fn wide() -> bool {
    perfattr::target_cfg!(target_feature = "avx2")
}

fn main() {
    let _ = wide();
}
