//! What one name becomes: the [`StandardizedName`] and its parts.
//!
//! Three layers, as in EPO's DOCDB: the `original` string untouched; the `cleaned` and
//! `standard` display forms; the comparison [`Keys`]. Field names serialize in
//! lowerCamelCase, as in WIPO ST.97.

use serde::{Deserialize, Serialize};

pub use namestd_dictionaries::Position;

/// Person or organization, as told by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KindHint {
    /// A natural person.
    Person,
    /// A legal entity or other organization.
    Organization,
}

/// What a name denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// A legal entity or other organization.
    Organization,
    /// A natural person.
    Person,
    /// Not enough evidence either way.
    Unknown,
}

impl Kind {
    /// `organization`, `person` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::Person => "person",
            Kind::Unknown => "unknown",
        }
    }
}

/// Why a name got its [`Kind`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "code", content = "evidence")]
pub enum KindReason {
    /// The caller said so.
    Hint,
    /// A legal form was found (the form as written).
    LegalForm(String),
    /// A word that names organizations (`University`, `Laboratories`, ...).
    OrganizationWord(String),
    /// A person title or suffix (`Dr.`, `Jr.`).
    PersonAffix(String),
    /// `FAMILY, Given` written with a comma.
    FamilyCommaGiven,
    /// A known given name among a few name-like words.
    GivenName(String),
    /// Nothing decided it.
    NoEvidence,
}

/// How the jurisdiction of a legal form was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum JurisdictionDecision {
    /// The country hint picked it among the candidates.
    CountryHint,
    /// Only one jurisdiction has this form.
    Unique,
    /// The form is not tied to a jurisdiction (`Corporation`, `Limited`).
    NotJurisdictional,
    /// Several jurisdictions have it and nothing chose among them: see `jurisdictions`.
    Ambiguous,
    /// The country hint names a jurisdiction that does not list this form.
    HintConflict,
    /// The form is registered separately in many states or provinces of the country
    /// (`Inc` in the US): no ELF code is chosen.
    Subnational,
}

/// An ISO 3166-1 alpha-2 country code, two bytes, serialized as its two letters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// The code of a two-letter ASCII string (upper-cased); `None` otherwise.
    pub fn new(code: &str) -> Option<CountryCode> {
        match code.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Some(CountryCode([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => None,
        }
    }

    /// The code from its two bytes packed big-endian in a `u16`.
    pub(crate) fn from_u16(code: u16) -> CountryCode {
        CountryCode(code.to_be_bytes())
    }

    /// The two letters.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl std::fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for CountryCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CountryCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for CountryCode {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CountryCode::new(&s).ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a two-letter country code")))
    }
}

/// Immutable text shared by every result that carries it: a [`LegalForm`]'s canonical
/// form, class and ELF codes come from a per-thread cache, and handing them out costs a
/// reference count instead of a copy. Reads as a `&str` (`Deref`), compares with `str`,
/// `&str` and `String`, and prints, debugs and serializes as the text itself.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedStr(std::sync::Arc<str>);

