//! The rule table: every data-quality rule with its stable code, family, default severity
//! and weight, what it checks, and an example. This one table drives the checks, the
//! configuration, the score and the generated `docs/quality-rules.md` ([`rules_markdown`]).

use super::Severity;
use std::fmt::Write as _;

/// One data-quality rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, `family.name` in lowerCamelCase (`legalForm.duplicated`).
    pub code: &'static str,
    /// The rule family (the part of the code before the dot).
    pub family: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Default weight: points taken off the score of 100 when the rule fires.
    pub weight: u8,
    /// What the rule checks, in one sentence.
    pub description: &'static str,
    /// A name that triggers it.
    pub example: &'static str,
}

const fn rule(
    code: &'static str,
    family: &'static str,
    severity: Severity,
    weight: u8,
    description: &'static str,
    example: &'static str,
) -> Rule {
    Rule { code, family, severity, weight, description, example }
}

use Severity::{Error as E, Info as I, Warning as W};

/// Every rule, in documentation order.
pub static RULES: &[Rule] = &[
    // name
    rule("name.empty", "name", E, 100, "The name is empty or only spaces.", "` `"),
    rule(
        "name.placeholder",
        "name",
        E,
        80,
        "The name is a placeholder (`N/A`, `UNKNOWN`, `-`, `NONE`, `TBD`, `?`, `NULL`, ...) or holds no letter or digit.",
        "`N/A`",
    ),
    rule("name.tooLong", "name", W, 10, "The name is longer than the configured maximum (default 200 characters).", "a 250-character name"),
    rule(
        "name.isCountry",
        "name",
        E,
        60,
        "The name is only the short name of a country (the country put in the name field); formal state names such as `United States of America` are real applicants.",
        "`GERMANY`",
    ),
    rule("name.isCity", "name", W, 40, "The name is only a city name (an address part put in the name field).", "`Tokyo`"),
    // characters
    rule(
        "chars.control",
        "chars",
        W,
        10,
        "Control or invisible format characters (C0/C1 controls, zero-width, BOM, bidi marks, soft hyphen) in the name.",
        "`Foo\\u200BBar Ltd`",
    ),
    rule(
        "chars.replacement",
        "chars",
        E,
        30,
        "The Unicode replacement character U+FFFD: a character was lost in a conversion and cannot be restored.",
        "`M\u{FFFD}ller GmbH`",
    ),
    rule("chars.privateUse", "chars", W, 15, "Private-use characters (U+E000-U+F8FF and planes 15-16): no meaning outside one system.", "`Foo\\uE001 AG`"),
    rule(
        "chars.mojibake",
        "chars",
        W,
        15,
        "UTF-8 read as Latin-1/CP1252 (`FÃ¶rderung`): repaired by cleaning, or left over where it could not be repaired.",
        "`FÃ¶rderung der Wissenschaften e.V.`",
    ),
    rule("chars.htmlEntity", "chars", W, 5, "HTML/SGML entities written in the name (`&amp;`, `&Eacute;`).", "`AT&amp;T Corp.`"),
    rule(
        "chars.whitespace",
        "chars",
        I,
        1,
        "Spaces at either end, doubled spaces, tabs, line breaks or odd spaces (no-break, ideographic) in the name.",
        "`Acme  Corp `",
    ),
    // punctuation
    rule(
        "punctuation.unbalanced",
        "punctuation",
        W,
        10,
        "A bracket or a double quote without its partner.",
        "`Foo (Deutschland GmbH`",
    ),
    rule(
        "punctuation.junk",
        "punctuation",
        I,
        3,
        "Punctuation junk at the start or end of the name (`* `, `, `, `;`, `/`).",
        "`* AKZO NOBEL N.V.`",
    ),
    // scripts
    rule(
        "script.homoglyph",
        "script",
        E,
        40,
        "Latin letters mixed with look-alike Cyrillic or Greek letters inside one word.",
        "`Gаzprom` (Cyrillic а)",
    ),
    rule(
        "script.mixed",
        "script",
        W,
        5,
        "Words in different scripts in one name (Han with Kana, and Han with Hangul, are one writing system and not mixed; Latin with Han, Kana or Hangul is `script.latinWithCjk`).",
        "`ООО Siemens`",
    ),
    rule(
        "script.latinWithCjk",
        "script",
        I,
        0,
        "Latin words beside Han, Kana or Hangul: common in East Asian company names, reported for information only.",
        "`ABC株式会社`",
    ),
    rule(
        "script.latinOnly",
        "script",
        I,
        3,
        "A name in Latin script only, for a country whose own script is another one (the first of countries.tsv `scripts`), with no original-script form given.",
        "`Toyota Jidosha Kabushiki Kaisha` (JP)",
    ),
    // case
    rule(
        "case.allCaps",
        "case",
        I,
        2,
        "The name is written in capitals only, where the office wants mixed case (configurable).",
        "`SIEMENS AKTIENGESELLSCHAFT`",
    ),
    rule(
        "case.allLower",
        "case",
        W,
        5,
        "The name is written in small letters only, where the office wants mixed case or capitals (configurable).",
        "`siemens ag`",
    ),
    rule(
        "case.notUpper",
        "case",
        I,
        2,
        "The name has small letters where the office wants capitals only (only with case style `upper`).",
        "`Siemens AG`",
    ),
    // legal form
    rule(
        "legalForm.missing",
        "legalForm",
        W,
        10,
        "An organization from a country where companies normally write their legal form (countries.tsv `legal_form_usual`) has none; universities, institutes, public bodies and the like are exempt.",
        "`Siemens` (DE, organization)",
    ),
    rule(
        "legalForm.duplicated",
        "legalForm",
        W,
        15,
        "The same legal form written twice (`AG AG`, `Ltd Ltd`, `AG Aktiengesellschaft`).",
        "`Siemens AG AG`",
    ),
    rule(
        "legalForm.misspelled",
        "legalForm",
        W,
        10,
        "The last (or first) word is one or two edits away from a known legal form and is not itself a known form or word.",
        "`Acme Limted`",
    ),
    rule(
        "legalForm.countryConflict",
        "legalForm",
        W,
        10,
        "The main legal form is not listed for the applicant's country in the dictionaries (the pipeline's `hintConflict`, or no jurisdiction-tied row for the country); English forms (`Ltd`, `Inc`, `Corp`) and forms whose canonical abbreviation or language the country's own forms share are exempt.",
        "`Foo GmbH` (FR)",
    ),
    // contact data inside the name
    rule(
        "address.street",
        "address",
        W,
        20,
        "A street address (number with a street word, P.O. box, Postfach) written after the name or its legal form.",
        "`Siemens AG, Werner-von-Siemens-Str. 1`",
    ),
    rule(
        "address.postcode",
        "address",
        W,
        15,
        "A postcode with or without a city (`80333 München`, `D-80333`, `SW1A 1AA`, `〒100-0001`) written after the name, or a city alone after the legal form (`UNILEVER N.V., ROTTERDAM`; `University of California, Los Angeles` is a name).",
        "`Foo GmbH, 80333 München`",
    ),
    rule("contact.email", "contact", W, 20, "An e-mail address inside the name.", "`Foo Ltd info@foo.com`"),
    rule(
        "contact.url",
        "contact",
        W,
        10,
        "A web address with `http://`, `https://` or `www.` inside the name (`Amazon.com, Inc.` is a name, not a URL).",
        "`Foo Ltd www.foo.com`",
    ),
    rule(
        "contact.phone",
        "contact",
        W,
        20,
        "A telephone or fax number inside the name (`Tel.`/`Fax` with digits, or a number of at least 7 digits written in groups).",
        "`Foo GmbH Tel. 089 636 00`",
    ),
    rule(
        "contact.careOf",
        "contact",
        W,
        20,
        "Care-of, attention or signing text inside the name (`c/o`, `care of`, `attn`, `z. Hd.`, `per pro`, `p.p.`).",
        "`Foo Ltd c/o Bar LLP`",
    ),
    // several applicants
    rule(
        "applicant.multiple",
        "applicant",
        E,
        30,
        "Several applicants in one field: two names each with its own legal form joined by `;`, `/`, `,`, `and`, `&`, `und`, `et`..., or persons written `FAMILY, Given` separated by `;` (`Johnson & Johnson`, `AT&T`, `Foo Co., a Division of Bar Company` and `Foo Company, a General Partnership` are one applicant).",
        "`Siemens AG; Robert Bosch GmbH`",
    ),
    // entity
    rule(
        "entity.branch",
        "entity",
        W,
        15,
        "A branch, plant, works or office of the legal entity is named (`Niederlassung`, `Werk`, `Branch`, `Zweigniederlassung`, `succursale`, `支店`, `分公司`, `филиал`).",
        "`Siemens AG, Werk Erlangen`",
    ),
    rule(
        "entity.department",
        "entity",
        W,
        15,
        "A department or division of the legal entity is named (`Division`, `Department`, `Dept.`, `Abteilung`, `Geschäftsbereich`, `事業部`).",
        "`IBM Research Division`",
    ),
    // kind
    rule(
        "kind.conflict",
        "kind",
        W,
        15,
        "The record says person but the name has a legal form or an organization word, or says organization but the name is written `FAMILY, Given`.",
        "`Siemens AG` (person)",
    ),
    // person
    rule(
        "person.notSplit",
        "person",
        W,
        15,
        "A natural person's name is not given as separate family and given names (no structured parts, or the whole name in the family field). Without a declared kind, only names the pipeline calls a person on good evidence (a title, a known given name in a two-word name) are checked.",
        "`John A. Smith` (person, no parts)",
    ),
    rule(
        "person.familyMissing",
        "person",
        E,
        30,
        "A natural person's structured name has given names but no family name (ST.96 `LastName` is required).",
        "given `John`, family empty",
    ),
    rule(
        "person.reversed",
        "person",
        W,
        10,
        "Family and given names are likely swapped: the family field holds a known given name and the given field does not.",
        "family `John`, given `Smith`",
    ),
    // country code
    rule(
        "country.invalid",
        "country",
        E,
        20,
        "The country code is not an ISO 3166-1 alpha-2 code (countries.tsv).",
        "`XY`, `GER`",
    ),
    rule(
        "country.officeCode",
        "country",
        E,
        20,
        "The country code is a WIPO ST.3 code of an office or organization (`EP`, `WO`, `EM`, `EA`, `AP`, `OA`, `GC`, `IB`, ...), not a country.",
        "`EP`",
    ),
    rule("country.format", "country", I, 1, "The country code is valid but written in small letters or with spaces.", "`de`"),
];

