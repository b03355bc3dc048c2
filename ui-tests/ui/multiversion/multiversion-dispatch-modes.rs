// `dispatch = …`: an unknown mode, a repeated option, a mode the function cannot have, and
// `patched` without perfattr's `patch` feature (which this crate does not enable).
use perfattr::multiversion;

#[multiversion(avx2, dispatch = fastest)]
fn unknown() {}

#[multiversion(avx2, dispatch = pointer, dispatch = branch)]
fn twice() {}

#[multiversion(avx2, dispatch = pointer)]
fn generic<T: Copy>(x: T) -> T {
    x
}

struct S;

impl S {
    #[multiversion(avx2, dispatch = pointer)]
    fn method(&self) -> u32 {
        1
    }
}

#[multiversion(avx2, dispatch = patched)]
fn opaque(values: &[u8]) -> impl Iterator<Item = &u8> {
    values.iter()
}

#[multiversion(avx2, dispatch = patched)]
fn without_the_feature() -> u32 {
    1
}

fn main() {
    unknown();
    twice();
    let _ = (generic(1), S.method(), opaque(&[1]).count(), without_the_feature());
}
