//! A branch, plant, office, department or division named instead of the legal entity:
//! `Siemens AG, Werk Erlangen`, `XYZ GmbH Niederlassung Berlin`, `Sony Corp. Tokyo Branch`,
//! `IBM Research Division`.

use super::Ctx;
use crate::quality::Suggestion;

/// Words that always name a branch (folded).
const BRANCH_STRONG: &[&str] = &[
    "zweigniederlassung",
    "niederlassung",
    "filiale",
    "succursale",
    "sucursal",
    "filial",
    "филиал",
    "представительство",
    "branch office",
    "representative office",
    "liaison office",
    "zweigstelle",
    "betriebsstatte",
];

/// Words that name a branch or plant when they follow the legal entity's name.
const BRANCH_WEAK: &[&str] = &["branch", "plant", "werk", "factory", "usine", "stabilimento", "fabrik", "office"];

/// Words that name a department or division.
const DEPARTMENT: &[&str] = &[
    "division",
    "department",
    "dept",
    "abteilung",
    "geschaftsbereich",
    "unternehmensbereich",
    "отделение",
    "business unit",
    "departement",
    "departamento",
    "dipartimento",
    "afdeling",
];

/// Lower-case words of which one must be in the name for the checks to run.
fn is_trigger(w: &str) -> bool {
    matches!(
        w,
        "zweigniederlassung"
            | "niederlassung"
            | "filiale"
            | "succursale"
            | "sucursal"
            | "filial"
            | "филиал"
            | "представительство"
            | "zweigstelle"
            | "betriebsstätte"
            | "branch"
            | "plant"
            | "werk"
            | "factory"
            | "usine"
            | "stabilimento"
            | "fabrik"
            | "office"
            | "division"
            | "department"
            | "dept"
            | "abteilung"
            | "geschäftsbereich"
            | "unternehmensbereich"
            | "отделение"
            | "unit"
            | "département"
            | "departement"
            | "departamento"
            | "dipartimento"
            | "afdeling"
    )
}

/// Branch and department words in unspaced scripts.
const CJK_BRANCH: &[&str] =
    &["支店", "支社", "分公司", "分行", "営業所", "工場", "지점", "지사", "분점", "事業所", "分店"];
const CJK_DEPARTMENT: &[&str] = &["事業部", "事业部", "研究部", "본부", "사업부"];

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let cleaned = ctx.cleaned();
    if !cleaned.is_ascii() {
        for (list, code) in [(CJK_BRANCH, "entity.branch"), (CJK_DEPARTMENT, "entity.department")] {
            if let Some((i, w)) = list.iter().find_map(|w| cleaned.find(w).map(|i| (i, *w))) {
                if i > 0 {
                    let span = ctx.span_cleaned(i, i + w.len());
                    ctx.flag(
                        code,
                        format!("`{w}` names a part of the legal entity, not the entity itself"),
                        span,
                        None,
                    );
                    return;
                }
            }
        }
    }
    if !ctx.any_lower_word_of(4, is_trigger) {
        return;
    }
    ctx.load();
    let n = ctx.tokens.len();
    if n < 2 {
        return;
    }
    let forms = ctx.forms();
    // The end of the first legal form that is followed by more words (the entity's name).
    // The end of the legal forms that close the entity's name before token `i` (the last
    // of a run: `Siemens AG AG, Werk Erlangen`).
    let entity_end_before = |i: usize| forms.iter().filter(|(f, k)| *f > 0 && f + k <= i).map(|(f, k)| f + k).max();
    let segs = ctx.segments.clone();
    let toks: Vec<(&str, usize, usize)> =
        ctx.tokens.iter().map(|t| (t.text.as_str(), t.span.start, t.span.end)).collect();
    // The two words from token `i`, written into one buffer for every `i`.
    let mut two_buf = String::new();
    for i in 1..n {
        let w = toks[i].0;
        let two = (i + 1 < n).then(|| {
            two_buf.clear();
            two_buf.push_str(w);
            two_buf.push(' ');
            two_buf.push_str(toks[i + 1].0);
            two_buf.as_str()
        });
        let next = toks.get(i + 1).map(|t| t.0);
        let is = |list: &[&str]| list.contains(&w) || two.is_some_and(|t| list.contains(&t));
        let (strong, weak, department) = (is(BRANCH_STRONG), is(BRANCH_WEAK), is(DEPARTMENT));
        if !(strong || weak || department) {
            continue; // none of the words: the position tests below cannot matter
        }
        let seg_end = segs
            .iter()
            .any(|&(_, e)| e == toks[i].2 || cleaned[toks[i].2..e.max(toks[i].2)].trim_matches(['.', ' ']).is_empty());
        let last = i == n - 1 || seg_end;
        let entity_end = entity_end_before(i);
        let after_entity = entity_end.is_some();
        let code = if strong {
            Some("entity.branch")
        } else if weak && (after_entity || (last && n >= 3 && !matches!(w, "factory" | "fabrik")) || next == Some("of"))
        {
            // A factory that ends the name is often the enterprise itself (`... General Factory`).
            // `Plant Genetic Systems`, `Branch Banking and Trust`, `Works` inside a name: no.
            Some("entity.branch")
        } else if department && !matches!(next, Some("store" | "stores" | "street" | "st")) {
            Some("entity.department")
        } else {
            None
        };
        let Some(code) = code else { continue };
        // `The United States of America as represented by the Department of Energy`: the
        // entity is named, the department only represents it (also misspelt: `as
        // reprsented by`, `as represent by`).
        let before = cleaned[..toks[i].1].to_lowercase();
        if ["as rep", "as rer", "represented", "vertreten durch", "représenté par", "represente par", "acting by"]
            .iter()
            .any(|m| before.contains(m))
        {
            continue;
        }
        // Where the unit's description starts: after the legal form, or at its segment.
        let seg_start = segs.iter().map(|s| s.0).filter(|&s| s <= toks[i].1).max().unwrap_or(0);
        let cut = match entity_end {
            Some(e) if e <= i => Some(toks[e].1),
            _ if seg_start > 0 => Some(seg_start),
            _ => None,
        };
        let unit_start = cut.unwrap_or(toks[i].1);
        let span = ctx.span_cleaned(
            unit_start,
            segs.iter().find(|s| s.0 <= toks[i].1 && toks[i].1 < s.1).map_or(cleaned.len(), |s| s.1),
        );
        let what = &cleaned[toks[i].1..toks[i].2];
        let suggestion = cut.map(|c| Suggestion {
            name: Some(
                cleaned[..c]
                    .trim_end_matches(|x: char| x.is_whitespace() || matches!(x, ',' | ';' | '-' | '/'))
                    .to_string(),
            ),
            moved: Some(cleaned[c..].trim().to_string()),
            field: Some("department".to_string()),
            ..Default::default()
        });
        let kind = if code == "entity.branch" { "a branch, plant or office" } else { "a department or division" };
        ctx.flag(code, format!("`{what}` names {kind} of the legal entity, not the entity itself"), span, suggestion);
        return;
    }
}
