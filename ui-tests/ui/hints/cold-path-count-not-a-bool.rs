// `count` takes a boolean literal.
#[perfattr::cold_path(count = 0)]
fn rare(x: u32) -> u32 {
    x
}

fn main() {
    let _ = rare(1);
}
