//! DNB name_matching `legal_names.csv` (abbreviation ↔ full name) → candidates (source
//! `dnb`). Both spellings become forms with the abbreviation as canonical.

use super::cleanco::needs_corroboration;
use super::filters::{abbreviation_ok, cyrillic_form_ok, multiword_form_ok, skip_reason};
use super::{prio, Cand};
use crate::text::{canonical, collapse_ws, join_key};
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The DNB legal names file.
pub const FILE: &str = "dnb/legal_names.csv";

/// Rows skipped by hand (abbreviation, full name): wrong pairings (`a.d.` ↔ `assembleia de
/// deus`, `d.d.` ↔ a d.o.o. name, `s.a.e.` ↔ an LLC name), rows that say they do not apply,
/// translations nobody writes in a name (Hausa, Hindi, Tagalog, French for Cambodia).
const SKIP: &[(&str, &str)] = &[
    ("a.d.", "assembleia de deus"),
    ("e.a.d.", "educação a distância"),
    ("e.t.", "empresa de transporte"),
    ("s.d.", "sociedade em descomandita"),
    ("g", "gebietskorperschaft"),
    ("kor", "korperschaft des offentlichen rechts"),
    ("d.d.", "drushtvo s ogranichenom odgovornoshtyu"),
    ("ultd", "you xian ze ren gong si"),
    ("ltd", "privatei"),
    ("limited", "privatei"),
    ("gte.", "gidajen tattalin arziki"),
    ("plc", "kamfanin jama'a"),
    ("ltd.", "kamfanin iyaka"),
    ("ultd.", "kamfanin alhakin iyaka"),
    ("ent.", "negosyo"),
    ("pt", "pryvatne tovarystvo"),
    ("ks", "kommunesammenslutning"),
    ("uk", "unitar korxona"),
    ("ok", "ommaviy korxona"),
    ("g.p.", "groupement de promotion"),
    ("s.e.p.", "société européenne privée"),
    ("kft.", "kereskedelmi és szolgáltató korlátolt felelősségű társaság"),
    ("kft.", "kereskedelmi kft"),
    ("kft.", "kereskedelmi korlátolt felelősségű társaság"),
    ("sm pte ltd.", "societe a responsabilite limitee privee"),
    ("pte ltd.", "societe a responsabilite limitee"),
    ("plc ltd.", "societe anonyme publique limitee"),
    ("p.e.e.c.", "partenariat d'entreprise d'economie mixte"),
    ("g.s", "grundejerforening"),
    ("b.e.g.", "betriebe der gebietskörperschaften"),
    ("s.a.", "sosyete anonim"),
    ("sa", "sosyete anonim"),
    ("s.a.e.", "sharikat almas'ouliya almahdouda"),
    ("ab", "aktiengesellschaft"),
    ("pvt. ltd.", "niji seemit dayitva"),
    ("ltd.", "seemit dayitva"),
    ("psu", "sarkari upakram"),
    ("pse", "sarkari udyam"),
    ("coop.", "kooperatiba"),
    ("corp.", "korporasyon"),
    ("corp", "korporasyon"),
    ("inc.", "inkorporada"),
    ("inc", "inkorporada"),
    ("llc", "limitadong pananagutan kumpanya"),
    ("l.l.c.", "limitadong pananagutan kumpanya"),
    ("ltd.", "limitado"),
    ("pte", "private"),
    ("a.a.t.", "aktsyyanernaye atkrytae tavarystva"),
    ("suc. de descendants", "sucesión de descendientes"),
    ("etat", "etat"),
];

/// Reads the DNB rows as (abbreviation, full name).
pub fn read_rows(raw: &Path) -> Result<Vec<(String, String)>> {
    let path = raw.join(FILE);
    let mut out = Vec::new();
    for rec in crate::csv_records(&path)? {
        out.push((collapse_ws(rec.get(0).unwrap_or("")), collapse_ws(rec.get(1).unwrap_or(""))));
    }
    Ok(out)
}

/// DNB candidates; `known` holds the join keys of the ELF, rigour, KUL and NBER forms (with
/// their countries).
pub fn candidates(raw: &Path, known: &BTreeMap<String, BTreeSet<String>>) -> Result<Vec<Cand>> {
    let mut out = Vec::new();
    for (abbr, full) in read_rows(raw)? {
        if abbr.is_empty() || SKIP.contains(&(abbr.as_str(), full.as_str())) || full.contains("not applicable") {
            continue;
        }
        let canon = canonical(&abbr);
        let abbr_ok = abbreviation_ok(&abbr)
            && skip_reason(&abbr).is_none()
            && cyrillic_form_ok(&abbr)
            && (!needs_corroboration(&abbr) || known.contains_key(&join_key(&abbr)));
        if abbr_ok {
            out.push(Cand::alias(&abbr, &canon, "", "dnb", prio::DNB));
        }
        if !full.is_empty()
            && join_key(&full) != join_key(&abbr)
            && skip_reason(&full).is_none()
            && multiword_form_ok(&full)
            && cyrillic_form_ok(&full)
            && abbr_ok
        {
            out.push(Cand::alias(&full, &canon, "", "dnb", prio::DNB));
        }
    }
    Ok(out)
}
