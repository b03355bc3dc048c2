#[perfattr::bench_this]
struct Table {
    rows: Vec<u32>,
}

fn main() {
    let _ = Table { rows: Vec::new() }.rows;
}
