//! Standardizes the names given as arguments and prints each result as JSON.
//!
//! `cargo run --example standardize -- "Siemens Aktiengesellschaft" "トヨタ自動車株式会社"`
//! (`--country XX` before a name sets its country hint).

fn main() {
    let std = namestd::Standardizer::default();
    let mut country: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--country" {
            country = args.next();
            continue;
        }
        let mut input = namestd::NameInput::new(&a);
        input.country = country.as_deref();
        let s = std.standardize_input(&input);
        println!("{}", serde_json::to_string_pretty(&s).expect("serializable"));
    }
}
