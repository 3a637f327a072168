//! Compiles the reviewed TSV tables in `source/` into `fst` maps and generated Rust side
//! tables in `OUT_DIR`. Errors name the table and line to fix.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/format.rs"]
mod format;
#[allow(dead_code)]
#[path = "src/key.rs"]
mod key;

use format::{parse_legal_forms, parse_pairs, split_list, LegalFormRow, Table};

type BuildResult<T> = Result<T, String>;

const KEY_WORD_STOP: u64 = 1 << 32;

fn main() {
    if let Err(e) = try_main() {
        panic!("namestd-dictionaries: {e}");
    }
}

fn try_main() -> BuildResult<()> {
    let src = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?).join("source");
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=source");
    println!("cargo:rerun-if-changed=src/format.rs");
    println!("cargo:rerun-if-changed=src/key.rs");

    let mut code = String::new();
    build_legal_forms(&src, &out, &mut code)?;
    build_company_words(&src, &out, &mut code)?;
    build_word_set(&src, &out, "stop_words", "word", "stop_words.fst")?;
    build_word_set(&src, &out, "given_names", "name", "given_names.fst")?;
    build_word_set(&src, &out, "organization_words", "word", "organization_words.fst")?;
    build_person_affixes(&src, &out)?;
    build_transliteration(&src, &mut code)?;
    build_countries(&src, &mut code)?;
    fs::write(out.join("tables.rs"), code).map_err(|e| e.to_string())?;
    Ok(())
}

/// The files of a table family: `<stem>_additions.tsv` first (hand-reviewed rows win),
/// then `<stem>.tsv`, then any other `<stem>_*.tsv`, in name order.
fn table_files(src: &Path, stem: &str) -> BuildResult<Vec<PathBuf>> {
    let mut others = Vec::new();
    let main = src.join(format!("{stem}.tsv"));
    let additions = src.join(format!("{stem}_additions.tsv"));
    if let Ok(rd) = fs::read_dir(src) {
        for e in rd.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
            if name.starts_with(&format!("{stem}_")) && name.ends_with(".tsv") && p != additions {
                others.push(p);
            }
        }
    }
    others.sort();
    let mut files = Vec::new();
    for p in [additions, main].into_iter().chain(others) {
        if p.exists() {
            println!("cargo:rerun-if-changed={}", p.display());
            files.push(p);
        }
    }
    Ok(files)
}

fn read(p: &Path) -> BuildResult<(String, String)> {
    let text = fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
    Ok((name, text))
}

