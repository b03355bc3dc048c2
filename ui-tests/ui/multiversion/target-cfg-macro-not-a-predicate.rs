// `target_cfg!` takes a `cfg` predicate, not an expression.
#[perfattr::multiversion(avx2)]
fn wide() -> bool {
    perfattr::target_cfg!(1 + 1)
}

fn main() {
    let _ = wide();
}
