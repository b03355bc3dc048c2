//! The parts of a profile and their JSON: a CPU identity, the functions measured on it, each
//! input case's contenders.

use std::fmt::Write as _;
use std::string::String;
use std::vec::Vec;

use crate::json::{Error, Value, quote};

/// The identity of a CPU model: what a profile's measurements are keyed by.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cpu {
    /// `"x86_64"`, `"x86"`, `"aarch64"`.
    pub arch: String,
    /// x86: `cpuid`'s vendor (`"GenuineIntel"`, `"AuthenticAMD"`); empty elsewhere.
    pub vendor: String,
    /// x86: the display family, model and stepping (extended fields folded in); 0 elsewhere.
    pub family: u32,
    pub model: u32,
    pub stepping: u32,
    /// aarch64: `MIDR_EL1` where the OS exposes it.
    pub midr: Option<u64>,
    /// The model's name (x86: the brand string), for people: not part of the identity.
    pub name: String,
    /// The features the measuring process could use, sorted.
    pub features: Vec<String>,
}

impl Cpu {
    /// Whether `other` is the same identity: everything but the name.
    #[must_use]
    pub fn same_identity(&self, other: &Cpu) -> bool {
        self.arch == other.arch
            && self.vendor == other.vendor
            && self.family == other.family
            && self.model == other.model
            && self.stepping == other.stepping
            && self.midr == other.midr
            && self.features == other.features
    }

    /// `AuthenticAMD family 25 model 1 stepping 1 (AMD EPYC)`.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut text = if let Some(midr) = self.midr {
            format!("{} MIDR {midr:#x}", self.arch)
        } else if self.vendor.is_empty() {
            format!("{} ({} features)", self.arch, self.features.len())
        } else {
            format!(
                "{} family {} model {} stepping {}",
                self.vendor, self.family, self.model, self.stepping
            )
        };
        if !self.name.is_empty() {
            let _ = write!(text, " ({})", self.name);
        }
        text
    }

    pub(crate) fn from_json(value: &Value, at: &str) -> Result<Cpu, Error> {
        let midr = match value.get("midr") {
            None | Some(Value::Null) => None,
            Some(midr) => Some(
                midr.as_u64()
                    .ok_or_else(|| wrong(at, "midr", "a number or null"))?,
            ),
        };
        let mut features: Vec<String> = array(value, "features", at)?
            .iter()
            .map(|f| {
                f.as_str()
                    .map(String::from)
                    .ok_or_else(|| wrong(at, "features", "strings"))
            })
            .collect::<Result<_, _>>()?;
        features.sort();
        Ok(Cpu {
            arch: string(value, "arch", at)?,
            vendor: string(value, "vendor", at)?,
            family: small(value, "family", at)?,
            model: small(value, "model", at)?,
            stepping: small(value, "stepping", at)?,
            midr,
            name: value
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .into(),
            features,
        })
    }

    fn to_json(&self) -> String {
        let features: Vec<String> = self.features.iter().map(|f| quote(f)).collect();
        format!(
            "{{\"arch\": {}, \"vendor\": {}, \"family\": {}, \"model\": {}, \"stepping\": {}, \
             \"midr\": {}, \"name\": {},\n        \"features\": [{}]}}",
            quote(&self.arch),
            quote(&self.vendor),
            self.family,
            self.model,
            self.stepping,
            self.midr.map_or_else(|| "null".into(), |m| m.to_string()),
            quote(&self.name),
            features.join(", ")
        )
    }
}

/// One CPU identity and what was measured on it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Machine {
    pub cpu: Cpu,
    /// By path.
    pub functions: Vec<Function>,
}

impl Machine {
    pub(crate) fn from_json(value: &Value, at: &str) -> Result<Machine, Error> {
        let cpu = value
            .get("cpu")
            .ok_or_else(|| missing(at, "cpu"))
            .and_then(|cpu| Cpu::from_json(cpu, &format!("{at}.cpu")))?;
        let functions = array(value, "functions", at)?
            .iter()
            .enumerate()
            .map(|(i, f)| Function::from_json(f, &format!("{at}.functions[{i}]")))
            .collect::<Result<_, _>>()?;
        Ok(Machine { cpu, functions })
    }

    pub(crate) fn to_json(&self) -> String {
        let functions: Vec<String> = self.functions.iter().map(Function::to_json).collect();
        format!(
            "\n    {{\n      \"cpu\": {},\n      \"functions\": [{}\n      ]\n    }}",
            self.cpu.to_json(),
            functions.join(",")
        )
    }
}

/// One multiversioned function measured on one CPU.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Function {
    /// The path the dispatch report shows: `app::kernels::count`, `app::S::f`,
    /// `<app::S as app::T>::f`.
    pub function: String,
    /// The function's clones when it was measured, best first, `"fallback"` last.
    pub clones: Vec<String>,
    /// When, in seconds since the Unix epoch: the newer of two measurements wins a merge.
    pub measured: u64,
    /// One per input the benchmark measured (`sizes`, `args`), each with its own ranking.
    pub cases: Vec<Case>,
}

