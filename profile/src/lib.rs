//! The dispatch profile of perfattr: which clone of each multiversioned function is fastest on
//! each CPU model, as measured by `cargo bench`. The macros read it at compile time to embed it,
//! the runtime reads it at run time (`PERFATTR_RUNTIME_PROFILE`), writes it after a benchmark
//! run and merges profiles from several machines.
//!
//! The file is JSON, versioned by its `format` and `version` members:
//!
//! ```json
//! {
//!   "format": "perfattr-dispatch-profile",
//!   "version": 1,
//!   "machines": [
//!     {
//!       "cpu": {"arch": "x86_64", "vendor": "GenuineIntel", "family": 6, "model": 207,
//!               "stepping": 2, "midr": null, "name": "Intel(R) Xeon(R) Processor",
//!               "features": ["avx", "avx2", "…"]},
//!       "functions": [
//!         {"function": "app::kernels::count", "clones": ["v4", "v3", "v2", "fallback"],
//!          "measured": 1796540000,
//!          "cases": [{"input": "4096", "rounds": 120, "contenders": [
//!            {"clones": ["v3"], "ns": 95.1, "ratio": 1.0, "low": 1.0, "high": 1.0},
//!            {"clones": ["v4"], "ns": 160.3, "ratio": 1.69, "low": 1.68, "high": 1.70},
//!            {"clones": ["v2", "fallback"], "ns": 301.0, "ratio": 3.17, "low": 3.15, "high": 3.19}
//!          ]}]}
//!       ]
//!     }
//!   ]
//! }
//! ```
//!
//! A case's contenders come fastest first; `ratio` is a contender's time relative to the
//! first's (the median of the per-round ratios of runs interleaved with it), `low` and `high`
//! its 95% interval. Clones with byte-identical machine code are one contender.

pub mod json;
mod model;

pub use json::{Error, Value, parse, quote};
pub use model::{Case, Contender, Cpu, Function, Machine};

use std::string::String;
use std::vec::Vec;

/// The `format` member every profile has.
pub const FORMAT: &str = "perfattr-dispatch-profile";
/// The schema version this crate reads and writes.
pub const VERSION: u64 = 1;

/// A dispatch profile: measurements per CPU model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    pub machines: Vec<Machine>,
}

impl Profile {
    /// Reads a profile.
    ///
    /// # Errors
    /// Invalid JSON (with line and column), another `format`, a `version` this crate does not
    /// read, or a member missing or of the wrong type (with its path in the document).
    pub fn parse(text: &str) -> Result<Profile, Error> {
        let value = parse(text)?;
        let format = value.get("format").and_then(Value::as_str);
        if format != Some(FORMAT) {
            return Err(Error::content(match format {
                Some(other) => format!("its `format` is \"{other}\", not \"{FORMAT}\""),
                None => format!("it has no `\"format\": \"{FORMAT}\"`: not a dispatch profile"),
            }));
        }
        match value.get("version").and_then(Value::as_u64) {
            Some(VERSION) => {}
            Some(other) => {
                return Err(Error::content(format!(
                    "it is version {other} of the format; this perfattr reads version {VERSION}"
                )));
            }
            None => return Err(Error::content("it has no `version` number")),
        }
        let machines = model::array(&value, "machines", "the profile")?
            .iter()
            .enumerate()
            .map(|(i, machine)| Machine::from_json(machine, &format!("machines[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Profile { machines })
    }

    /// The profile as JSON, one member per line where that keeps diffs small.
    #[must_use]
    pub fn to_json(&self) -> String {
        let machines: Vec<String> = self.machines.iter().map(Machine::to_json).collect();
        format!(
            "{{\n  \"format\": {},\n  \"version\": {VERSION},\n  \"machines\": [{}\n  ]\n}}\n",
            quote(FORMAT),
            machines.join(",")
        )
    }

    /// Adds `function` as measured on `cpu`: it replaces an older measurement of the same
    /// function on the same CPU identity, and is dropped if the profile holds a newer one.
    pub fn record(&mut self, cpu: &Cpu, function: Function) {
        let at = if let Some(at) = self.machines.iter().position(|m| m.cpu.same_identity(cpu)) {
            self.machines[at].cpu.name.clone_from(&cpu.name);
            at
        } else {
            self.machines.push(Machine {
                cpu: cpu.clone(),
                functions: Vec::new(),
            });
            self.machines.len() - 1
        };
        let machine = &mut self.machines[at];
        match machine
            .functions
            .iter()
            .position(|f| f.function == function.function)
        {
            Some(at) if machine.functions[at].measured > function.measured => {}
            Some(at) => machine.functions[at] = function,
            None => machine.functions.push(function),
        }
        machine
            .functions
            .sort_by(|a, b| a.function.cmp(&b.function));
    }

    /// Merges `other` into this profile: every CPU identity of both, and per identity and
    /// function the newer measurement (`other`'s on a tie).
    pub fn merge(&mut self, other: Profile) {
        for machine in other.machines {
            for function in machine.functions {
                self.record(&machine.cpu, function);
            }
        }
    }

    /// Every function path the profile measured, sorted, once each.
    #[must_use]
    pub fn functions(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self
            .machines
            .iter()
            .flat_map(|m| m.functions.iter().map(|f| f.function.as_str()))
            .collect();
        paths.sort_unstable();
        paths.dedup();
        paths
    }
}

#[cfg(test)]
mod tests;
