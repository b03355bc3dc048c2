//! Dispatch under hazards: a testing helper racing a caller, `fork` while another thread makes
//! the first dispatch or takes a counter report, and a signal handler that interrupts the
//! thread's own first dispatch and calls the same function. Each stress test stops after a
//! bounded time. The first dispatch happens once per process, so those scenarios run in fresh
//! processes: this test binary runs itself again with `HAZARD` set, and kills a child that
//! has not ended after ten seconds (a hang is a failure, never a stuck suite).
#![deny(warnings, clippy::pedantic)]
#![cfg(all(target_os = "linux", target_arch = "x86_64"))]

use std::process::{Command, Stdio};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::{AtomicBool, AtomicU32};
use std::time::{Duration, Instant};

/// Whether the clone that ran has SSE4.2 (the fallback does not).
#[perfattr::multiversion(avx2, sse4)]
fn probe(x: u32) -> (u32, bool) {
    (
        x.wrapping_mul(3),
        perfattr::target_cfg!(target_feature = "sse4.2"),
    )
}

/// The same, generic: its dispatcher keeps a cached clone index instead of a pointer.
#[perfattr::multiversion(avx2, sse4)]
fn probe_any<T: Copy>(x: T) -> (T, bool) {
    (x, perfattr::target_cfg!(target_feature = "sse4.2"))
}

/// Counted, for the reports a fork interrupts.
#[perfattr::hot]
fn counted(x: u32) -> u32 {
    x ^ 1
}

/// Whether the clone dispatch should run has SSE4.2.
fn sse4_usable() -> bool {
    perfattr::cpu::usable().contains_all(perfattr::cpu::Features::from_list("sse4.1,sse4.2"))
}

/// A testing helper that ends while another thread is inside the resolver must not leave the
/// function on the forced clone: after each helper call, once the other thread has called on,
/// a call runs the selected clone (before the fix the slot kept the clone the other thread
/// selected under the forced level, until the next helper).
#[test]
fn a_helper_racing_a_caller_never_leaves_the_forced_clone_behind() {
    let expected = sse4_usable();
    let stop = AtomicBool::new(false);
    let calls = AtomicU32::new(0);
    let start = Instant::now();
    let (rounds, wrong) = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !stop.load(Relaxed) {
                std::hint::black_box(probe(std::hint::black_box(1)));
                std::hint::black_box(probe_any(std::hint::black_box(1_u8)));
                calls.fetch_add(1, Relaxed);
            }
        });
        let mut rounds = 0_u64;
        let mut wrong = 0_u64;
        while start.elapsed() < Duration::from_secs(3) {
            perfattr::testing::with_target("fallback", || {
                std::hint::black_box((probe(2), probe_any(2_u8)));
            });
            // Let the other thread finish a call begun under the forced level, and make one.
            let seen = calls.load(Relaxed);
            while calls.load(Relaxed) < seen + 2 && start.elapsed() < Duration::from_secs(4) {
                std::hint::spin_loop();
            }
            if (probe(3).1 != expected && probe(4).1 != expected)
                || (probe_any(3_u8).1 != expected && probe_any(4_u8).1 != expected)
            {
                wrong += 1;
            }
            rounds += 1;
        }
        stop.store(true, Relaxed);
        (rounds, wrong)
    });
    assert_eq!(
        wrong, 0,
        "{wrong} of {rounds} helper calls left the forced clone behind"
    );
    assert!(rounds > 1000, "only {rounds} rounds");
}

/// Runs scenario `name` in `runs` fresh processes, each with its own `HAZARD_RUN`; each must
/// pass within ten seconds. Their standard outputs.
fn in_children(name: &str, runs: u32) -> Vec<String> {
    let mut outputs = Vec::new();
    for run in 0..runs {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "hazard_child", "--nocapture", "--test-threads=1"])
            .env("HAZARD", name)
            .env("HAZARD_RUN", run.to_string())
            .env_remove("PERFATTR_COUNTERS")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{name}, run {run}: hung (killed after 10 s)");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let output = child.wait_with_output().unwrap();
        assert!(
            status.success(),
            "{name}, run {run}: {status}\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        outputs.push(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    outputs
}

#[test]
fn fork_while_another_thread_makes_the_first_dispatch() {
    in_children("fork-first-call", 40);
}

#[test]
fn fork_while_another_thread_takes_a_counter_report() {
    in_children("fork-report", 4);
}

#[test]
fn a_signal_handler_interrupting_the_first_dispatch_calls_the_same_function() {
    let outputs = in_children("signal-first-call", 40);
    let interrupted = outputs
        .iter()
        .filter(|out| out.contains("first call interrupted"))
        .count();
    assert!(
        interrupted > 0,
        "no run's first call was interrupted: {outputs:?}"
    );
}

/// One scenario in this (fresh) process, chosen by `HAZARD`; nothing without it.
#[test]
fn hazard_child() {
    let Ok(name) = std::env::var("HAZARD") else {
        return;
    };
    let run: u64 = std::env::var("HAZARD_RUN").unwrap().parse().unwrap();
    match name.as_str() {
        "fork-first-call" => fork_first_call(run),
        "fork-report" => fork_report(),
        "signal-first-call" => signal_first_call(run),
        _ => panic!("unknown hazard {name}"),
    }
}

/// Spins for about `micros` microseconds.
fn spin(micros: u64) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_micros(micros) {
        std::hint::spin_loop();
    }
}

