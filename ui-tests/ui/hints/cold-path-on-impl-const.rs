struct Limits;

impl Limits {
    #[perfattr::cold_path]
    const MAX: u32 = 10;
}

fn main() {
    let _ = Limits::MAX;
}