impl Function {
    fn from_json(value: &Value, at: &str) -> Result<Function, Error> {
        let clones = strings(value, "clones", at)?;
        let cases: Vec<Case> = array(value, "cases", at)?
            .iter()
            .enumerate()
            .map(|(i, c)| Case::from_json(c, &format!("{at}.cases[{i}]")))
            .collect::<Result<_, _>>()?;
        let function = string(value, "function", at)?;
        for case in &cases {
            for contender in &case.contenders {
                if let Some(unknown) = contender.clones.iter().find(|c| !clones.contains(c)) {
                    return Err(Error::content(format!(
                        "{at}: contender `{unknown}` of `{function}` is not among its clones ({})",
                        clones.join(", ")
                    )));
                }
            }
        }
        Ok(Function {
            function,
            clones,
            measured: value
                .get("measured")
                .and_then(Value::as_u64)
                .ok_or_else(|| wrong(at, "measured", "seconds since the Unix epoch"))?,
            cases,
        })
    }

    fn to_json(&self) -> String {
        let clones: Vec<String> = self.clones.iter().map(|c| quote(c)).collect();
        let cases: Vec<String> = self.cases.iter().map(Case::to_json).collect();
        format!(
            "\n        {{\"function\": {}, \"clones\": [{}], \"measured\": {},\n         \
             \"cases\": [{}]}}",
            quote(&self.function),
            clones.join(", "),
            self.measured,
            cases.join(",")
        )
    }
}

/// One input's measurement: the contenders fastest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Case {
    /// The input's label (`"4096"`), empty for a function with one input.
    pub input: String,
    /// Interleaved rounds measured.
    pub rounds: u64,
    pub contenders: Vec<Contender>,
}

impl Case {
    fn from_json(value: &Value, at: &str) -> Result<Case, Error> {
        let contenders: Vec<Contender> = array(value, "contenders", at)?
            .iter()
            .enumerate()
            .map(|(i, c)| Contender::from_json(c, &format!("{at}.contenders[{i}]")))
            .collect::<Result<_, _>>()?;
        if contenders.is_empty() {
            return Err(Error::content(format!("{at}: no contenders")));
        }
        Ok(Case {
            input: string(value, "input", at)?,
            rounds: value
                .get("rounds")
                .and_then(Value::as_u64)
                .ok_or_else(|| wrong(at, "rounds", "a whole number"))?,
            contenders,
        })
    }

    fn to_json(&self) -> String {
        let contenders: Vec<String> = self.contenders.iter().map(Contender::to_json).collect();
        format!(
            "\n           {{\"input\": {}, \"rounds\": {}, \"contenders\": [{}]}}",
            quote(&self.input),
            self.rounds,
            contenders.join(",")
        )
    }
}

/// One contender of a case: a clone, or clones with byte-identical machine code.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contender {
    pub clones: Vec<String>,
    /// Median time per call, in nanoseconds.
    pub ns: f64,
    /// Time relative to the case's first (fastest) contender, and its 95% interval.
    pub ratio: f64,
    pub low: f64,
    pub high: f64,
}

impl Contender {
    fn from_json(value: &Value, at: &str) -> Result<Contender, Error> {
        let number = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_f64)
                .filter(|n| *n >= 0.0)
                .ok_or_else(|| wrong(at, key, "a number, at least 0"))
        };
        let (ratio, low, high) = (number("ratio")?, number("low")?, number("high")?);
        if !(low <= ratio && ratio <= high) {
            return Err(Error::content(format!(
                "{at}: `ratio` {ratio} is not within [`low`, `high`] = [{low}, {high}]"
            )));
        }
        let clones = strings(value, "clones", at)?;
        if clones.is_empty() {
            return Err(wrong(at, "clones", "at least one clone name"));
        }
        Ok(Contender {
            clones,
            ns: number("ns")?,
            ratio,
            low,
            high,
        })
    }

    fn to_json(&self) -> String {
        let clones: Vec<String> = self.clones.iter().map(|c| quote(c)).collect();
        format!(
            "\n             {{\"clones\": [{}], \"ns\": {}, \"ratio\": {}, \"low\": {}, \"high\": {}}}",
            clones.join(", "),
            number(self.ns),
            number(self.ratio),
            number(self.low),
            number(self.high)
        )
    }
}

/// A finite number with four significant decimals, or 0.
fn number(n: f64) -> String {
    if !n.is_finite() {
        return "0".into();
    }
    let text = format!("{n:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-" {
        "0".into()
    } else {
        text.into()
    }
}

fn missing(at: &str, key: &str) -> Error {
    Error::content(format!("{at} has no `{key}`"))
}

fn wrong(at: &str, key: &str, expected: &str) -> Error {
    Error::content(format!("{at}.{key} must be {expected}"))
}

pub(crate) fn array<'v>(value: &'v Value, key: &str, at: &str) -> Result<&'v [Value], Error> {
    let member = value.get(key).ok_or_else(|| missing(at, key))?;
    member.as_array().ok_or_else(|| {
        Error::content(format!(
            "{at}.{key} must be an array, not {}",
            member.kind()
        ))
    })
}

fn string(value: &Value, key: &str, at: &str) -> Result<String, Error> {
    let member = value.get(key).ok_or_else(|| missing(at, key))?;
    member
        .as_str()
        .map(String::from)
        .ok_or_else(|| wrong(at, key, "a string"))
}

fn strings(value: &Value, key: &str, at: &str) -> Result<Vec<String>, Error> {
    array(value, key, at)?
        .iter()
        .map(|s| {
            s.as_str()
                .map(String::from)
                .ok_or_else(|| wrong(at, key, "strings"))
        })
        .collect()
}

fn small(value: &Value, key: &str, at: &str) -> Result<u32, Error> {
    value
        .get(key)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| wrong(at, key, "a whole number"))
}
