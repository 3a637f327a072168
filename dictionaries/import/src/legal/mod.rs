//! The legal-form table: candidates from every source, joined on the ELF list, merged,
//! given a generic class and a position, and written as `legal_forms.tsv`.

pub mod cleanco;
pub mod dnb;
pub mod elf;
pub mod filters;
pub mod kul;
pub mod nber;
pub mod position;
pub mod rigour;

use crate::text::{cell, join_key};
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Source priorities: the lower, the more its form spelling and canonical are preferred.
pub mod prio {
    /// ISO 20275 ELF list.
    pub const ELF: u8 = 0;
    /// rigour org_types.
    pub const RIGOUR: u8 = 1;
    /// KU Leuven (Magerman) tables.
    pub const KUL: u8 = 2;
    /// NBER / Derwent rules.
    pub const NBER: u8 = 3;
    /// DNB name_matching legal names.
    pub const DNB: u8 = 4;
    /// cleanco terms.
    pub const CLEANCO: u8 = 5;
}

/// A legal-form candidate from one source (or several, once merged).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cand {
    /// The form as written.
    pub form: String,
    /// Canonical abbreviation (upper case, no periods, own script).
    pub canonical: String,
    /// Whether the canonical came from an abbreviation (not an upper-cased name).
    pub canonical_from_abbrev: bool,
    /// Generic class, empty if unknown.
    pub generic: String,
    /// ELF codes.
    pub elf: BTreeSet<String>,
    /// ISO 3166-1 alpha-2 countries.
    pub countries: BTreeSet<String>,
    /// ISO 639-1 language, empty if unknown or mixed.
    pub language: String,
    /// Provenance tags.
    pub sources: BTreeSet<String>,
    /// Notes for the reviewer.
    pub notes: BTreeSet<String>,
    /// ELF codes among `elf` whose status is inactive.
    pub inactive_codes: BTreeSet<String>,
    /// Source priority (see [`prio`]).
    pub prio: u8,
}

impl Cand {
    /// A candidate from a non-ELF source.
    pub fn alias(form: &str, canonical: &str, generic: &str, source: &str, prio: u8) -> Cand {
        let mut c = Cand {
            form: form.to_string(),
            canonical: canonical.to_string(),
            canonical_from_abbrev: true,
            generic: generic.to_string(),
            prio,
            ..Cand::default()
        };
        c.sources.insert(source.to_string());
        c
    }

    /// Merges `other` into `self`: the spelling and canonical of `self` win; sets are joined;
    /// a language both do not share is dropped; the first non-empty generic wins.
    fn absorb(&mut self, other: &Cand) {
        self.elf.extend(other.elf.iter().cloned());
        self.sources.extend(other.sources.iter().cloned());
        self.notes.extend(other.notes.iter().cloned());
        self.inactive_codes.extend(other.inactive_codes.iter().cloned());
        if self.language != other.language {
            self.language.clear();
        }
        if self.generic.is_empty() {
            self.generic = other.generic.clone();
        }
    }
}

/// One output row of `legal_forms.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalRow {
    /// The form as written.
    pub form: String,
    /// Canonical abbreviation.
    pub canonical: String,
    /// Generic class.
    pub generic: String,
    /// ELF codes.
    pub elf: Vec<String>,
    /// Countries.
    pub countries: Vec<String>,
    /// Language.
    pub language: String,
    /// `suffix`, `prefix` or `any`.
    pub position: &'static str,
    /// Provenance tags.
    pub source: Vec<String>,
    /// Reviewer note.
    pub note: String,
}

/// The header of `legal_forms.tsv`.
pub const HEADER: &str = "form\tcanonical\tgeneric\telf\tcountries\tlanguage\tposition\tsource\tnote";

fn countries_key(c: &BTreeSet<String>) -> String {
    c.iter().cloned().collect::<Vec<_>>().join(";")
}

/// Merges ELF candidates with the same form key and country; rows whose canonicals both
/// come from abbreviations and differ stay apart, a canonical from an upper-cased name
/// gives way to one from an abbreviation.
pub fn merge_elf(cands: Vec<Cand>) -> Vec<Cand> {
    let mut groups: BTreeMap<(String, String), Vec<Cand>> = BTreeMap::new();
    let mut order: Vec<(String, String)> = Vec::new();
    for c in cands {
        let k = (join_key(&c.form), countries_key(&c.countries));
        if !groups.contains_key(&k) {
            order.push(k.clone());
        }
        groups.entry(k).or_default().push(c);
    }
    let mut out = Vec::new();
    for k in order {
        let members = groups.remove(&k).unwrap_or_default();
        let mut by_canon: Vec<Cand> = Vec::new();
        let mut name_canon: Vec<Cand> = Vec::new();
        for m in members {
            if !m.canonical_from_abbrev {
                name_canon.push(m);
                continue;
            }
            match by_canon.iter_mut().find(|g| g.canonical == m.canonical) {
                Some(g) => g.absorb(&m),
                None => by_canon.push(m),
            }
        }
        for m in name_canon {
            match by_canon.first_mut() {
                Some(g) => g.absorb(&m),
                None => by_canon.push(m),
            }
        }
        out.extend(by_canon);
    }
    out
}

