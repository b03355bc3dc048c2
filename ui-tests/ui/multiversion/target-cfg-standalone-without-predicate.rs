// Outside a multiversioned function `#[target_cfg(P)]` is `#[cfg(P)]`, and still needs `P`.
#[perfattr::target_cfg]
fn wide() -> bool {
    true
}

fn main() {
    let _ = wide();
}
