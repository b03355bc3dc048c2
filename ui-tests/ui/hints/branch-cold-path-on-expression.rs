#[perfattr::hot]
fn parse(input: Option<u32>) -> u32 {
    let fallback = 0;
    input.unwrap_or(#[cold_path] fallback)
}

fn main() {
    let _ = parse(Some(1));
}
