//! Checks of the hand-written tables in `dictionaries/source/` (the import never writes
//! them): formats, provenance, and every ELF code looked up in the raw ELF list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn source(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../source").join(name)
}

/// Data rows of a TSV file as maps column → cell (comments and the header skipped).
fn rows(name: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(source(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut lines = text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<String> = lines.next().expect("header").split('\t').map(str::to_string).collect();
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            assert!(cells.len() <= header.len(), "{name}: too many cells: {l}");
            header.iter().enumerate().map(|(i, h)| (h.clone(), cells.get(i).unwrap_or(&"").to_string())).collect()
        })
        .collect()
}

/// ELF code → country, from the raw ELF list.
fn elf_countries() -> BTreeMap<String, String> {
    let raw = Path::new(env!("CARGO_MANIFEST_DIR")).join("../raw");
    namestd_dict_import::legal::elf::read_rows(&raw)
        .expect("ELF list")
        .into_iter()
        .map(|r| {
            let cc = if r.country.is_empty() { r.subdivision.chars().take(2).collect() } else { r.country };
            (r.code, cc)
        })
        .collect()
}

#[test]
fn legal_form_additions() {
    let elf = elf_countries();
    let rows = rows("legal_forms_additions.tsv");
    assert!(rows.len() > 200);
    let mut seen = BTreeSet::new();
    for r in &rows {
        let form = &r["form"];
        assert!(!form.is_empty() && !r["canonical"].is_empty(), "empty form or canonical: {r:?}");
        assert_eq!(r["source"], "namestd", "{form}");
        assert!(!r["note"].is_empty(), "{form}: every hand-written row carries a note");
        assert!(["suffix", "prefix", "any"].contains(&r["position"].as_str()), "{form}");
        let countries: Vec<&str> = r["countries"].split(';').filter(|c| !c.is_empty()).collect();
        for c in &countries {
            assert!(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()), "{form}: bad country {c}");
        }
        for code in r["elf"].split(';').filter(|c| !c.is_empty()) {
            let cc = elf.get(code).unwrap_or_else(|| panic!("{form}: ELF code {code} is not in the ELF list"));
            assert!(countries.contains(&cc.as_str()), "{form}: ELF code {code} belongs to {cc}, not {countries:?}");
        }
        assert!(seen.insert((form.clone(), r["countries"].clone())), "{form}: duplicate row");
    }
}