impl SharedStr {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for SharedStr {
    fn default() -> Self {
        SharedStr(std::sync::Arc::from(""))
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        SharedStr(std::sync::Arc::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        SharedStr(std::sync::Arc::from(s))
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> Self {
        s.as_str().to_string()
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SharedStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(SharedStr::from)
    }
}

/// An immutable list shared by every result that carries it, as [`SharedStr`] is for
/// text. Reads as a slice (`Deref`), compares with slices, arrays and `Vec`s of anything
/// its items compare with, and debugs and serializes as the list itself.
#[derive(PartialEq, Eq, Hash)]
pub struct SharedList<T>(std::sync::Arc<[T]>);

impl<T> Clone for SharedList<T> {
    fn clone(&self) -> Self {
        SharedList(self.0.clone())
    }
}

impl<T> Default for SharedList<T> {
    fn default() -> Self {
        SharedList(std::sync::Arc::from(Vec::new()))
    }
}

impl<T> std::ops::Deref for SharedList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> AsRef<[T]> for SharedList<T> {
    fn as_ref(&self) -> &[T] {
        &self.0
    }
}

impl<T> From<Vec<T>> for SharedList<T> {
    fn from(v: Vec<T>) -> Self {
        SharedList(std::sync::Arc::from(v))
    }
}

impl<T> FromIterator<T> for SharedList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        SharedList(iter.into_iter().collect())
    }
}

impl<'a, T> IntoIterator for &'a SharedList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for SharedList<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl<T: PartialEq<U>, U> PartialEq<[U]> for SharedList<T> {
    fn eq(&self, other: &[U]) -> bool {
        *self.0 == *other
    }
}

impl<T: PartialEq<U>, U> PartialEq<&[U]> for SharedList<T> {
    fn eq(&self, other: &&[U]) -> bool {
        *self.0 == **other
    }
}

impl<T: PartialEq<U>, U, const N: usize> PartialEq<[U; N]> for SharedList<T> {
    fn eq(&self, other: &[U; N]) -> bool {
        *self.0 == other[..]
    }
}

impl<T: PartialEq<U>, U> PartialEq<Vec<U>> for SharedList<T> {
    fn eq(&self, other: &Vec<U>) -> bool {
        *self.0 == other[..]
    }
}

impl<T: Serialize> Serialize for SharedList<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (*self.0).serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for SharedList<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(d).map(SharedList::from)
    }
}

/// A legal form found in a name, separated and typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegalForm {
    /// As written in the cleaned name (`N.V.`, `Aktiengesellschaft`, `(株)`).
    pub written: String,
    /// Byte range of `written` in the cleaned name.
    pub span: (usize, usize),
    /// Canonical abbreviation in its own script (`NV`, `AG`, `株式会社`, `ООО`).
    pub canonical: SharedStr,
    /// How the standard form writes it: the canonical abbreviation, or the form as written
    /// where the canonical is not itself a recognized form of its family.
    pub shown: SharedStr,
    /// Generic class (`LLC`, `JSC`, `LP`, ...), empty if unknown.
    pub generic: SharedStr,
    /// ISO 20275 ELF codes, when the jurisdiction is decided.
    pub elf: SharedList<SharedStr>,
    /// Candidate jurisdictions (ISO 3166-1 alpha-2), best first.
    pub jurisdictions: SharedList<CountryCode>,
    /// How the jurisdiction was decided.
    pub decision: JurisdictionDecision,
    /// Where it stands in the name.
    pub position: Position,
    /// Provenance families of the dictionary entries that matched (`elf`, `rigour`, ...).
    pub sources: SharedList<std::borrow::Cow<'static, str>>,
}

/// The parts of a natural person's name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonName {
    /// Family name(s), particles included (`van der Berg`).
    pub family: String,
    /// Given name(s) and initials.
    pub given: String,
    /// Titles found before the name (`Dr.`, `Prof.`).
    pub titles: Vec<String>,
    /// Suffixes found after the name (`Jr.`, `III`).
    pub suffixes: Vec<String>,
    /// How family and given were told apart.
    pub order: PersonOrder,
}

/// How the family name was found in a person's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PersonOrder {
    /// `FAMILY, Given`.
    #[default]
    Comma,
    /// The family name is the one written in capitals (`MÜLLER Hans`).
    CapitalizedFamily,
    /// Family name first by the country's convention (JP, CN, KR, HU, TW).
    FamilyFirstCountry,
    /// Given names first, family last (`John A. Smith`).
    GivenFirst,
}

/// Comparison keys: what matching and clustering compare.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Keys {
    /// Case-folded, marks stripped, special letters folded, Cyrillic/Greek/Hangul
    /// transliterated (Han and Kana kept), company words harmonized, stop words dropped.
    pub folded: String,
    /// The folded tokens, unique and sorted (word order does not matter).
    pub sorted: String,
    /// First letters of the folded tokens (`ibm` for International Business Machines),
    /// or the single short token itself; empty when there is no Latin acronym.
    pub acronym: String,
}

impl Keys {
    /// The folded tokens.
    pub fn tokens(&self) -> impl Iterator<Item = &str> {
        self.folded.split(' ').filter(|t| !t.is_empty())
    }
}