/// The rule with this code.
pub fn rule_by_code(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// FNV-1a: rule codes are short, and the index is read several times per record.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash map with the FNV hasher, for short keys read on every record.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

static INDEX: std::sync::LazyLock<FastMap<&'static str, usize>> =
    std::sync::LazyLock::new(|| RULES.iter().enumerate().map(|(i, r)| (r.code, i)).collect());

/// The index of a rule in [`RULES`].
pub(crate) fn rule_index(code: &str) -> Option<usize> {
    INDEX.get(code).copied()
}

/// The generated reference `docs/quality-rules.md`: the rule table, the score formula and
/// the configuration format. A test fails when the committed file differs.
pub fn rules_markdown() -> String {
    let d = super::QualityConfig::default();
    let mut s = String::new();
    s.push_str("# Data-quality rules\n\n");
    s.push_str(
        "<!-- Generated from `src/quality/rules.rs` (`namestd::quality::rules_markdown`). Do not edit by hand:\n",
    );
    s.push_str("     run `UPDATE_DOCS=1 cargo test -p namestd --test tests quality::docs` to rewrite it. -->\n\n");
    s.push_str("Every record gets a list of issues and a score from 0 to 100. Each issue has a stable code,\n");
    s.push_str("a severity, a message, the span of the original name it concerns (character offsets) and,\n");
    s.push_str("where one can be computed, a suggested fix.\n\n");
    s.push_str("## Score\n\n");
    let _ = writeln!(
        s,
        "`score = max(0, 100 - sum of the weights of the issues found)`; each rule counts once per record\n\
         however often it fires. If any issue has severity `error`, the score is capped at **{}**\n\
         (configurable, `errorCap`). Bands used in table summaries: **good** 90-100, **fair** 70-89,\n\
         **poor** 50-69, **bad** 0-49.\n",
        d.error_cap
    );
    s.push_str("## Rules\n\n");
    s.push_str("| code | severity | weight | checks | example |\n|---|---|---:|---|---|\n");
    for r in RULES {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} |",
            r.code,
            r.severity.as_str(),
            r.weight,
            r.description.replace('|', "\\|"),
            r.example.replace('|', "\\|")
        );
    }
    s.push_str("\n## Spans\n\n");
    s.push_str(
        "Spans are `{start, end}` character offsets (Unicode scalar values, end exclusive) in the\n\
         name as received. Rules that read the received name directly (characters, brackets, spaces)\n\
         give exact offsets. Rules that read the pipeline's cleaned name map their span back: when\n\
         the cleaned name equals the received one the offsets carry over; otherwise the text is\n\
         looked up in the received name (exactly, then ignoring case); when it cannot be found\n\
         (cleaning changed the text itself, e.g. decoded mojibake) the span is left out.\n",
    );
    s.push_str("\n## Configuration\n\n");
    let _ = writeln!(
        s,
        "Weights and severities change without recompiling: a TSV table (UTF-8, one header row,\n\
         `#` comment lines, columns found by name, as the dictionary tables) with the columns\n\
         `code`, `weight`, `severity` and optional `value`. An empty cell keeps the default;\n\
         severity `off` (or weight 0 with severity `off`) disables a rule. Rows whose code is a\n\
         setting take their `value`: `caseStyle` (`mixed` (default), `upper`, `lower`, `any`),\n\
         `maxLength` (default {}), `errorCap` (default {}). Errors name the line.\n\n\
         ```tsv\ncode\tweight\tseverity\tvalue\ncase.allCaps\t0\toff\t\nlegalForm.missing\t20\terror\t\ncaseStyle\t\t\tupper\n```",
        d.max_length, d.error_cap
    );
    s
}