#[test]
fn required_forms_are_present() {
    let forms: BTreeSet<String> = rows("legal_forms_additions.tsv").into_iter().map(|r| r["form"].clone()).collect();
    for f in [
        "株式会社",
        "(株)",
        "有限会社",
        "(有)",
        "合同会社",
        "合資会社",
        "合名会社",
        "一般社団法人",
        "一般財団法人",
        "公益社団法人",
        "国立大学法人",
        "独立行政法人",
        "有限公司",
        "股份有限公司",
        "有限责任公司",
        "有限責任公司",
        "公司",
        "주식회사",
        "(주)",
        "유한회사",
        "유한책임회사",
        "합자회사",
        "ООО",
        "ОАО",
        "ЗАО",
        "ПАО",
        "АО",
        "НАО",
        "ИП",
        "OOO",
        "OAO",
        "ZAO",
        "PAO",
        "AO",
        "ТОВ",
        "ПАТ",
        "ПрАТ",
        "ТОО",
        "ЕООД",
        "ООД",
        "АД",
        "ЕАД",
        "д.о.о.",
        "а.д.",
        "Α.Ε.",
        "ΑΕ",
        "Ε.Π.Ε.",
        "ΕΠΕ",
        "Ο.Ε.",
        "Ε.Ε.",
        "Ι.Κ.Ε.",
        "Ανώνυμη Εταιρεία",
        "בע\"מ",
        "בע״מ",
        "ش.م.م",
        "ش.م.ع",
        "ذ.م.م",
        "Aktiengesellschaft",
        "Kabushiki Kaisha",
        "Besloten Vennootschap",
        "Naamloze Vennootschap",
        "Société Anonyme",
        "Gesellschaft mit beschränkter Haftung",
        "Aktiebolag",
        "Aktiebolaget",
        "Osakeyhtiö",
        "Public Limited Company",
        "Limited",
        "Incorporated",
        "Corporation",
        "Company",
        "GmbH & Co. KG",
        "GmbH & Co. KGaA",
        "AG & Co. KG",
        "AG & Co. KGaA",
        "SE & Co. KGaA",
        "Co., Ltd.",
        "Co. Ltd",
        "Company Limited",
        "Pty Ltd",
        "Pty. Limited",
        "Proprietary Limited",
        "(Pty) Ltd",
        "Pvt. Ltd.",
        "Private Limited",
        "Sdn. Bhd.",
        "Sdn Bhd",
        "Bhd",
        "S.A. de C.V.",
        "S. de R.L. de C.V.",
        "S.A.P.I. de C.V.",
        "S.p.A.",
        "S.r.l.",
        "S.a.r.l.",
        "S.à r.l.",
        "S.A.S.",
        "S.L.",
        "S.L.U.",
        "Ltda.",
        "S/A",
        "Ltda",
        "Kft.",
        "Zrt.",
        "Nyrt.",
        "Sp. z o.o.",
        "s.r.o.",
        "a.s.",
        "d.o.o.",
        "A/S",
        "ApS",
        "AS",
        "ASA",
        "Oy",
        "Oyj",
        "AB (publ)",
        "N.V.",
        "B.V.",
        "Inc.",
        "Corp.",
        "LLC",
        "L.L.C.",
        "LLP",
        "LP",
        "L.P.",
        "PLC",
        "Ltd.",
        "Limited Partnership",
        "Co.",
        "Cie",
        "& Cie",
        "KG",
        "OHG",
        "e.V.",
        "eG",
        "KGaA",
        "SE",
        "PT",
        "Tbk",
        "Pvt Ltd",
    ] {
        assert!(forms.contains(f), "legal_forms_additions.tsv lacks {f}");
    }
}

#[test]
fn countries_table() {
    let rows = rows("countries.tsv");
    assert_eq!(rows.len(), 249);
    let codes: BTreeSet<&str> = rows.iter().map(|r| r["code"].as_str()).collect();
    assert_eq!(codes.len(), 249);
    for office in ["EP", "WO", "EM", "EA", "AP", "OA", "GC", "IB"] {
        assert!(!codes.contains(office), "{office} is a WIPO office code, not ISO 3166-1");
    }
    for r in &rows {
        assert!(!r["name"].is_empty() && !r["scripts"].is_empty(), "{r:?}");
        assert!(["yes", "no"].contains(&r["legal_form_usual"].as_str()), "{r:?}");
        assert_eq!(r["source"], "namestd");
    }
}

#[test]
fn transliteration_table() {
    let rows = rows("transliteration.tsv");
    let mut seen = BTreeSet::new();
    for r in &rows {
        let mut it = r["from"].chars();
        let c = it.next().expect("a character");
        assert!(it.next().is_none(), "one character: {r:?}");
        assert!(seen.insert(c), "duplicate {c}");
        assert!(r["to"].bytes().all(|b| b.is_ascii_lowercase()), "{r:?}");
        assert!(["Cyrillic", "Greek"].contains(&r["script"].as_str()), "{r:?}");
        assert!(r["source"].starts_with("namestd:"), "{r:?}");
    }
    for c in "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґўђјљњћџѓќѕαβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς".chars()
    {
        assert!(seen.contains(&c), "missing {c}");
        for u in c.to_uppercase() {
            assert!(seen.contains(&u) || u == c || "ΐΰς".contains(c), "missing upper case {u}");
        }
    }
}

#[test]
fn person_affixes_and_company_words() {
    for r in rows("person_affixes.tsv") {
        assert!(!r["affix"].is_empty());
        assert!(["title", "suffix"].contains(&r["kind"].as_str()), "{r:?}");
        assert!(["rigour", "namestd"].contains(&r["source"].as_str()), "{r:?}");
    }
    for r in rows("company_words_additions.tsv") {
        assert!(!r["word"].contains(' ') && !r["replacement"].contains(' '), "{r:?}");
        assert_eq!(r["replacement"], r["replacement"].to_lowercase());
        assert_eq!(r["source"], "namestd");
        assert!(!r["note"].is_empty());
    }
}
