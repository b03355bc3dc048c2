#[perfattr::multiversion(v3, v2)]
fn stale() -> u32 {
    7
}

fn main() {
    let _ = stale();
}