fn write_map(path: &Path, map: &BTreeMap<String, u64>) -> BuildResult<()> {
    let mut b = fst::MapBuilder::memory();
    for (k, v) in map {
        b.insert(k.as_bytes(), *v).map_err(|e| format!("{}: key {k:?}: {e}", path.display()))?;
    }
    let bytes = b.into_inner().map_err(|e| e.to_string())?;
    fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn build_legal_forms(src: &Path, out: &Path, code: &mut String) -> BuildResult<()> {
    let mut rows: Vec<(String, LegalFormRow)> = Vec::new();
    for p in table_files(src, "legal_forms")? {
        let (name, text) = read(&p)?;
        for r in parse_legal_forms(&name, &text).map_err(|e| e.to_string())? {
            rows.push((name.clone(), r));
        }
    }
    // Keys: space-separated forms by their token keys ([`key::form_key`]), forward and with the
    // tokens in reverse order (for matching at the end of a name); Han, Kana and Hangul
    // forms by their characters.
    let mut fwd_groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut rev_groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut char_groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut kept: Vec<&(String, LegalFormRow)> = Vec::new();
    let mut max_tokens = 1;
    for row in &rows {
        let (table, r) = row;
        let n = kept.len() as u32;
        if key::is_unspaced_form(&r.form) {
            let k = key::char_key(&r.form);
            if k.chars().count() < 2 && !k.contains('(') {
                continue;
            }
            char_groups.entry(k).or_default().push(n);
        } else {
            // A short form written only in brackets (`(Yu)`, the ELF romanization of
            // Korean `(유)`) would match the bare word once brackets are dropped: skip it.
            let t = r.form.trim();
            if t.starts_with('(') && t.ends_with(')') && t.chars().filter(|c| c.is_alphanumeric()).count() <= 3 {
                continue;
            }
            let toks = key::form_tokens(&r.form);
            let fwd = toks.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
            // One-letter keys would strip initials from names (`John A`): not allowed.
            if fwd.chars().filter(|c| *c != ' ').count() < 2 {
                continue;
            }
            if fwd.is_empty() {
                return Err(format!("{table}:{}: form `{}` has an empty match key", r.line, r.form));
            }
            let rev = toks.iter().rev().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
            max_tokens = max_tokens.max(toks.len());
            fwd_groups.entry(fwd).or_default().push(n);
            rev_groups.entry(rev).or_default().push(n);
        }
        kept.push(row);
    }
    // Whether a row's canonical abbreviation is itself matched as this row's form family
    // (so the standard form `FOO SP Z OO` is recognized again): else the standard form
    // writes the form as it was written.
    let canonical_is_form = |r: &LegalFormRow| -> bool {
        let group = if key::is_unspaced_form(&r.canonical) {
            char_groups.get(&key::char_key(&r.canonical))
        } else {
            fwd_groups.get(&key::form_key(&r.canonical))
        };
        group.is_some_and(|g| g.iter().any(|&i| kept[i as usize].1.canonical == r.canonical))
    };
    let mut entries = String::new();
    for (table, r) in &kept {
        let _ = writeln!(
            entries,
            "    LegalFormEntry {{ form: {}, canonical: {}, canonical_is_form: {}, generic: {}, elf: &[{}], countries: &[{}], language: {}, position: Position::{:?}, source: &[{}], inactive: {}, inactive_elf: &[{}], table: {}, line: {} }},",
            lit(&r.form),
            lit(&r.canonical),
            canonical_is_form(r),
            lit(&r.generic),
            r.elf.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", "),
            r.countries.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", "),
            lit(&r.language),
            r.position,
            r.source.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", "),
            r.inactive(),
            r.inactive_codes().iter().map(|s| lit(s)).collect::<Vec<_>>().join(", "),
            lit(table),
            r.line,
        );
    }
    // Groups: (start, len) into a flat member list; the fst values are group indexes.
    let mut members = Vec::new();
    let mut group_code = String::new();
    let mut gi = 0u64;
    let mut add_group = |m: &Vec<u32>| {
        let _ = writeln!(group_code, "    ({}, {}),", members.len(), m.len());
        members.extend_from_slice(m);
        gi += 1;
        gi - 1
    };
    let token_map: BTreeMap<String, u64> = fwd_groups.iter().map(|(k, m)| (k.clone(), add_group(m))).collect();
    let token_rev_map: BTreeMap<String, u64> = rev_groups.iter().map(|(k, m)| (k.clone(), add_group(m))).collect();
    let mut char_map = BTreeMap::new();
    let mut rev_map = BTreeMap::new();
    for (k, m) in &char_groups {
        let g = add_group(m);
        char_map.insert(k.clone(), g);
        rev_map.insert(k.chars().rev().collect::<String>(), g);
    }
    write_map(&out.join("legal_forms_tokens.fst"), &token_map)?;
    write_map(&out.join("legal_forms_tokens_rev.fst"), &token_rev_map)?;
    write_map(&out.join("legal_forms_chars.fst"), &char_map)?;
    write_map(&out.join("legal_forms_chars_rev.fst"), &rev_map)?;
    let _ = writeln!(code, "/// Every legal-form row of the embedded tables, in table order.");
    let _ = writeln!(code, "pub static LEGAL_FORM_ENTRIES: &[LegalFormEntry] = &[\n{entries}];");
    let _ = writeln!(code, "/// Entry groups sharing one match key: (start, len) into [`LEGAL_FORM_GROUP_MEMBERS`].");
    let _ = writeln!(code, "pub static LEGAL_FORM_GROUPS: &[(u32, u32)] = &[\n{group_code}];");
    let _ = writeln!(code, "/// Entry indexes of each group, concatenated.");
    let _ = writeln!(code, "pub static LEGAL_FORM_GROUP_MEMBERS: &[u32] = &{members:?};");
    let _ = writeln!(code, "/// The largest number of tokens in one legal-form key.");
    let _ = writeln!(code, "pub const LEGAL_FORM_MAX_TOKENS: usize = {max_tokens};");
    Ok(())
}

fn build_company_words(src: &Path, out: &Path, code: &mut String) -> BuildResult<()> {
    let mut map: BTreeMap<String, u64> = BTreeMap::new();
    let mut values: Vec<String> = Vec::new();
    let mut value_idx: BTreeMap<String, u64> = BTreeMap::new();
    for p in table_files(src, "company_words")? {
        let (name, text) = read(&p)?;
        for (word, repl, line) in parse_pairs(&name, &text, "word", "replacement").map_err(|e| e.to_string())? {
            let k = key::form_key(&word);
            // Keys are harmonized word by word: multi-word rows (`CO-OP`) cannot apply.
            let _ = line;
            if k.is_empty() || k.contains(' ') {
                continue;
            }
            let v = repl.to_lowercase();
            let vi = *value_idx.entry(v.clone()).or_insert_with(|| {
                values.push(v);
                (values.len() - 1) as u64
            });
            map.entry(k).or_insert(vi);
        }
    }
    write_map(&out.join("company_words.fst"), &map)?;
    // Key words: company words (value = replacement index + 1) and stop words (flag bit),
    // in one map so that a key token needs one lookup. A stop word is checked on the
    // harmonized word, as the key does.
    let mut stops: BTreeMap<String, u64> = BTreeMap::new();
    for p in table_files(src, "stop_words")? {
        let (name, text) = read(&p)?;
        let t = Table::parse(&name, &text).map_err(|e| e.to_string())?;
        let c = t.column("word").map_err(|e| e.to_string())?;
        for (_, row) in t.rows() {
            let k = key::form_key(row.get(c));
            if !k.is_empty() && !k.contains(' ') {
                stops.insert(k, 0);
            }
        }
    }
    let mut key_words: BTreeMap<String, u64> = BTreeMap::new();
    for (k, &vi) in &map {
        let repl = &values[vi as usize];
        let stop = if stops.contains_key(repl) { KEY_WORD_STOP } else { 0 };
        key_words.insert(k.clone(), (vi + 1) | stop);
    }
    for k in stops.keys() {
        key_words.entry(k.clone()).or_insert(KEY_WORD_STOP);
    }
    write_map(&out.join("key_words.fst"), &key_words)?;
    let _ = writeln!(code, "/// Flag bit of a stop word in [`key_words`] values.");
    let _ = writeln!(code, "pub const KEY_WORD_STOP: u64 = {KEY_WORD_STOP};");
    let _ = writeln!(code, "/// Harmonized key words; the company-word map's values index this list.");
    let _ = writeln!(
        code,
        "pub static COMPANY_WORD_VALUES: &[&str] = &[{}];",
        values.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", ")
    );
    Ok(())
}

