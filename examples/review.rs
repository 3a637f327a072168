//! Prints name → kind | core | legal form | standard for names read from standard input
//! (one per line, optionally `name;country`): a review aid.
//! `cargo run --release --example review < names.txt`

use std::io::BufRead;

fn main() {
    let std = namestd::Standardizer::default();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let (name, country) = match line.rsplit_once(';') {
            Some((n, c)) if c.len() == 2 => (n.to_string(), Some(c.to_string())),
            _ => (line.clone(), None),
        };
        let mut input = namestd::NameInput::new(&name);
        input.country = country.as_deref();
        let s = std.standardize_input(&input);
        let form = s
            .legal_form
            .as_ref()
            .map(|f| format!("{} [{}] {:?}", f.canonical, f.elf.join(","), f.decision))
            .unwrap_or_default();
        println!("{name}\t{}\t{}\t{}\t{form}\t{}", country.unwrap_or_default(), s.kind.as_str(), s.core, s.standard);
    }
}
