#[perfattr::hot]
#[perfattr::cold_path]
fn parse(x: u32) -> u32 {
    x
}

fn main() {
    let _ = parse(1);
}
