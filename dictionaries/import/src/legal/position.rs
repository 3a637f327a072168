//! Where a legal form stands in a name: `prefix`, `suffix` or `any`.

use crate::text::{dominant_script, fold, join_key, Script};
use std::collections::BTreeSet;

/// Languages whose Cyrillic forms are written before the name.
const PREFIX_CYRILLIC_LANGUAGES: &[&str] = &["ru", "uk", "be", "kk", "ky", "tg", "uz"];

/// Cyrillic-script countries whose forms follow the name (`Булгаргаз ЕАД`, `д.о.о.`).
const SUFFIX_CYRILLIC_COUNTRIES: &[&str] = &["BG", "RS", "MK", "ME", "BA"];

/// Forms seen before and after the name (folded join keys): Japanese, Korean, and the
/// Dutch, Nordic and French forms that old patent names write first (`N.V. Philips'`,
/// `Aktiebolaget Electrolux`, `Oy Nokia Ab`, `Société Anonyme dite ...`).
const ANY_KEYS: &[&str] = &[
    "kk",
    "yk",
    "nv",
    "bv",
    "naamloze vennootschap",
    "besloten vennootschap",
    "ab",
    "aktiebolag",
    "aktiebolaget",
    "aktieselskabet",
    "aksjeselskapet",
    "oy",
    "oyj",
    "osakeyhtio",
    "societe anonyme",
    "jusikhoesa",
    "chusik hoesa",
    "chusikhoesa",
    "(ju)",
    "(yu)",
];

/// Indonesian forms that follow the name (`PT Aneka Tambang Tbk`, `PT Pertamina (Persero)`).
const INDONESIAN_SUFFIXES: &[&str] = &["tbk", "persero", "(persero)", "perseroan terbuka", "perseroan publik"];

/// Romanized Japanese company-form endings (`Kabushiki Kaisha` and the spelling variants in
/// patent data, `Yugen Kaisha`, `Godo Kaisha`, `Gakko Hojin`).
fn is_japanese_romanized(key: &str) -> bool {
    ["kaisha", "kaisya", "gaisha", "gaisya", "kasha", " hojin", " houjin"].iter().any(|e| key.ends_with(e))
}

/// Folded stems of Latin transliterations of Russian, Ukrainian and Belarusian forms
/// (`Obshchestvo s ogranichennoy ...`, `Tovarystvo z obmezhenoiu ...`).
const RU_TRANSLIT_STEMS: &[&str] = &[
    "obshchestv",
    "obschestv",
    "obshhestv",
    "obshestv",
    "obshchestw",
    "obschtschestw",
    "tovarystv",
    "tovaristv",
    "tovarishchestv",
    "tavarystv",
    "tavaristv",
    "pidpryyemstv",
    "pidpryiemstv",
    "predpriyati",
    "pradpryemstv",
    "aktsionern",
    "akcionern",
    "akcyjanern",
    "aktsiyanern",
    "unitarn",
];

/// Latin abbreviations of Russian, Ukrainian and Belarusian forms.
const RU_TRANSLIT_KEYS: &[&str] = &[
    "ooo", "oao", "zao", "pao", "ao", "tov", "pat", "prat", "vat", "zat", "dat", "tdv", "fop", "tob", "chp", "chup",
    "odo", "aat", "3at", "3ao", "taa", "tda", "fgup", "gup", "mup", "fgbu", "gnpp", "ano", "anpo", "nko", "up", "rup",
    "kao", "fkp", "tzov", "ojsc", "cjsc", "pjsc", "jsc",
];

