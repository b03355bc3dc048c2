// Hidden clone names cannot collide, whatever the methods, traits, generic arguments and
// modules: each pair below collided before (E0592, "duplicate definitions with name
// `__perfattr_…`").
#![deny(warnings)]

use perfattr::multiversion;

pub struct S(u32);

pub trait Foo {
    fn bar(&self) -> u32;
}

pub trait Scale<T> {
    fn scale(&self, by: T) -> u32;
}

mod a {
    pub trait Twice {
        fn twice(&self) -> u32;
    }
}

mod b {
    pub trait Twice {
        fn twice(&self) -> u32;
    }
}

// An inherent `foo_bar` beside trait `Foo`'s `bar`.
#[multiversion(avx2, sse4)]
impl S {
    pub fn foo_bar(&self) -> u32 {
        self.0 + 1
    }
}

// `foo` at `avx2+fma` beside `foo_avx2` at `fma`.
#[multiversion(avx2 + fma)]
impl S {
    pub fn foo(&self) -> u32 {
        self.0 + 2
    }
}

#[multiversion(avx2, sse4)]
impl Foo for S {
    fn bar(&self) -> u32 {
        self.0 + 3
    }
}

#[multiversion(fma)]
impl S {
    pub fn foo_avx2(&self) -> u32 {
        self.0 + 4
    }
}

// One generic trait, two arguments.
#[multiversion(avx2, sse4)]
impl Scale<u8> for S {
    fn scale(&self, by: u8) -> u32 {
        self.0 * u32::from(by)
    }
}

#[multiversion(avx2, sse4)]
impl Scale<u16> for S {
    fn scale(&self, by: u16) -> u32 {
        self.0 * u32::from(by) + 1
    }
}

// Two traits of one name, in two modules.
#[multiversion(avx2, sse4)]
impl a::Twice for S {
    fn twice(&self) -> u32 {
        self.0 * 2
    }
}

#[multiversion(avx2, sse4)]
impl b::Twice for S {
    fn twice(&self) -> u32 {
        self.0 * 2 + 1
    }
}

fn main() {
    let s = S(10);
    assert_eq!(s.foo_bar(), 11);
    assert_eq!(s.foo(), 12);
    assert_eq!(Foo::bar(&s), 13);
    assert_eq!(s.foo_avx2(), 14);
    assert_eq!(Scale::<u8>::scale(&s, 2), 20);
    assert_eq!(Scale::<u16>::scale(&s, 2), 21);
    assert_eq!(a::Twice::twice(&s), 20);
    assert_eq!(b::Twice::twice(&s), 21);
}
