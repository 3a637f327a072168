//! `namestd dict`: look up and list the legal-form dictionary.

use anyhow::{anyhow, Result};
use namestd::dictionary::{loose_key, FormRecord};
use namestd::Standardizer;
use std::io::Write;

/// `namestd dict ...`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// What the pipeline finds in a text, and the dictionary entries written like it.
    Lookup(LookupArgs),
    /// List the dictionary's entries, optionally of one country.
    List(ListArgs),
}

/// Options of `namestd dict lookup`.
#[derive(Debug, clap::Args)]
pub struct LookupArgs {
    /// A legal form (`GmbH & Co. KG`) or a whole name (`Siemens Aktiengesellschaft`).
    pub text: String,
    /// ISO 3166-1 country of the applicant.
    #[arg(long)]
    pub country: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `namestd dict list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only forms of this jurisdiction (generic forms included).
    #[arg(long)]
    pub country: Option<String>,
    /// Print NDJSON, one entry a line.
    #[arg(long)]
    pub json: bool,
}

/// Runs `namestd dict ...`.
pub fn run(cmd: &Command) -> Result<()> {
    let std = Standardizer::default();
    let mut out = std::io::stdout().lock();
    match cmd {
        Command::Lookup(a) => lookup(&std, a, &mut out),
        Command::List(a) => {
            let country = check_country(a.country.as_deref())?;
            for r in std.dictionaries().records() {
                if country.as_ref().is_some_and(|c| !r.countries.is_empty() && !r.countries.contains(c)) {
                    continue;
                }
                if a.json {
                    writeln!(out, "{}", record_json(r))?;
                } else {
                    writeln!(out, "{}", record_line(r))?;
                }
            }
            Ok(())
        }
    }
}

fn check_country(c: Option<&str>) -> Result<Option<String>> {
    match c.map(str::trim) {
        None | Some("") => Ok(None),
        Some(c) if c.len() == 2 && c.chars().all(|x| x.is_ascii_alphabetic()) => Ok(Some(c.to_ascii_uppercase())),
        Some(c) => Err(anyhow!("--country must be an ISO 3166-1 alpha-2 code (`DE`), not `{c}`")),
    }
}

fn record_json(r: &FormRecord) -> serde_json::Value {
    serde_json::json!({
        "form": r.form, "canonical": r.canonical, "genericClass": r.generic, "elfCodes": r.elf,
        "countryCodes": r.countries, "languageCode": r.language, "position": r.position,
        "inactive": r.inactive, "sources": r.source,
    })
}

fn record_line(r: &FormRecord) -> String {
    format!(
        "{:<28} {:<18} {:<6} {:<10} {:<14} {}{}",
        r.form,
        r.canonical,
        if r.generic.is_empty() { "-" } else { &r.generic },
        if r.countries.is_empty() { "any".to_string() } else { r.countries.join(",") },
        if r.elf.is_empty() { "-".to_string() } else { r.elf.join(",") },
        r.source.join(","),
        if r.inactive { " (inactive)" } else { "" }
    )
}

fn lookup(std: &Standardizer, a: &LookupArgs, out: &mut impl Write) -> Result<()> {
    let country = check_country(a.country.as_deref())?;
    let mut input = namestd::NameInput::new(&a.text);
    input.country = country.as_deref();
    let s = std.standardize_input(&input);
    let k = loose_key(&a.text);
    let entries: Vec<&FormRecord> = std
        .dictionaries()
        .records()
        .iter()
        .filter(|r| loose_key(&r.form) == k || loose_key(&r.canonical) == k)
        .filter(|r| country.as_ref().is_none_or(|c| r.countries.is_empty() || r.countries.contains(c)))
        .collect();
    if a.json {
        let v = serde_json::json!({
            "text": a.text, "countryCode": country, "found": s.legal_forms().collect::<Vec<_>>(),
            "core": s.core, "entries": entries.iter().map(|r| record_json(r)).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    let forms: Vec<_> = s.legal_forms().collect();
    if forms.is_empty() {
        writeln!(out, "no legal form found in \"{}\"", a.text)?;
    }
    for f in forms {
        writeln!(
            out,
            "found: \"{}\" → {} (class {}, {}, ELF {}, jurisdictions {}; decided by {})",
            f.written,
            f.canonical,
            if f.generic.is_empty() { "-" } else { &f.generic },
            serde_json::to_value(f.position).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
            if f.elf.is_empty() { "-".to_string() } else { f.elf.join(",") },
            if f.jurisdictions.is_empty() {
                "-".to_string()
            } else {
                f.jurisdictions.iter().map(|j| j.as_str().to_string()).collect::<Vec<_>>().join(",")
            },
            serde_json::to_value(f.decision).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
        )?;
    }
    if s.core != s.cleaned {
        writeln!(out, "core: {}", s.core)?;
    }
    writeln!(out, "{} dictionary entries written like it{}", entries.len(), if entries.is_empty() { "" } else { ":" })?;
    for r in entries.iter().take(50) {
        writeln!(out, "  {}", record_line(r))?;
    }
    Ok(())
}