/// The position of `form` given its language and countries.
pub fn position(form: &str, language: &str, countries: &BTreeSet<String>) -> &'static str {
    let key = fold(&join_key(form));
    let script = dominant_script(form);
    let in_countries = |list: &[&str]| !countries.is_empty() && countries.iter().all(|c| list.contains(&c.as_str()));
    match script {
        // Juridical-person forms (財團法人, 社団法人, 一般財団法人) stand before the name.
        Some(Script::Han | Script::Kana) if form.ends_with("法人") => return "any",
        Some(Script::Han | Script::Kana) if language != "zh" && !in_countries(&["CN", "TW", "HK", "MO", "SG"]) => {
            // Japanese forms (株式会社, (株), 合同会社 ...) stand on either side.
            if language == "ja"
                || in_countries(&["JP"])
                || form.contains("会社")
                || form.contains('株')
                || form.contains("法人")
            {
                return "any";
            }
            return "suffix";
        }
        Some(Script::Hangul) => return "any",
        Some(Script::Cyrillic) => {
            if in_countries(SUFFIX_CYRILLIC_COUNTRIES) || ["bg", "sr", "mk"].contains(&language) {
                return "suffix";
            }
            return "prefix";
        }
        Some(Script::SoutheastAsian) => {
            if form.starts_with("บริษัท") || form.starts_with("ห้างหุ้นส่วน") {
                return "prefix";
            }
            return "suffix";
        }
        Some(Script::Arabic) => {
            let first = form.split_whitespace().next().unwrap_or("");
            if ["شركة", "الشركة", "شركه", "مؤسسة"].contains(&first) {
                return if form.split_whitespace().count() == 1 { "prefix" } else { "any" };
            }
            return "suffix";
        }
        _ => {}
    }
    if ANY_KEYS.contains(&key.as_str()) || is_japanese_romanized(&key) {
        return "any";
    }
    if language == "ja" || in_countries(&["JP"]) || language == "ko" || in_countries(&["KR"]) {
        return "any";
    }
    if language == "id" || in_countries(&["ID"]) {
        return if INDONESIAN_SUFFIXES.contains(&key.as_str()) { "suffix" } else { "prefix" };
    }
    if ["cong ty", "cty", "doanh nghiep", "hop tac xa", "dntn", "dnnn", "htx"]
        .iter()
        .any(|p| key == *p || key.starts_with(&format!("{p} ")))
    {
        return "prefix";
    }
    // Latin transliterations of Russian, Ukrainian, Belarusian and Kazakh forms are written
    // on either side in Western registers (`OOO Gazprom`, `Gazprom, OOO`).
    if script == Some(Script::Latin)
        && (PREFIX_CYRILLIC_LANGUAGES.contains(&language)
            || in_countries(&["RU", "UA", "BY", "KZ"])
            || RU_TRANSLIT_KEYS.contains(&key.as_str())
            || RU_TRANSLIT_STEMS.iter().any(|st| key.contains(st)))
    {
        return "any";
    }
    "suffix"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(c: &[&str]) -> BTreeSet<String> {
        c.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn positions() {
        assert_eq!(position("ООО", "ru", &set(&["RU"])), "prefix");
        assert_eq!(position("ООО", "", &set(&[])), "prefix");
        assert_eq!(position("ЕООД", "bg", &set(&["BG"])), "suffix");
        assert_eq!(position("OOO", "ru", &set(&["RU"])), "any");
        assert_eq!(position("株式会社", "ja", &set(&["JP"])), "any");
        assert_eq!(position("(株)", "", &set(&[])), "any");
        assert_eq!(position("有限公司", "zh", &set(&["HK"])), "suffix");
        assert_eq!(position("주식회사", "ko", &set(&["KR"])), "any");
        assert_eq!(position("Kabushiki Kaisha", "", &set(&[])), "any");
        assert_eq!(position("K.K.", "", &set(&[])), "any");
        assert_eq!(position("PT", "id", &set(&["ID"])), "prefix");
        assert_eq!(position("Tbk", "id", &set(&["ID"])), "suffix");
        assert_eq!(position("công ty cổ phần", "vi", &set(&["VN"])), "prefix");
        assert_eq!(position("บริษัท", "th", &set(&["TH"])), "prefix");
        assert_eq!(position("شركة", "ar", &set(&[])), "prefix");
        assert_eq!(position("ذ.م.م", "ar", &set(&[])), "suffix");
        assert_eq!(position("GmbH", "de", &set(&["DE"])), "suffix");
        assert_eq!(position("N.V.", "nl", &set(&["NL"])), "any");
        assert_eq!(position("Obshchestvo s ogranichennoy otvetstvennostyu", "", &set(&[])), "any");
        assert_eq!(position("KABUSHIKIGAISYA", "", &set(&[])), "any");
        assert_eq!(position("GAKKO HOUJIN", "", &set(&[])), "any");
        assert_eq!(position("cty tnhh", "", &set(&[])), "prefix");
        assert_eq!(position("societatea cu raspundere limitata", "", &set(&["MD"])), "suffix");
    }
}
