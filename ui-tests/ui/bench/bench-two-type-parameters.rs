#[perfattr::bench_this(types = [u8, u64])]
fn convert<A: Default, B: From<A>>() -> B {
    B::from(A::default())
}

fn main() {
    let _: u64 = convert::<u8, u64>();
}
