// `target_feature` takes a string, as in `cfg`.
#[perfattr::multiversion(avx2)]
fn wide() -> usize {
    #[perfattr::target_cfg(target_feature = avx2)]
    let lanes = 8;
    #[perfattr::target_cfg(not(target_feature = "avx2"))]
    let lanes = 4;
    lanes
}

fn main() {
    let _ = wide();
}