/// Joins alias candidates (non-ELF sources) onto the ELF rows and merges the rest among
/// themselves. An alias whose form key is an ELF form key adds its source (and generic) to
/// those ELF rows, restricted to its own countries when it has any; its countries the ELF
/// list does not cover make a row of their own.
pub fn join_aliases(elf_rows: Vec<Cand>, aliases: Vec<Cand>) -> Vec<Cand> {
    let mut rows = elf_rows;
    let mut index: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        index.entry(join_key(&r.form)).or_default().push(i);
    }
    let mut pool: BTreeMap<(String, String), Cand> = BTreeMap::new();
    let mut pool_order: Vec<(String, String)> = Vec::new();
    let mut first_canonical: BTreeMap<String, String> = BTreeMap::new();
    let mut aliases = aliases;
    aliases.sort_by_key(|a| a.prio); // stable: file order within a source
    for a in aliases {
        let key = join_key(&a.form);
        let mut rest = a.countries.clone();
        if let Some(ix) = index.get(&key) {
            let mut covered: BTreeSet<String> = BTreeSet::new();
            for &i in ix {
                let r = &mut rows[i];
                covered.extend(r.countries.iter().cloned());
                if a.countries.is_empty() || !a.countries.is_disjoint(&r.countries) {
                    r.sources.extend(a.sources.iter().cloned());
                    if r.generic.is_empty() {
                        r.generic = a.generic.clone();
                    }
                }
            }
            if a.countries.is_empty() {
                continue;
            }
            rest = rest.difference(&covered).cloned().collect();
            if rest.is_empty() {
                continue;
            }
        }
        let mut a = a;
        a.countries = rest;
        // A form the ELF list knows keeps the ELF canonical when the ELF rows agree on one.
        if let Some(ix) = index.get(&key) {
            let canons: BTreeSet<&String> = ix.iter().map(|&i| &rows[i].canonical).collect();
            if canons.len() == 1 {
                a.canonical = (*canons.iter().next().expect("one canonical")).clone();
            }
        }
        // A later (lower-priority) spelling of a form the pool already has keeps the pool's canonical.
        if let Some(first) = first_canonical.get(&key) {
            a.canonical = first.clone();
        } else {
            first_canonical.insert(key.clone(), a.canonical.clone());
        }
        let pk = (key, countries_key(&a.countries));
        match pool.get_mut(&pk) {
            Some(p) => {
                p.sources.extend(a.sources.iter().cloned());
                p.notes.extend(a.notes.iter().cloned());
                if p.generic.is_empty() {
                    p.generic = a.generic.clone();
                }
            }
            None => {
                pool_order.push(pk.clone());
                pool.insert(pk, a);
            }
        }
    }
    for k in pool_order {
        if let Some(c) = pool.remove(&k) {
            rows.push(c);
        }
    }
    rows
}

/// Sets the generic classes. A row with ELF codes takes the class most of its codes'
/// forms have in rigour (by form key; `SE` alone is a state enterprise in rigour, but
/// `Europäische Aktiengesellschaft` and `Societas Europaea` outvote it); other rows take
/// rigour's class for their form key. Rows still without a class take rigour's class for
/// their canonical when rigour maps that canonical to one class only.
pub fn fill_generic(
    rows: &mut [Cand],
    rigour_by_key: &BTreeMap<String, String>,
    rigour_by_canonical: &BTreeMap<String, String>,
) {
    let mut votes: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in rows.iter() {
        if let Some(g) = rigour_by_key.get(&join_key(&r.form)) {
            for e in &r.elf {
                *votes.entry(e.clone()).or_default().entry(g.clone()).or_default() += 1;
            }
        }
    }
    for r in rows.iter_mut() {
        let mut tally: BTreeMap<String, usize> = BTreeMap::new();
        for e in &r.elf {
            for (g, n) in votes.get(e).into_iter().flatten() {
                *tally.entry(g.clone()).or_default() += n;
            }
        }
        let best = tally.values().copied().max().unwrap_or(0);
        let winners: Vec<&String> = tally.iter().filter(|(_, n)| **n == best).map(|(g, _)| g).collect();
        if best > 0 && winners.len() == 1 {
            r.generic = winners[0].clone();
        } else if let Some(g) = rigour_by_key.get(&join_key(&r.form)) {
            r.generic = g.clone();
        }
        if r.generic.is_empty() {
            if let Some(g) = rigour_by_canonical.get(&r.canonical) {
                r.generic = g.clone();
            }
        }
        if let Some((_, g)) = GENERIC_OVERRIDES.iter().find(|(c, _)| *c == r.canonical) {
            r.generic = g.to_string();
        }
    }
}

