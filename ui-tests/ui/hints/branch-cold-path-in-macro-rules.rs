// A branch marker inside a `macro_rules!` defined in an annotated function, without the
// attribute imported (as a statement) and with it (on a match arm): one error each, perfattr's,
// saying to write `perfattr::cold!()`; no rustc error about the attribute, no warning.
#![deny(warnings)]

#[perfattr::hot]
pub fn statement(b: u8) -> u8 {
    macro_rules! check {
        ($b:expr) => {
            if $b == 0 {
                #[cold_path]
                return 1;
            }
        };
    }
    check!(b);
    b
}

mod imported {
    use perfattr::cold_path;

    #[perfattr::hot]
    pub fn arm(b: u8) -> u8 {
        macro_rules! classify {
            ($b:expr) => {
                match $b {
                    0 => 1,
                    #[cold_path]
                    _ => 2,
                }
            };
        }
        classify!(b)
    }

    #[cold_path]
    pub fn rare() {}
}

fn main() {
    let _ = statement(0) + imported::arm(1);
    imported::rare();
}
