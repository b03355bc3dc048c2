//! Prints which clone each kernel selected on this CPU and a checksum of their results, one
//! `key value` line each. `scripts/emulated-cpus.sh` runs it under emulated old CPUs.

use perfattr_examples::kernels;

fn main() {
    let checksum = kernels::checksum(10_000);
    let report = perfattr::report::dispatch();
    println!("features {}", perfattr::cpu::usable());
    for row in report
        .functions
        .iter()
        .filter(|row| row.name.contains("::kernels::"))
    {
        let name = row.name.rsplit("::").next().unwrap_or(row.name);
        // `selected <kernel> <clone> <how calls get there> <how it was chosen>`.
        println!(
            "selected {name} {} {} {}",
            row.selected,
            row.dispatch.replace(' ', "-"),
            row.chosen_by.replace(' ', "-")
        );
    }
    println!("checksum {checksum:?}");
}
