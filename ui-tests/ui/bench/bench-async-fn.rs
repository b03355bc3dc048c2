#[perfattr::bench_this]
async fn fetch() -> u32 {
    7
}

fn main() {
    let _ = fetch();
}
