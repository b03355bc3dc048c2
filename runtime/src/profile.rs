//! Dispatch profiles (feature `report`): which clone of each multiversioned function a
//! `cargo bench` run measured fastest, per CPU model. A run writes one (see
//! [`bench`](crate::bench)); [`merge`] combines those of several machines; the build embeds one
//! with `PERFATTR_DISPATCH_PROFILE`, and `PERFATTR_RUNTIME_PROFILE` loads one at run time
//! instead. The format is documented on [`Profile`]'s crate, `perfattr-profile`.
//!
//! ```
//! use perfattr::profile::Profile;
//!
//! let mut fleet = Profile::default();
//! let cpu = perfattr::profile::this_cpu();
//! fleet.record(&cpu, perfattr::profile::Function {
//!     function: "app::count".into(),
//!     clones: vec!["v3".into(), "fallback".into()],
//!     measured: 1,
//!     cases: Vec::new(),
//! });
//! let json = fleet.to_json();
//! assert_eq!(Profile::parse(&json).unwrap().functions(), ["app::count"]);
//! ```

use std::format;
use std::path::{Path, PathBuf};
use std::string::String;
use std::vec::Vec;

pub use perfattr_profile::{
    Case, Contender, Cpu, Error, FORMAT, Function, Machine, Profile, VERSION,
};

/// This CPU's identity, as a profile records it: [`crate::cpu::identity`] and the features
/// this process may use ([`crate::cpu::usable`]).
///
/// ```
/// let cpu = perfattr::profile::this_cpu();
/// assert_eq!(cpu.arch, perfattr::cpu::identity().arch());
/// ```
#[must_use]
pub fn this_cpu() -> Cpu {
    let identity = crate::cpu::identity();
    let mut features: Vec<String> = crate::cpu::usable().names().map(String::from).collect();
    features.sort();
    Cpu {
        arch: identity.arch().into(),
        vendor: identity.vendor().into(),
        family: identity.family,
        model: identity.model,
        stepping: identity.stepping,
        midr: identity.midr,
        name: identity.name().as_str().into(),
        features,
    }
}

/// Merges the profiles `inputs` (each written by a benchmark run, on one machine or merged
/// before) into `output`: every CPU identity of every input, and for each identity and function
/// the newest measurement. Written to a temporary file and renamed. Returns the number of CPU
/// identities. `cargo bench --bench <target> -- --merge-profiles <output> <inputs…>` runs it.
///
/// # Errors
/// An input that cannot be read or is no profile this perfattr reads, or an output that cannot
/// be written: the message names the file.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("perfattr-merge-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let (a, out) = (dir.join("a.json"), dir.join("fleet.json"));
/// std::fs::write(&a, perfattr::profile::Profile::default().to_json()).unwrap();
/// assert_eq!(perfattr::profile::merge(&[a], &out), Ok(0));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn merge(inputs: &[PathBuf], output: &Path) -> Result<usize, String> {
    let mut merged = Profile::default();
    for input in inputs {
        let text = std::fs::read_to_string(input)
            .map_err(|error| format!("cannot read {}: {error}", input.display()))?;
        let profile = Profile::parse(&text)
            .map_err(|error| format!("{} is not a dispatch profile: {error}", input.display()))?;
        merged.merge(profile);
    }
    crate::file::write_atomically(output, merged.to_json().as_bytes())
        .map_err(|error| format!("cannot write {}: {error}", output.display()))?;
    Ok(merged.machines.len())
}
