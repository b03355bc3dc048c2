#[perfattr::cold_path]
#[inline]
fn report(x: u32) -> u32 {
    x
}

fn main() {
    let _ = report(1);
}