/// Forks, runs `child` in the child (its result is the exit status: 0 for success), and waits
/// for it; a child still running after five seconds is killed and the scenario fails.
fn fork_and_wait(child: impl FnOnce() -> bool) {
    // SAFETY: the child calls only multiversioned code and perfattr's report (which this test
    // is about), then `_exit`s.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let ok = child();
        // SAFETY: ends the child without running the parent's exit handlers.
        unsafe { libc::_exit(if ok { 0 } else { 3 }) };
    }
    let start = Instant::now();
    let mut status = 0;
    loop {
        // SAFETY: waits for our own child, without blocking.
        let done = unsafe { libc::waitpid(pid, &raw mut status, libc::WNOHANG) };
        if done == pid {
            break;
        }
        if start.elapsed() > Duration::from_secs(5) {
            if std::env::var_os("HAZARD_GDB").is_some() {
                let _ = Command::new("gdb")
                    .args([
                        "-p",
                        &pid.to_string(),
                        "-batch",
                        "-ex",
                        "thread apply all bt",
                    ])
                    .status();
            }
            // SAFETY: our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("the forked child hung");
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "the forked child failed: status {status:#x}"
    );
}

/// A thread makes the process's first dispatch while the main thread forks, at a delay after
/// the call starts that varies with the run: the child's own first call must return the right
/// clone's result.
fn fork_first_call(run: u64) {
    static CALLING: AtomicBool = AtomicBool::new(false);
    let expected = sse4_usable_without_dispatch();
    let first = std::thread::spawn(|| {
        CALLING.store(true, Relaxed);
        probe(1)
    });
    while !CALLING.load(Relaxed) {
        std::hint::spin_loop();
    }
    spin(run * 2 % 60);
    fork_and_wait(|| probe(2) == (6, expected));
    assert_eq!(first.join().unwrap(), (3, expected));
}

/// What `sse4_usable` says, read from `std` so that it makes no dispatch of perfattr's.
fn sse4_usable_without_dispatch() -> bool {
    let disabled = std::env::var("PERFATTR_DISABLE").unwrap_or_default();
    std::arch::is_x86_feature_detected!("sse4.2")
        && !disabled.contains("all")
        && !disabled
            .split(',')
            .any(|name| name.trim().starts_with("sse4") || name.trim() == "v2")
}

/// Threads count, start threads that count and take reports while the main thread forks 100
/// times: each child counts (its first count registers its counts) and takes a report.
fn fork_report() {
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while !stop.load(Relaxed) {
                    std::hint::black_box(counted(1));
                    std::hint::black_box(perfattr::counters::report());
                    // A new thread registers its counts: the registry's other use.
                    std::thread::spawn(|| counted(2)).join().unwrap();
                }
            });
        }
        let forks = std::panic::catch_unwind(|| {
            for _ in 0..100 {
                fork_and_wait(|| {
                    // (No thread: std's own thread start is not fork-safe.)
                    counted(3);
                    let report = perfattr::counters::report();
                    !report.to_string().is_empty()
                });
            }
        });
        stop.store(true, Relaxed);
        if let Err(panic) = forks {
            std::panic::resume_unwind(panic);
        }
    });
}

static ARMED: AtomicBool = AtomicBool::new(false);
static IN_HANDLER: AtomicU32 = AtomicU32::new(0);
static CALLED_IN_HANDLER: AtomicU32 = AtomicU32::new(0);
static HANDLER_WRONG: AtomicBool = AtomicBool::new(false);
static EXPECTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    IN_HANDLER.fetch_add(1, Relaxed);
    if ARMED.load(Relaxed) {
        CALLED_IN_HANDLER.fetch_add(1, Relaxed);
        if probe(5) != (15, EXPECTED.load(Relaxed)) {
            HANDLER_WRONG.store(true, Relaxed);
        }
    }
}

/// Another thread signals this one every few microseconds; once the signals arrive, this thread
/// makes the process's first call of `probe`, and the handler calls `probe` too, so the handler
/// often interrupts the first dispatch (which takes tens of microseconds) in the middle: the
/// test needs one run of forty where it did (the child prints "first call interrupted").
fn signal_first_call(run: u64) {
    EXPECTED.store(sse4_usable_without_dispatch(), Relaxed);
    // SAFETY: installs a handler that touches atomics and calls `probe`.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        assert_eq!(
            libc::sigaction(libc::SIGUSR1, &raw const action, std::ptr::null_mut()),
            0
        );
    }
    // SAFETY: this thread's handle, to signal it.
    let target = unsafe { libc::pthread_self() };
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !stop.load(Relaxed) {
                // SAFETY: the target thread outlives this scope.
                unsafe { libc::pthread_kill(target, libc::SIGUSR1) };
                spin(run % 3);
            }
        });
        while IN_HANDLER.load(Relaxed) == 0 {
            std::hint::spin_loop();
        }
        ARMED.store(true, Relaxed);
        let first = probe(1);
        if CALLED_IN_HANDLER.load(Relaxed) > 0 {
            println!("first call interrupted");
        }
        let start = Instant::now();
        while CALLED_IN_HANDLER.load(Relaxed) < 10 && start.elapsed() < Duration::from_secs(1) {
            assert_eq!(probe(2).1, EXPECTED.load(Relaxed));
        }
        stop.store(true, Relaxed);
        assert_eq!(first, (3, EXPECTED.load(Relaxed)));
    });
    assert!(
        !HANDLER_WRONG.load(Relaxed),
        "the handler ran the wrong clone"
    );
    assert!(
        CALLED_IN_HANDLER.load(Relaxed) > 0,
        "no signal arrived during the calls"
    );
}