fn build_word_set(src: &Path, out: &Path, stem: &str, col: &str, file: &str) -> BuildResult<()> {
    let mut map: BTreeMap<String, u64> = BTreeMap::new();
    for p in table_files(src, stem)? {
        let (name, text) = read(&p)?;
        let t = Table::parse(&name, &text).map_err(|e| e.to_string())?;
        let c = t.column(col).map_err(|e| e.to_string())?;
        for (_, row) in t.rows() {
            let word = row.get(c);
            let k = if key::is_unspaced_form(word) { key::char_key(word) } else { key::form_key(word) };
            if !k.is_empty() {
                map.insert(k, 0);
            }
        }
    }
    write_map(&out.join(file), &map)
}

fn build_person_affixes(src: &Path, out: &Path) -> BuildResult<()> {
    let mut map: BTreeMap<String, u64> = BTreeMap::new();
    for p in table_files(src, "person_affixes")? {
        let (name, text) = read(&p)?;
        for (affix, kind, line) in parse_pairs(&name, &text, "affix", "kind").map_err(|e| e.to_string())? {
            let v = match kind.as_str() {
                "title" => 0,
                "suffix" => 1,
                other => return Err(format!("{name}:{line}: kind `{other}` is not title or suffix")),
            };
            let k = key::form_key(&affix);
            if !k.is_empty() {
                map.entry(k).or_insert(v);
            }
        }
    }
    write_map(&out.join("person_affixes.fst"), &map)
}

fn build_transliteration(src: &Path, code: &mut String) -> BuildResult<()> {
    let mut map: BTreeMap<char, String> = BTreeMap::new();
    for p in table_files(src, "transliteration")? {
        let (name, text) = read(&p)?;
        for (from, to, line) in parse_pairs(&name, &text, "from", "to").map_err(|e| e.to_string())? {
            let mut it = from.chars();
            let (Some(c), None) = (it.next(), it.next()) else {
                return Err(format!("{name}:{line}: `from` must be one character, got `{from}`"));
            };
            map.entry(c).or_insert(to.to_lowercase());
        }
    }
    let _ = writeln!(code, "/// Transliteration of Cyrillic and Greek letters for keys, sorted by character.");
    let _ = writeln!(
        code,
        "pub static TRANSLITERATION: &[(char, &str)] = &[{}];",
        map.iter().map(|(c, s)| format!("({c:?}, {})", lit(s))).collect::<Vec<_>>().join(", ")
    );
    Ok(())
}

fn build_countries(src: &Path, code: &mut String) -> BuildResult<()> {
    let mut rows: BTreeMap<String, String> = BTreeMap::new();
    for p in table_files(src, "countries")? {
        let (name, text) = read(&p)?;
        let t = Table::parse(&name, &text).map_err(|e| e.to_string())?;
        let (cc, cn, cns, cs, cl) = (
            t.column("code").map_err(|e| e.to_string())?,
            t.column("name").map_err(|e| e.to_string())?,
            t.optional_column("names"),
            t.optional_column("scripts"),
            t.optional_column("legal_form_usual"),
        );
        for (line, row) in t.rows() {
            let code_ = row.get(cc);
            if code_.len() != 2 || !code_.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(format!("{name}:{line}: `{code_}` is not an ISO 3166-1 alpha-2 code"));
            }
            let names = split_list(row.get_opt(cns));
            let scripts = split_list(row.get_opt(cs));
            let usual = row.get_opt(cl) == "yes";
            rows.entry(code_.to_string()).or_insert_with(|| {
                format!(
                    "    Country {{ code: {}, name: {}, names: &[{}], scripts: &[{}], legal_form_usual: {usual} }},",
                    lit(code_),
                    lit(row.get(cn)),
                    names.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", "),
                    scripts.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", "),
                )
            });
        }
    }
    let _ = writeln!(code, "/// ISO 3166-1 countries, sorted by code.");
    let _ = writeln!(
        code,
        "pub static COUNTRIES: &[Country] = &[\n{}\n];",
        rows.values().cloned().collect::<Vec<_>>().join("\n")
    );
    Ok(())
}