/// Generic classes by canonical where rigour is ambiguous or wrong for the form as a legal
/// form: `SE` is the Societas Europaea (rigour files `SE` under state enterprises), `AB`,
/// `ASA`, `KK` are joint-stock companies, `YK`, `GK` limited-liability ones, and `Co.` /
/// `Cie` say nothing about the form.
pub const GENERIC_OVERRIDES: &[(&str, &str)] = &[
    ("SE", "JSC"),
    ("SCE", "COOP"),
    ("AB", "JSC"),
    ("ASA", "JSC"),
    ("KK", "JSC"),
    ("YK", "LLC"),
    ("GK", "LLC"),
    ("CO", ""),
    ("& CO", ""),
    ("CIE", ""),
    ("& CIE", ""),
];

/// The position of every row: rows tied to countries get their own; a row without
/// countries takes the position its form has in the country rows when those agree, `any`
/// when they disagree, else its own.
fn positions(rows: &[Cand]) -> Vec<&'static str> {
    let own: Vec<&'static str> = rows.iter().map(|c| position::position(&c.form, &c.language, &c.countries)).collect();
    let mut by_key: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for (c, p) in rows.iter().zip(&own) {
        if !c.countries.is_empty() {
            by_key.entry(crate::text::fold(&join_key(&c.form))).or_default().insert(p);
        }
    }
    rows.iter()
        .zip(own)
        .map(|(c, p)| {
            if !c.countries.is_empty() {
                return p;
            }
            match by_key.get(&crate::text::fold(&join_key(&c.form))) {
                Some(set) if set.len() == 1 => set.iter().next().copied().unwrap_or(p),
                Some(set) if set.len() > 1 => "any",
                _ => p,
            }
        })
        .collect()
}