/// A writing system seen in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Script {
    /// Latin letters.
    Latin,
    /// Cyrillic.
    Cyrillic,
    /// Greek.
    Greek,
    /// Han ideographs (Chinese characters, kanji, hanja).
    Han,
    /// Hiragana and Katakana.
    Kana,
    /// Hangul.
    Hangul,
    /// Arabic.
    Arabic,
    /// Hebrew.
    Hebrew,
    /// Thai.
    Thai,
    /// Devanagari and other Indic scripts.
    Indic,
    /// Any other letters.
    Other,
}

impl Script {
    /// The script of a letter; `None` for digits, punctuation, spaces and symbols.
    pub fn of(c: char) -> Option<Script> {
        if c.is_ascii() {
            return c.is_ascii_alphabetic().then_some(Script::Latin);
        }
        let u = c as u32;
        let s = match u {
            0x00C0..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFF21..=0xFF5A => Script::Latin,
            0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
            0x0400..=0x052F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
            0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
            0x0900..=0x0DFF => Script::Indic,
            0x0E00..=0x0E7F => Script::Thai,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3005 => Script::Han,
            _ => {
                if c.is_alphabetic() {
                    Script::Other
                } else {
                    return None;
                }
            }
        };
        Some(s)
    }
}

/// Something the cleaning moved out of the name, kept rather than lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Aside {
    /// What it is: `countryTag`, `leadingMarker`, `nameAcronym` (the name's own acronym in
    /// brackets), `trailingJunk`, `afterLegalForm` (an address or seat after a suffix form),
    /// `seat`.
    pub kind: String,
    /// The text as it stood.
    pub text: String,
}

/// Input to the pipeline: the raw name and what the caller knows about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NameInput<'a> {
    /// The raw name.
    pub name: &'a str,
    /// ISO 3166-1 alpha-2 country of the applicant, if known.
    pub country: Option<&'a str>,
    /// Person or organization, if known.
    pub kind: Option<KindHint>,
}

impl<'a> NameInput<'a> {
    /// A name with no hints.
    pub fn new(name: &'a str) -> Self {
        NameInput { name, country: None, kind: None }
    }

    /// Sets the country hint.
    pub fn country(mut self, country: &'a str) -> Self {
        self.country = Some(country);
        self
    }

    /// Sets the person/organization hint.
    pub fn kind(mut self, kind: KindHint) -> Self {
        self.kind = Some(kind);
        self
    }
}

/// Everything the pipeline made of one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StandardizedName {
    /// The name as received.
    pub original: String,
    /// Unicode NFC, control and zero-width characters removed, mojibake repaired, entities
    /// decoded, spaces, quotes and dashes normalized, noise moved aside.
    pub cleaned: String,
    /// Organization, person or unknown.
    pub kind: Kind,
    /// Why.
    pub kind_reason: KindReason,
    /// The name without its legal form(s) (organizations) or titles and suffixes (persons);
    /// never empty for a non-empty name.
    pub core: String,
    /// The main legal form: the outermost suffix, else the prefix.
    pub legal_form: Option<LegalForm>,
    /// Further legal forms found (stacked or written twice).
    pub other_legal_forms: Vec<LegalForm>,
    /// The display form (`KONINKLIJKE PHILIPS ELECTRONICS NV`, `SMITH, JOHN A`).
    pub standard: String,
    /// Person name parts, for persons.
    pub person: Option<PersonName>,
    /// Comparison keys.
    pub keys: Keys,
    /// Scripts seen in the cleaned name, in order of first appearance.
    pub scripts: Vec<Script>,
    /// The country used: the hint, or a country tag found in the name.
    pub country: Option<String>,
    /// Text moved out of the name by cleaning.
    pub aside: Vec<Aside>,
    /// Pipeline steps that changed something, in order.
    pub steps: Vec<std::borrow::Cow<'static, str>>,
    /// What the pipeline could not decide (several jurisdictions possible, ...).
    pub notes: Vec<String>,
}

impl StandardizedName {
    /// All legal forms found, main one first.
    pub fn legal_forms(&self) -> impl Iterator<Item = &LegalForm> {
        self.legal_form.iter().chain(self.other_legal_forms.iter())
    }
}
