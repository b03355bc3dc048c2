use super::{Case, Contender, Cpu, Function, Profile};

fn cpu(vendor: &str, model: u32) -> Cpu {
    Cpu {
        arch: "x86_64".into(),
        vendor: vendor.into(),
        family: 6,
        model,
        stepping: 1,
        midr: None,
        name: "Test CPU".into(),
        features: vec!["avx".into(), "avx2".into()],
    }
}

fn measured(path: &str, at: u64, first: &str) -> Function {
    let contender = |clone: &str, ratio: f64| Contender {
        clones: vec![clone.into()],
        ns: 100.0 * ratio,
        ratio,
        low: ratio * 0.99,
        high: ratio * 1.01,
    };
    let other = if first == "v3" { "v2" } else { "v3" };
    Function {
        function: path.into(),
        clones: vec!["v3".into(), "v2".into(), "fallback".into()],
        measured: at,
        cases: vec![Case {
            input: "4096".into(),
            rounds: 40,
            contenders: vec![
                Contender {
                    low: 1.0,
                    high: 1.0,
                    ..contender(first, 1.0)
                },
                contender(other, 1.5),
            ],
        }],
    }
}

#[test]
fn a_profile_round_trips_through_its_json() {
    let mut profile = Profile::default();
    profile.record(&cpu("GenuineIntel", 207), measured("app::f", 10, "v2"));
    profile.record(&cpu("GenuineIntel", 207), measured("app::a", 10, "v3"));
    let json = profile.to_json();
    let read = Profile::parse(&json).unwrap();
    assert_eq!(read.to_json(), json);
    assert_eq!(
        read.machines[0].functions[1].cases[0].contenders[0].clones,
        ["v2"]
    );
    assert_eq!(profile.functions(), ["app::a", "app::f"]);
}

#[test]
fn merging_keeps_every_model_and_the_newer_measurement() {
    let mut fleet = Profile::default();
    fleet.record(&cpu("GenuineIntel", 207), measured("app::f", 10, "v2"));
    let mut amd = Profile::default();
    amd.record(&cpu("AuthenticAMD", 17), measured("app::f", 5, "v3"));
    let mut newer = Profile::default();
    newer.record(&cpu("GenuineIntel", 207), measured("app::f", 20, "v3"));
    let mut older = Profile::default();
    older.record(&cpu("GenuineIntel", 207), measured("app::f", 1, "v2"));
    fleet.merge(amd);
    fleet.merge(newer);
    fleet.merge(older);
    assert_eq!(fleet.machines.len(), 2);
    let intel = &fleet.machines[0].functions[0];
    assert_eq!(intel.measured, 20);
    assert_eq!(intel.cases[0].contenders[0].clones, ["v3"]);
    assert_eq!(fleet.machines[1].cpu.vendor, "AuthenticAMD");
}

#[test]
fn other_documents_are_rejected_with_a_reason() {
    let error = |text: &str| Profile::parse(text).unwrap_err().to_string();
    assert!(error("{\"format\": \"criterion\"}").contains("not \"perfattr-dispatch-profile\""));
    assert!(error("{}").contains("not a dispatch profile"));
    assert!(
        error(r#"{"format": "perfattr-dispatch-profile", "version": 2, "machines": []}"#)
            .contains("version 2 of the format; this perfattr reads version 1")
    );
    assert!(error("{\"format\": ").contains("line 1 column 12"));
    let mut profile = Profile::default();
    profile.record(&cpu("GenuineIntel", 207), measured("app::f", 10, "v2"));
    let json = profile
        .to_json()
        .replace("\"rounds\": 40", "\"rounds\": \"many\"");
    assert!(
        error(&json).contains("machines[0].functions[0].cases[0].rounds must be a whole number"),
        "{}",
        error(&json)
    );
    let json = profile.to_json().replace("[\"v2\"]", "[\"v5\"]");
    assert!(error(&json).contains("contender `v5` of `app::f` is not among its clones"));
}
