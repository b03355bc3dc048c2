// With counters on, hinted `const fn`s (which cannot count) and generic functions, methods,
// branch markers in loops and closures all compile without warnings.
#![deny(warnings, unused_qualifications)]

use perfattr::{cold_path, hot};

#[hot]
const fn double(x: u32) -> u32 {
    if x > 1000 {
        #[cold_path]
        return 0;
    }
    x * 2
}

#[hot]
fn largest<T: PartialOrd + Copy>(items: &[T]) -> Option<T> {
    let mut best = None;
    for &item in items {
        match best {
            None => best = Some(item),
            Some(b) if item > b => best = Some(item),
            #[cold_path]
            Some(_) => {}
        }
    }
    best
}

struct Parser;

impl Parser {
    #[hot]
    fn digits(&self, text: &str) -> Vec<u32> {
        text.chars()
            .filter_map(|c| {
                if !c.is_ascii_digit() {
                    #[cold_path]
                    return None;
                }
                c.to_digit(10)
            })
            .collect()
    }
}

#[cold_path]
fn fail() -> u32 {
    perfattr::count!("failures");
    0
}

const DOUBLED: u32 = double(21);

fn main() {
    assert_eq!(DOUBLED, 42);
    assert_eq!(largest(&[3, 9, 2]), Some(9));
    assert_eq!(Parser.digits("a1b2"), vec![1, 2]);
    assert_eq!(fail(), 0);
}
