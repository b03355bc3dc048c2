//! A single multiversioned method with every receiver (`self`, `&self`, `&mut self`,
//! `Box<Self>`, `Pin<&mut Self>`) and every return that borrows from it (`Self`, `&Self`,
//! `&mut Self`, `&mut [T]`, `impl Iterator + '_` over `&mut self`) compiles and runs the clone
//! each level selects. Each method records the clone that ran (`selected!()`).
#![deny(warnings, clippy::pedantic, unused_qualifications)]

use std::cell::Cell;
use std::pin::Pin;

use perfattr::multiversion;
use perfattr::testing::for_each_level;

thread_local! {
    static RAN: Cell<&'static str> = const { Cell::new("") };
}

fn ran(clone: &'static str) {
    RAN.with(|ran| ran.set(clone));
}

fn last_ran() -> &'static str {
    RAN.with(Cell::get)
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Acc {
    values: Vec<u64>,
}

impl Acc {
    #[multiversion(avx2, sse4)]
    fn with(mut self, x: u64) -> Self {
        ran(perfattr::selected!());
        self.values.push(x);
        self
    }

    #[multiversion(avx2, sse4)]
    fn itself(&self) -> &Self {
        ran(perfattr::selected!());
        self
    }

    #[multiversion(avx2, sse4)]
    fn add_all(&mut self, xs: &[u64]) -> &mut Self {
        ran(perfattr::selected!());
        self.values.extend_from_slice(xs);
        self
    }

    #[multiversion(avx2, sse4)]
    fn slice_mut(&mut self) -> &mut [u64] {
        ran(perfattr::selected!());
        &mut self.values[..]
    }

    #[multiversion(avx2, sse4)]
    fn doubled(&mut self) -> impl Iterator<Item = &mut u64> + '_ {
        ran(perfattr::selected!());
        self.values.iter_mut().map(|v| {
            *v *= 2;
            v
        })
    }

    #[multiversion(avx2, sse4)]
    fn boxed(self: Box<Self>) -> usize {
        ran(perfattr::selected!());
        self.values.len()
    }

    #[multiversion(avx2, sse4)]
    fn pinned(self: Pin<&mut Self>) -> &mut Vec<u64> {
        ran(perfattr::selected!());
        &mut self.get_mut().values
    }
}

#[test]
fn every_receiver_and_borrowing_return_runs_the_selected_clone_on_every_level() {
    let mut levels = 0;
    for_each_level(|level| {
        levels += 1;
        let expect = |what: &str| {
            assert_eq!(last_ran(), level.name, "{what} on level {}", level.name);
        };
        let mut acc = Acc::default().with(1);
        expect("self -> Self");
        assert_eq!(acc.itself().values, [1]);
        expect("&self -> &Self");
        acc.add_all(&[2, 3]).add_all(&[4]);
        expect("&mut self -> &mut Self");
        acc.slice_mut()[0] = 10;
        expect("&mut self -> &mut [T]");
        assert_eq!(acc.doubled().map(|v| *v).collect::<Vec<_>>(), [20, 4, 6, 8]);
        expect("&mut self -> impl Iterator + '_");
        Pin::new(&mut acc).pinned().push(5);
        expect("Pin<&mut Self> -> &mut Vec");
        assert_eq!(Box::new(acc.clone()).boxed(), 5);
        expect("Box<Self>");
        assert_eq!(acc.values, [20, 4, 6, 8, 5]);
    });
    assert!(levels >= 1);
}
