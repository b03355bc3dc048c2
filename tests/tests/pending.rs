//! Leaf counts kept in registers inside a scope (`perfattr::counters::publish`): exact in
//! every report taken while the counted code is not running, from any thread, whatever way
//! the scope ended; published at once when the leaf runs outside every scope.
#![deny(warnings, clippy::pedantic)]

use std::sync::mpsc;
use std::thread;

use perfattr::counters;

/// A leaf: no loop, no closure.
#[perfattr::hot(inline = always)]
fn is_even(x: u32) -> bool {
    x % 2 == 0
}

/// A scope whose loop inlines the leaf.
#[perfattr::hot]
fn evens(values: &[u32]) -> usize {
    let mut count = 0;
    for &value in values {
        if is_even(value) {
            count += 1;
        }
    }
    count
}

/// A scope that calls another scope, then panics when asked to.
#[perfattr::hot]
fn nested(values: &[u32], fail: bool) -> usize {
    let mut total = 0;
    for _ in 0..2 {
        total += evens(values);
    }
    assert!(!fail, "asked to fail");
    total
}

/// Leaf and scope of the cross-thread test alone: other tests run at the same time.
#[perfattr::hot(inline = always)]
fn is_small(x: u32) -> bool {
    x < 100
}

#[perfattr::hot]
fn smalls(values: &[u32]) -> usize {
    let mut count = 0;
    for &value in values {
        count += usize::from(is_small(value));
    }
    count
}

#[perfattr::hot(inline = always)]
fn is_zero(x: u32) -> bool {
    x == 0
}

#[test]
fn a_scope_publishes_when_it_returns_and_another_thread_sees_it_while_the_first_waits() {
    let (done, finished) = mpsc::channel();
    let (exit, leave) = mpsc::channel::<()>();
    let worker = thread::spawn(move || {
        assert_eq!(smalls(&[1, 2, 3, 400, 5, 6]), 5);
        done.send(()).unwrap();
        // Alive, idle, outside every scope, while the other thread reads.
        leave.recv().unwrap();
    });
    finished.recv().unwrap();
    // The worker's counts are published though its thread has not exited.
    let report = counters::report();
    let (leaf, scope) = (report.count("is_small"), report.count("smalls"));
    exit.send(()).unwrap();
    worker.join().unwrap();
    assert_eq!((leaf, scope), (6, 1));
    // Exactly this thread's calls on a thread of its own.
    let counts = counters::measure(|| {
        smalls(&[1, 200, 3]);
    });
    assert_eq!((counts.count("is_small"), counts.count("smalls")), (3, 1));
}

#[test]
fn a_panic_unwinding_through_scopes_publishes_their_leaves() {
    let counts = counters::measure_all(|| {
        let result = thread::spawn(|| nested(&[2, 4, 6, 8], true)).join();
        assert!(result.is_err());
    });
    assert_eq!(counts.count("pending::is_even"), 8);
    assert_eq!(counts.count("pending::evens"), 2);
}

#[test]
fn a_leaf_outside_every_scope_is_published_at_once() {
    let (done, finished) = mpsc::channel();
    let (exit, leave) = mpsc::channel::<()>();
    let worker = thread::spawn(move || {
        // Unannotated code calling the leaf in a loop: no scope is open.
        let evens = (0..10u32).filter(|&x| is_zero(x % 2)).count();
        done.send(evens).unwrap();
        leave.recv().unwrap();
    });
    assert_eq!(finished.recv().unwrap(), 5);
    let counted = counters::report().count("is_zero");
    exit.send(()).unwrap();
    worker.join().unwrap();
    assert_eq!(counted, 10);
}

#[test]
fn a_report_inside_a_scope_includes_its_own_pending_counts() {
    #[perfattr::hot(inline = always)]
    fn is_one(x: u32) -> bool {
        x == 1
    }

    #[perfattr::hot]
    fn reads_itself(values: &[u32]) -> u64 {
        let mut ones = 0;
        for &value in values {
            ones += u64::from(is_one(value));
        }
        let own = counters::measure(|| {
            for &value in values {
                is_one(value);
            }
        });
        ones + own.count("is_one")
    }
    assert_eq!(reads_itself(&[1, 2, 3, 4]), 1 + 4);
}

/// A scope that waits inside itself until told to return.
#[perfattr::hot]
fn waits_inside(values: &[u32], resume: &mpsc::Receiver<()>) -> usize {
    let mut count = 0;
    for &value in values {
        count += usize::from(is_seven(value));
    }
    resume.recv().unwrap();
    count
}

#[perfattr::hot(inline = always)]
fn is_seven(x: u32) -> bool {
    x == 7
}

#[test]
fn a_report_says_which_threads_hold_counts_it_cannot_see_yet() {
    let (resume, wait) = mpsc::channel();
    let (entered, inside) = mpsc::channel();
    let worker = thread::spawn(move || {
        entered.send(()).unwrap();
        waits_inside(&[7, 7, 1], &wait)
    });
    inside.recv().unwrap();
    // The worker is inside its scope (at most it has not counted yet): its leaf counts wait.
    let during = loop {
        let report = counters::report();
        if report.busy_threads > 0 {
            break report;
        }
        thread::yield_now();
    };
    assert!(
        during
            .to_string()
            .contains("other thread(s) were inside counted code")
    );
    assert_eq!(during.count("is_seven"), 0, "{during}");
    resume.send(()).unwrap();
    assert_eq!(worker.join().unwrap(), 2);
    assert_eq!(counters::report().count("is_seven"), 3);
}
