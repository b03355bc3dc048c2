//! Functions whose LLVM IR `tests/tests/codegen.rs` reads. `#[no_mangle]` keeps every one of
//! them in the IR under a known name; each hinted function has an unhinted twin.

use pa::{cold_path, hot};

#[hot(crate = ::pa)]
#[unsafe(no_mangle)]
pub fn fixture_hot(x: u32) -> u32 {
    x.wrapping_mul(3) ^ 7
}

#[hot(inline = always, crate = ::pa)]
#[unsafe(no_mangle)]
pub fn fixture_hot_always(x: u32) -> u32 {
    x.wrapping_mul(5) ^ 7
}

#[hot(inline = never, crate = "::pa")]
#[unsafe(no_mangle)]
pub fn fixture_hot_never(x: u32) -> u32 {
    x.wrapping_mul(9) ^ 7
}

#[cold_path(crate = ::pa)]
#[unsafe(no_mangle)]
pub fn fixture_cold(x: u32) -> u32 {
    x.wrapping_mul(11) ^ 7
}

#[unsafe(no_mangle)]
pub fn fixture_plain(x: u32) -> u32 {
    x.wrapping_mul(13) ^ 7
}

#[hot(crate = ::pa)]
#[unsafe(no_mangle)]
pub fn fixture_marked_arm(x: Option<u32>) -> u32 {
    match x {
        Some(v) => v.wrapping_mul(17),
        #[cold_path]
        None => 0,
    }
}

#[hot(crate = ::pa)]
#[unsafe(no_mangle)]
pub fn fixture_marked_statement(x: u32) -> u32 {
    if x > 1000 {
        #[cold_path]
        return x / 3;
    }
    x.wrapping_mul(19)
}

#[hot(crate = ::pa)]
#[unsafe(no_mangle)]
pub fn fixture_marked_block(x: u32) -> u32 {
    let mut y = x.wrapping_mul(23);
    if x == 7 {
        #[cold_path]
        {
            y /= 5;
        }
    }
    y
}

#[unsafe(no_mangle)]
pub fn fixture_unmarked(x: Option<u32>) -> u32 {
    match x {
        Some(v) => v.wrapping_mul(17),
        None => 0,
    }
}

#[unsafe(no_mangle)]
pub fn fixture_unlikely(x: u32) -> u32 {
    if pa::unlikely(x > 1000) {
        x / 3
    } else {
        x.wrapping_mul(29)
    }
}

/// `fixture_marked_arm` written by hand with the hint-only expansion (no counters): with the
/// `counters` feature off the two must compile to the same IR.
// What `#[hot]` emits, spelled out (rustc ignores `#[inline]` on `no_mangle` functions, for
// the generated and the hand-written function alike).
#[allow(unused_attributes)]
#[inline]
#[cfg_attr(
    target_os = "linux",
    unsafe(link_section = ".text.hot.fixture_marked_arm_by_hand")
)]
#[unsafe(no_mangle)]
pub fn fixture_marked_arm_by_hand(x: Option<u32>) -> u32 {
    match x {
        Some(v) => v.wrapping_mul(17),
        None => {
            pa::cold_path();
            0
        }
    }
}

/// A `#[hot]` function with a counted loop, and its hint-only twin written by hand.
#[hot(crate = ::pa)]
#[unsafe(no_mangle)]
pub fn fixture_counted_loop(xs: &[u32]) -> u32 {
    let mut sum = 0u32;
    for &x in xs {
        if x == 0 {
            #[cold_path]
            return sum;
        }
        sum = sum.wrapping_add(x);
    }
    sum
}

// What `#[hot]` emits, spelled out (rustc ignores `#[inline]` on `no_mangle` functions, for
// the generated and the hand-written function alike).
#[allow(unused_attributes)]
#[inline]
#[cfg_attr(
    target_os = "linux",
    unsafe(link_section = ".text.hot.fixture_counted_loop_by_hand")
)]
#[unsafe(no_mangle)]
pub fn fixture_counted_loop_by_hand(xs: &[u32]) -> u32 {
    let mut sum = 0u32;
    for &x in xs {
        if x == 0 {
            pa::cold_path();
            return sum;
        }
        sum = sum.wrapping_add(x);
    }
    sum
}