/// Canonicals for forms whose sources give none (or one that disagrees with the
/// hand-reviewed additions), by folded join key: Greek, Russian, Ukrainian, Belarusian,
/// Uzbek and Vietnamese long forms, pinyin, and a few abbreviations whose usual canonical
/// differs from the ELF spelling (`S.A. P.I. de C.V.` → `SAPI DE CV`, `Spol. s r. o.` → `SRO`).
pub const CANONICAL_OVERRIDES: &[(&str, &str)] = &[
    ("ανωνυμη εταιρεια", "ΑΕ"),
    ("ανωνυμη εταιρια", "ΑΕ"),
    ("εταιρεια περιορισμενης ευθυνης", "ΕΠΕ"),
    ("ομορρυθμη εταιρεια", "ΟΕ"),
    ("ετερορρυθμη εταιρεια", "ΕΕ"),
    ("ετερορρυθμη εταιρια", "ΕΕ"),
    ("ιδιωτικη κεφαλαιουχικη εταιρεια", "ΙΚΕ"),
    ("μονοπροσωπη επε", "ΜΕΠΕ"),
    ("ανωνυμη βιομηχανικη εμπορικη εταιρεια", "ΑΒΕΕ"),
    ("ομορρυθμη βιομηχανικη εμπορικη εταιρεια", "ΟΒΕΕ"),
    ("anonimi etaireia", "AE"),
    ("etaireia periorismenis efthinis", "EPE"),
    ("eterorrithmi etaireia", "EE"),
    ("omorrithmi etaireia", "OE"),
    ("idiotiki kefalaiouchiki etaireia", "IKE"),
    ("monoprosopi etaireia periorismenis efthinis", "MEPE"),
    ("anonimi viomichaniki emboriki etaireia", "AVEE"),
    ("omorrithmi viomichaniki emboriki etaireia", "OVEE"),
    ("государственное автономное учреждение", "ГАУ"),
    ("государственное бюджетное учреждение", "ГБУ"),
    ("государственное казенное учреждение", "ГКУ"),
    ("муниципальное автономное учреждение", "МАУ"),
    ("муниципальное бюджетное учреждение", "МБУ"),
    ("муниципальное казенное предприятие", "МКП"),
    ("федеральное государственное автономное учреждение", "ФГАУ"),
    ("казенное предприятие", "КП"),
    ("республиканское унитарное предприятие", "РУП"),
    ("совместное общество с ограниченной ответственностью", "СООО"),
    ("частное унитарное предприятие", "ЧУП"),
    ("государственная корпорация", "ГК"),
    ("публично-правовая компания", "ППК"),
    ("государственное научно-производственное предприятие", "ГНПП"),
    ("закрытае ацыянернае таварыства", "ЗАТ"),
    ("акціонерне товариство", "АТ"),
    ("акціонерного товариства", "АТ"),
    ("приватне акціонерне товариство", "ПРАТ"),
    ("закрите акціонерне товариство", "ЗАТ"),
    ("державне акціонерне товариство", "ДАТ"),
    ("товариство з додатковою відповідальністю", "ТДВ"),
    ("командитне товариство", "КТ"),
    ("повне товариство", "ПТ"),
    ("акционерное общество", "АО"),
    ("общество с ограниченной ответственностью", "ООО"),
    ("акциядорлик жамияти", "АЖ"),
    ("очиқ акциядорлик жамияти", "ОАЖ"),
    ("ёпиқ акциядорлик жамияти", "ЁАЖ"),
    ("қўшимча масъулиятли жамият", "ҚМЖ"),
    ("akciova spolecnost", "AS"),
    ("sociedade anonima", "SA"),
    ("sociedade anonima desportiva", "SAD"),
    ("europaeisk selskab", "SE"),
    ("europaeisk andelsselskab", "SCE"),
    ("exploitation agricole a responsabilite limitee", "EARL"),
    ("avoin yhtio", "AY"),
    ("asunto-osakeyhtio", "AS OY"),
    ("jednoducha spolocnost na akcie", "JSA"),
    ("jednoducha spol na akcie", "JSA"),
    ("открытое акционерное общество", "ОАО"),
    ("закрытое акционерное общество", "ЗАО"),
    ("публичное акционерное общество", "ПАО"),
    ("непубличное акционерное общество", "НАО"),
    ("индивидуальный предприниматель", "ИП"),
    ("товарищество с ограниченной ответственностью", "ТОО"),
    ("товариство з обмеженою відповідальністю", "ТОВ"),
    ("публічне акціонерне товариство", "ПАТ"),
    ("cong ty co phan", "CÔNG TY CP"),
    ("cong ty trach nhiem huu han", "CÔNG TY TNHH"),
    ("cong ty trach nhiem huu han mot thanh vien", "CÔNG TY TNHH MTV"),
    ("gufen youxian gongsi", "GUFEN YOUXIAN GONGSI"),
    ("youxian gongsi", "YOUXIAN GONGSI"),
    ("lda", "LDA"),
    ("sa pi de cv", "SAPI DE CV"),
    ("sa pi", "SAPI"),
    ("sa pi b", "SAPIB"),
    ("spol sro", "SRO"),
];

/// Turns merged candidates into sorted output rows.
pub fn finish(mut rows: Vec<Cand>) -> Vec<LegalRow> {
    for r in rows.iter_mut() {
        let key = crate::text::fold(&join_key(&r.form));
        if let Some((_, c)) = CANONICAL_OVERRIDES.iter().find(|(k, _)| crate::text::fold(k) == key) {
            r.canonical = c.to_string();
        }
    }
    let pos = positions(&rows);
    let mut out: Vec<LegalRow> = rows
        .into_iter()
        .zip(pos)
        .map(|(c, position)| {
            let mut notes: Vec<String> = c.notes.iter().cloned().collect();
            if !c.inactive_codes.is_empty() {
                if c.inactive_codes == c.elf {
                    notes.insert(0, "inactive".to_string());
                } else {
                    let codes: Vec<String> = c.inactive_codes.iter().cloned().collect();
                    notes.insert(0, format!("inactive: {}", codes.join(" ")));
                }
            }
            LegalRow {
                form: c.form,
                canonical: c.canonical,
                generic: c.generic,
                elf: c.elf.into_iter().collect(),
                countries: c.countries.into_iter().collect(),
                language: c.language,
                position,
                source: c.sources.into_iter().collect(),
                note: notes.join("; "),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.form.to_lowercase(), &a.form, a.countries.join(";"), &a.canonical).cmp(&(
            b.form.to_lowercase(),
            &b.form,
            b.countries.join(";"),
            &b.canonical,
        ))
    });
    out.dedup();
    out
}

