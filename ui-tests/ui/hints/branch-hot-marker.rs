#[perfattr::cold_path]
fn report(input: Option<u32>) -> u32 {
    match input {
        #[hot]
        Some(x) => x,
        None => 0,
    }
}

fn main() {
    let _ = report(Some(1));
}
