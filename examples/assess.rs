//! Assesses the names given as arguments and prints each assessment as JSON (without the
//! standardized name unless `--full`).
//!
//! `cargo run --example assess -- --country DE "Siemens AG AG" --kind person "SMITH John"`
//! (`--country XX` and `--kind person|organization` apply to the names after them).

use namestd::quality::{ApplicantRecord, QualityChecker};
use namestd::KindHint;

fn main() {
    let checker = QualityChecker::default();
    let mut country: Option<String> = None;
    let mut kind: Option<KindHint> = None;
    let mut full = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--country" => country = args.next().filter(|c| !c.is_empty()),
            "--kind" => {
                kind = match args.next().as_deref() {
                    Some("person") => Some(KindHint::Person),
                    Some("organization") => Some(KindHint::Organization),
                    _ => None,
                }
            }
            "--full" => full = true,
            _ => {
                let rec = ApplicantRecord { name: a.clone(), country: country.clone(), kind, ..Default::default() };
                let assessment = checker.assess(&rec);
                let mut v = serde_json::to_value(&assessment).expect("serializable");
                if !full {
                    if let Some(o) = v.as_object_mut() {
                        o.remove("name");
                    }
                }
                println!("{a}\t{}", serde_json::to_string(&v).expect("serializable"));
            }
        }
    }
}