/// Renders rows as `legal_forms.tsv` text.
pub fn render(rows: &[LegalRow]) -> String {
    let mut s = String::new();
    s.push_str("# Imported legal forms. GENERATED by `cargo run -p namestd-dict-import -- dictionaries`\n");
    s.push_str("# from dictionaries/raw/ (ELF: GLEIF ISO 20275; rigour; KU Leuven; NBER; cleanco; DNB).\n");
    s.push_str("# Do not edit: add hand-reviewed rows to legal_forms_additions.tsv instead.\n");
    s.push_str(HEADER);
    s.push('\n');
    for r in rows {
        let cells = [
            cell(&r.form),
            cell(&r.canonical),
            cell(&r.generic),
            r.elf.join(";"),
            r.countries.join(";"),
            cell(&r.language),
            r.position.to_string(),
            r.source.join(";"),
            cell(&r.note),
        ];
        s.push_str(&cells.join("\t"));
        s.push('\n');
    }
    s
}

/// Builds the legal-form table from the raw sources.
pub fn build(raw: &Path) -> Result<Vec<LegalRow>> {
    let elf_rows = elf::read_rows(raw)?;
    let elf_cands = elf::candidates(&elf_rows);
    let rigour_types = rigour::read_types(raw)?;
    let mut aliases = rigour::candidates(&rigour_types);
    aliases.extend(kul::candidates(raw)?);
    aliases.extend(nber::candidates(raw)?);
    // Short cleanco and DNB forms need another source with the same form (for cleanco, in
    // one of its countries, or without countries).
    let mut known: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in elf_cands.iter().chain(aliases.iter()) {
        let e = known.entry(join_key(&c.form)).or_default();
        if c.countries.is_empty() {
            e.insert("*".to_string());
        }
        e.extend(c.countries.iter().cloned());
    }
    aliases.extend(dnb::candidates(raw, &known)?);
    aliases.extend(cleanco::candidates(raw, &known)?);
    let mut rows = join_aliases(merge_elf(elf_cands), aliases);
    let (by_key, by_canonical) = rigour::generic_maps(&rigour_types);
    fill_generic(&mut rows, &by_key, &by_canonical);
    Ok(finish(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elf(form: &str, canon: &str, code: &str, cc: &str) -> Cand {
        let mut c = Cand { form: form.into(), canonical: canon.into(), canonical_from_abbrev: true, ..Cand::default() };
        c.elf.insert(code.into());
        c.countries.insert(cc.into());
        c.sources.insert(format!("elf:{code}"));
        c
    }

    #[test]
    fn aliases_join_elf_rows() {
        let rows = merge_elf(vec![elf("S.A.", "SA", "AAAA", "AR"), elf("S.A.", "SA", "BBBB", "FR")]);
        assert_eq!(rows.len(), 2);
        let mut a = Cand::alias("SA", "SA", "JSC", "rigour", prio::RIGOUR);
        a.countries.clear();
        let mut b = Cand::alias("s.a.", "SA", "", "cleanco", prio::CLEANCO);
        b.countries.insert("CL".into());
        b.countries.insert("FR".into());
        let out = join_aliases(rows, vec![b, a]);
        assert_eq!(out.len(), 3);
        assert!(out[0].sources.contains("rigour") && out[0].generic == "JSC");
        assert!(!out[0].sources.contains("cleanco"));
        assert!(out[1].sources.contains("cleanco"));
        assert_eq!(out[2].countries.iter().collect::<Vec<_>>(), vec!["CL"]);
        assert_eq!(out[2].form, "s.a.");
    }

    #[test]
    fn elf_merge_prefers_abbreviation_canonicals() {
        let mut name = elf("Limited Partnership", "LIMITED PARTNERSHIP", "CCCC", "CA");
        name.canonical_from_abbrev = false;
        let out = merge_elf(vec![
            name,
            elf("Limited Partnership", "LP", "DDDD", "CA"),
            elf("Limited Partnership", "SEC", "EEEE", "CA"),
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].canonical, "LP");
        assert_eq!(out[0].elf.len(), 2);
    }

    #[test]
    fn rows_sort_and_render() {
        let rows = finish(vec![elf("b", "B", "X", "DE"), elf("A", "A", "Y", "FR")]);
        assert_eq!(rows[0].form, "A");
        let text = render(&rows);
        assert!(text.lines().any(|l| l == HEADER));
        assert!(text.contains("A\tA\t\tY\tFR\t\tsuffix\telf:Y\t\n"));
    }
}
