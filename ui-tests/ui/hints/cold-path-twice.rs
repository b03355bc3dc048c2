use perfattr::cold_path;

#[cold_path]
#[perfattr::cold_path]
fn report(x: u32) -> u32 {
    x
}

fn main() {
    let _ = report(1);
}
