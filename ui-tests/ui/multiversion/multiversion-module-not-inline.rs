// `#[multiversion]` on a module needs its items inline, where the macro can see them.
#[perfattr::multiversion(avx2)]
#[path = "../../src/lib.rs"]
mod kernels;

fn main() {}
