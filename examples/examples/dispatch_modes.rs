//! Prints the clone each dispatch mode runs and how its calls reach it, one `key value` line
//! each: `clone <mode> <clone>` from the clone itself (`selected!()`), `dispatch <function>
//! <selected> <how>` from the dispatch report, and `patching <what patching did>`. The tests
//! (`tests/modes.rs`) and `scripts/emulated-cpus.sh` run it under each setting and CPU.
//!
//! With the argument `threads`, two threads make every first call at once, released
//! together; the main thread then prints.

use perfattr_examples::modes;

fn main() {
    if std::env::args().any(|arg| arg == "threads") {
        let start = std::sync::Barrier::new(2);
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    start.wait();
                    modes::which_all()
                });
            }
        });
    }
    for (mode, clone) in modes::which_all() {
        println!("clone {mode} {clone}");
    }
    let report = perfattr::report::dispatch();
    for row in report
        .functions
        .iter()
        .filter(|row| row.name.contains("::modes::"))
    {
        let name = row.name.rsplit("::").next().unwrap_or(row.name);
        println!(
            "dispatch {name} {} {}",
            row.selected,
            row.dispatch.replace(' ', "-")
        );
    }
    println!("patching {}", report.patching);
}
