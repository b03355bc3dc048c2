trait Report {
    #[perfattr::cold_path]
    fn report(&self) -> String;
}

struct Disk;

impl Report for Disk {
    fn report(&self) -> String {
        "disk".to_owned()
    }
}

fn main() {
    let _ = Disk.report();
}
