//! Skip rules for legal-form candidates: descriptive category names, plain business words
//! that are part of real names, and known junk. Every list here is documented in the crate
//! README; a word is compared after [`fold`] (lower case, diacritics removed).

use crate::text::{collapse_ws, dominant_script, fold, letter_count, word_count, Script};
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// The most words a legal form may have; longer ELF names are category descriptions that
/// never appear inside a company name.
pub const MAX_WORDS: usize = 6;

/// The most letters a form in an unspaced script (Han, Kana, Thai, Khmer, Myanmar) may have.
pub const MAX_UNSPACED_LETTERS: usize = 7;

/// Words naming a line of business. A form containing any of them is skipped, and so is
/// the whole ELF row (its abbreviations too): stripping it would merge different entities
/// (`Deutsche Bank` and `Deutsche ...`, `Bankers Trust Company` and `Bankers`).
#[rustfmt::skip]
const BUSINESS_WORDS: &[&str] = &[
    // English
    "bank", "banks", "banking", "bankers", "savings", "credit", "trust", "trusts", "trustee",
    "trustees", "fund", "funds", "insurance", "assurance", "reinsurance", "pension", "pensions",
    "investment", "investments", "finance", "financial", "housing", "loan", "loans", "lending",
    "microfinance", "leasing", "factoring", "church", "churches", "charity", "charitable",
    "cemetery", "condominium", "condominiums", "railroad", "railway", "hospital", "school",
    "university", "college", "bureau", "syndicate", "syndicates",
    // other languages
    "sparkasse", "kasse", "caisse", "caja", "banque", "banco", "banca", "banka", "bankas",
    "versicherung", "seguros", "assicurazioni", "assurances", "fonds", "fondi", "fondas", "pret",
    "фонд", "фонды", "банк", "poistovna", "pojistovna", "펀드", "보험", "합작", "기금",
];

/// Words naming an association, cooperative or foundation. A form containing one is
/// skipped (`Novo Nordisk Foundation` is not `Novo Nordisk A/S`), but the ELF row's
/// abbreviations stay (`e.V.`, `eG`, `CVBA`).
#[rustfmt::skip]
const ASSOCIATION_WORDS: &[&str] = &[
    "union", "unions", "mutual", "foundation", "foundations", "association", "associations",
    "society", "societies", "cooperative", "cooperatives", "co-operative", "co-operatives", "co-op",
    "coop", "club", "council", "committee", "chamber", "stiftung", "verein", "vereinigung",
    "genossenschaft", "stichting", "vereniging", "cooperatie", "stiftelse", "stiftelsen",
    "forening", "andelslag", "kammer", "fondation", "fundacion", "fundacao", "fondazione",
    "fundatie", "associazione", "asociacion", "associacao", "asociatie", "cooperativa",
    "cooperativo", "cooperativas", "mutuelle", "mutua", "mutualite", "syndicat", "sindicato",
    "fundacja", "stowarzyszenie", "spoldzielnia", "nadace", "nadacia", "druzstvo", "zadruga",
    "zadruzni", "alapitvany", "egyesulet", "szovetkezet", "yhdistys", "osuuskunta", "koperasi",
    "kooperatif", "kooperativ", "ассоциация", "союз", "кооператив", "кооперация", "кооперативы",
    "фондация", "кооперативно", "задруга", "сдружение", "συνεταιρισμος", "ιδρυμα", "σωματειο", "재단",
    "협회", "saatio", "שיתופית",
];

/// Substrings of a folded word that make it a business word (`Bankaktiebolag`,
/// `Versicherungsverein`, `Försäkringsförening`, `Hypoteksförening`).
#[rustfmt::skip]
const BUSINESS_SUBSTRINGS: &[&str] = &[
    "bank", "versicher", "forsakring", "forsikring", "vakuutus", "insurance", "pension", "sparkass",
    "kassa", "kasse", "trust", "fiduci", "fideicomis", "hypote", "invest", "kapitalanlage", "банк",
    "страхов", "благотворит", "благодійн",
];

/// Cyrillic abbreviations (and short abbreviation pairs such as `ФГБОУ ВО`) accepted from
/// the non-ELF sources, by folded join key. rigour and cleanco list hundreds of short
/// Cyrillic abbreviations of public bodies, trade-union branches and schools (`ППО`, `ГО`,
/// `МЧС`), and two-letter ones that are words (`да`, `но`, `во`); only these legal-form
/// abbreviations of Russia, Ukraine, Belarus, Kazakhstan, Uzbekistan, Bulgaria, Serbia and
/// North Macedonia are kept.
#[rustfmt::skip]
pub const CYRILLIC_ABBREVIATIONS: &[&str] = &[
    "ооо", "оао", "зао", "пао", "ао", "нао", "ип", "тоо", "тов", "пат", "прат", "ват", "зат", "дат",
    "ат", "тдв", "фоп", "пп", "чп", "дп", "гп", "уп", "чуп", "чтуп", "одо", "таа", "тда", "аат",
    "гуп", "муп", "фгуп", "дгуп", "фкп", "кфх", "гку", "мку", "фку", "фгку", "гбу", "мбу", "фгбу",
    "гау", "мау", "фгау", "фгбоу во", "фгаоу во", "фгбоу впо", "фгоу впо", "гоу впо", "фгбну",
    "фгну", "фгу", "ано", "нко", "спк", "мчж", "иооо", "сооо", "тзов", "дочп", "еоод", "оод", "еад",
    "ад", "ет", "сд", "кд", "кда", "јп", "доо", "дооел", "адсиц",
];

/// Substrings of a folded word that make it an association word (`Co-opLtd.`,
/// `Poľnohospodár.družstvo`, `Interessenvereinigung`).
#[rustfmt::skip]
const ASSOCIATION_SUBSTRINGS: &[&str] = &[
    "coop", "co-op", "stiftung", "stichting", "stiftelse", "fondation", "fundaci", "fundac",
    "fondazion", "foundation", "assn", "ass'n", "ass’n", "assoc", "ассоциац", "druzstv",
    "genossenschaft", "vereinigung",
    "kooperat",
];

/// Folded phrases that make a form a public-law body or an association
/// (`Corporation de droit public`, `Hợp tác xã`).
#[rustfmt::skip]
const PUBLIC_PHRASES: &[&str] = &[
    "droit public", "diritto pubbl", "offentlichen rechts", "publiek recht", "derecho publico",
    "direito publico", "public law", "hop tac xa", "limited or", "or ltd", "or inc",
];

/// Prefixes of folded words that mark a foreign entity or a branch (`ausländisches`,
/// `étrangère`, `иностранное`).
#[rustfmt::skip]
const QUALIFIER_PREFIXES: &[&str] = &[
    "auslandisch", "etrang", "extranjer", "ester", "buitenland", "zahranicn", "zagraniczn",
    "kulfold", "ulkomai", "utenland", "utland", "udenland", "иностран", "чуждестран", "filial",
    "succursal", "sucursal", "zweigniederlass",
    // organisations, associations and public bodies (not company forms)
    "organi", "orhani", "arhani", "организац", "організац", "арганізац", "obyedinen", "obiedinen",
    "ob'edinen", "obyednann", "ob'jednann", "ob'yednann", "ab'jadnann", "abyadnann", "объединен",
    "об'єднанн", "обєднанн", "hromads", "hramads", "obshchestvenn", "obschestvenn", "obscestvenn",
    "общественн", "громадськ",
    // in liquidation, succession, concerns
    "likvid", "likwid", "liquidat", "sucesi", "koncern", "konzern", "concern", "kontsern", "religi",
    "bendruomen", "sodinink",
    "концерн",
];

/// Stems (folded substrings) of company-law vocabulary. An ELF row is used only when its
/// local or transliterated name contains one: rows without one are public bodies and
/// categories (`Commune`, `Canton`, `Embassy`, `Biudžetinės įstaigos`, `Fondo`), whose
/// abbreviations (`BI`, `CB`) would strip parts of real names.
#[rustfmt::skip]
pub const COMPANY_LAW_STEMS: &[&str] = &[
    // Germanic
    "gesellschaft", "genossenschaft", "verein", "anstalt", "vennootschap", "venootschap",
    "maatschap", "vereniging", "cooperatie", "bolag", "selskab", "selskap", "forening", "andelslag",
    "felag", "partafelag", "kommandit", "aktie", "aksje", "osake", "yhtio", "osuuskunta",
    "yhdistys", "yhtyma",
    // English
    "compan", "corporat", "incorporat", "limited", "partnership", "cooperative", "co-operative",
    "proprietary", "association", "society", "liability",
    // Romance
    "societe", "sociedad", "sociedade", "societa", "societat", "compagni", "compania", "companhia",
    "commandit", "comandit", "accomandit", "limitad", "limitat", "limitee", "cooperativ",
    "groupement", "agrupaci", "agrupament", "grupul", "raspundere",
    // Central, Eastern, Baltic, Balkan, Turkic
    "spolka", "spoldzielnia", "spolecnost", "spolocnost", "druzstv", "tarsasag", "szovetkezet",
    "egyesules", "druzba", "drustvo", "zadrug", "sirket", "ortaklik", "ortaqliq", "kooperatif",
    "cəmiyyət", "cemiyyet", "sabiedrib", "bendrov", "bendrij", "uhing", "uhistu", "selts",
    "shoqeri", "shoqeria", "kumpanija", "cuideachta", "comhphairtiocht", "akcij", "akcio", "akcin",
    "aktsia", "aktsion", "akcyj", "etaireia", "eteria", "etairia", "ettevotja", "anonim", "anonym",
    // Asian (Latin)
    "perseroan", "persekutuan", "berhad", "perkongsian", "koperasi", "cong ty", "hop tac xa",
    "doanh nghiep", "kaisha", "gaisha", "gaisya", "hoesa", "sharik", "shirkat", "chevra",
    "shutafut", "aguda",
    // Cyrillic
    "обществ", "товарищ", "товарист", "таварыств", "дружеств", "друштв", "компан", "кооператив",
    "акцион", "предприят", "прадпрыемств", "підприємств", "партнерств", "партнёрств", "учреждени",
    "корпорац", "хозяйств", "жамият", "корхона", "gong si", "gongsi",
    // Greek, Armenian, Hebrew, Arabic
    "εταιρ", "συνεταιρ", "ընկերություն", "ընկերակցություն", "חברה", "שותפות", "אגודה", "شركة",
    "شركه", "شركات",
    // Han, Hangul, Thai, Khmer
    "公司", "会社", "會社", "合伙", "合夥", "法人", "組合", "组合", "회사", "법인", "บริษัท", "ห้างหุ้นส่วน",
    "ក្រុមហ៊ុន",
];

/// Words that describe a category of entity rather than a form written in a name; a form
/// containing any of them is skipped (`Foreign Corporation`, `Nonprofit Corporation`,
/// `Other`, `Sole Proprietorship`).
#[rustfmt::skip]
const QUALIFIER_WORDS: &[&str] = &[
    "domestic", "domesticated", "foreign", "overseas", "external", "extraprovincial",
    "extra-provincial", "non-profit", "nonprofit", "not-for-profit", "for-profit", "profit",
    "non-stock", "nonstock", "non-share", "exempt", "exempted", "other", "others", "unregistered",
    "unincorporated", "branch", "branches", "representative", "sole", "proprietor", "proprietors",
    "proprietorship", "trader", "individual", "entrepreneur", "self-employed", "government",
    "governmental", "ministry", "municipality", "municipal", "administration", "authority",
    "agency", "county", "district", "cantonal", "federal", "state-owned", "religious",
    "ecclesiastical", "educational", "agricultural", "fair", "marketing", "grazing", "electric",
    "telephone", "cemetery", "trademark", "mark", "name", "names", "assumed", "series", "captive",
    "fraternal", "benevolent", "friendly", "alberta", "labuan", "scottish", "indigenous", "maori",
    "māori", "congressional", "edge", "registered", "statutory", "corporate", "companies",
    "corporations", "partnerships", "trusts", "cooperatives", "associations", "societies", "firms",
    "autre", "annat", "annan", "annen", "anden", "altre", "alte", "otra", "otro", "outra", "outro",
    "sonstige", "egyeb", "muu", "muut", "ostale", "drugi", "particuliere", "besondere", "chartered",
    "or", "oder", "without", "development", "religieuse", "religieux", "cirkve", "nabozenske",
    "pool", "act", "publ", "pubb", "cant", "distr", "huaj", "sociedades", "societes", "empresas",
    "compagnies", "gesellschaften", "sociedads", "nebraska", "northern", "ireland", "nt", "non",
    "taxable", "oversea", "outside", "low-profit", "personality", "master", "publicly",
    "traded", "recreation", "project", "intellectual", "property", "scientific", "production",
    "sector", "puolue", "alimentatiei", "stat", "statale", "statali", "statsejede",
    "budgetinstitution", "منظمة", "الربح", "للربح", "القابضة", "أجنبية", "شركات",
    // Russian public bodies, schools, liquidators and descriptors found among rigour's aliases
    "россии", "рф", "федерации", "российской", "управление", "отдел", "служба", "службы",
    "комиссия", "комитета", "институт", "центр", "школа", "школа-интернат", "сад", "академия",
    "наук", "военная", "військова", "противопожарной", "безопасности", "следственное", "жилья",
    "недвижимости", "садоводческое", "ликвидационная", "строительная", "торговый", "управляющая",
    "фирма", "дом", "колхоз", "артель", "рыболовецкая", "научный", "научно-исследовательский",
    "интегрированная", "entity", "entities", "organisation", "organization", "organisations",
    "organizations", "institution", "institutions", "undertaking", "undertakings", "public-law",
    "government-owned",
    // other languages
    "ausländische", "auslandische", "ausländischer", "zweigniederlassung", "zweigstelle",
    "niederlassung", "etrangere", "etranger", "extranjera", "extranjero", "estera", "estero",
    "buitenlandse", "filiale", "succursale", "sucursal", "filial", "zahranicni", "zahranicna",
    "zagraniczny", "zagraniczna", "külföldi", "kulfoldi", "ulkomainen", "utenlandsk", "utlandsk",
    "udenlandsk", "иностранное", "иностранная", "иностранный", "чуждестранно", "чуждестранен",
    "клон", "поделение", "филиал", "представительство", "nhom", "nhóm", "기타", "비영리", "일반", "국가",
    "공공단체", "개인사업자", "andere", "autres", "otras", "otros", "altri", "lipa", "λοιπα", "αλλη",
    "αλλοδαπη",
];

/// Words that make an ELF name a category while its abbreviations are still real forms
/// (`Old Public Company` is a United Kingdom form written `Ltd.` or `PLC`).
const NAME_ONLY_QUALIFIERS: &[&str] = &["old"];

/// Words that are too general to be a form on their own; a form made only of these words
/// (and connecting words) is skipped (`Société`, `Empresa Pública`, `Private Company`).
#[rustfmt::skip]
const PLAIN_WORDS: &[&str] = &[
    "private", "public", "national", "international", "business", "commercial", "industrial",
    "company", "companies", "group", "groups", "holding", "holdings", "partner", "partners",
    "partnership", "partnerships", "enterprise", "enterprises", "firm", "firms", "joint", "venture",
    "ventures", "office", "local", "central", "state", "municipal", "professional", "simple",
    "civil", "special", "social", "economic", "unit", "units", "societe", "sociedad", "sociedade",
    "societa", "societate", "empresa", "empresas", "entreprise", "entreprises", "impresa",
    "unternehmen", "firma", "gesellschaft", "vennootschap", "bolag", "selskab", "selskap", "yhtio",
    "spolka", "spolecnost", "spolocnost", "tarsasag", "druzba", "drustvo", "společnost", "sirket",
    "şirket", "etaireia", "eteria", "εταιρεια", "εταιρια", "общество", "компания", "предприятие",
    "организация", "товарищество", "учреждение", "установа", "учреждения", "дружество", "društvo",
    "publica", "publico", "publique", "publiek", "öffentliche", "offentliche", "privada", "privado",
    "privee", "prive", "private", "privat", "privata", "privato", "nazionale", "nacional",
    "nationale", "estatal", "centralny", "центральный", "государственное", "государственная",
    "муниципальное", "общественная", "общественное", "частное", "enterprise", "compania",
    "companhia", "compagnie", "compagnia", "kompani", "kompania", "kompanija", "compañía", "and",
    "of", "the", "de", "del", "des", "du", "di", "la", "le", "et", "y", "e", "und", "en", "by",
    "for", "with", "&",
    "bendrija", "bendrijos",
];

/// Han/Kana/Hangul substrings that mark a category description rather than a form
/// (`其他` other, `外国` foreign, `非香港` non-Hong Kong, `その他` other).
const UNSPACED_QUALIFIERS: &[&str] = &["其他", "その他", "外国", "外國", "非香港", "个体", "個體", "国の", "受託人"];

/// Han-script names are kept only when they contain one of these company words (the other
/// Han ELF names are public bodies and categories: `机关`, `事业单位`, `企业`, ...).
const HAN_COMPANY_WORDS: &[&str] = &["公司", "会社", "會社", "合伙", "合夥", "法人", "组合", "組合"];

/// Junk forms from any source, by [`fold`]ed text: not legal forms, or a real company name.
#[rustfmt::skip]
const BLOCKED_FORMS: &[&str] = &[
    "dubai multi commodities centre", "dubai multi commodities centre company", "dmcc company",
    "dmcc co.", "dmcc llc", "dmcc free zone",
    "акционерное общество финансово-строительная компания", "pmc", "the", "auto", "im", "ent.",
    "ent", "dba", "d/b/a", "multi", "liability company", "liability partnership", "liability ltd.",
    "liability ltd",
    // two-letter words or abbreviations of other things (`in`, `IP`, `PR`, `EP`, `II`, `at`)
    "in", "ll", "pe", "pr", "rs", "rp", "rf", "ii", "ip", "pp", "at", "ep", "jv", "yu", "cso",
    "pse", "psu", "sci", "spd", "lt", "limite", "ets", "ets.", "etat", "sirketi", "şirketi", "sube",
    "şube", "şb", "dis tic ltd", "reykjavikurfélag", "staatsinformatieagentschap", "акб", "чвк",
    "хк", "suc. de descendants", "sucesión de descendientes",
];

/// The folded entries of each word list, computed once.
static FOLDED: LazyLock<Vec<(usize, BTreeSet<String>)>> = LazyLock::new(|| {
    [BUSINESS_WORDS, ASSOCIATION_WORDS, QUALIFIER_WORDS, PLAIN_WORDS, BLOCKED_FORMS, CYRILLIC_ABBREVIATIONS]
        .iter()
        .map(|l| (l.as_ptr() as usize, l.iter().map(|e| fold(e)).collect()))
        .collect()
});

/// The folded company-law stems, computed once.
static FOLDED_STEMS: LazyLock<Vec<String>> = LazyLock::new(|| COMPANY_LAW_STEMS.iter().map(|s| fold(s)).collect());

/// Whether the folded word `w` is in `list` (the list entries are folded too).
fn in_list(w: &str, list: &[&str]) -> bool {
    match FOLDED.iter().find(|(p, _)| *p == list.as_ptr() as usize) {
        Some((_, set)) => set.contains(w),
        None => list.iter().any(|e| fold(e) == w),
    }
}

/// Whether `word` (any case and accents) is one of the business words that are never a
/// legal form on their own (`Bank`, `Trust`, `Stiftung`, ...).
pub fn is_business_word(word: &str) -> bool {
    in_list(&fold(word), BUSINESS_WORDS)
}

/// Whether a skip reason for an ELF row's name also drops the row's abbreviations: business
/// words, category qualifiers, descriptions and a single plain word (the abbreviation
/// stands for the same category: `EMC` for an electric membership cooperative, `STE` for
/// `Société`). A multi-word plain name (`Public Company`) keeps its abbreviations (`Ltd`).
pub fn drops_whole_row(reason: &str) -> bool {
    matches!(reason, "business word" | "category qualifier" | "description" | "blocked" | "plain word")
}

fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '/' | ';' | ':' | '"' | '«' | '»'))
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | '\'' | '’')).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Why a candidate form is skipped, or `None` to keep it.
pub fn skip_reason(form: &str) -> Option<&'static str> {
    let f = collapse_ws(form);
    if f.is_empty() || !f.chars().any(|c| crate::text::script_of(c).is_some()) {
        return Some("empty");
    }
    if let Some(r) = semantic_reason(&f) {
        return Some(r);
    }
    let script = dominant_script(&f);
    if script.is_some_and(Script::is_unspaced) && letter_count(&f) > MAX_UNSPACED_LETTERS {
        return Some("too long");
    }
    // Words counted after joining spaced single letters (`S. de R. L. de C. V.` is 5).
    if word_count(&crate::text::join_key(&f)) > MAX_WORDS {
        return Some("too long");
    }
    if NAME_ONLY_QUALIFIERS.iter().any(|q| fold(&f).split_whitespace().any(|w| w == *q)) {
        return Some("name qualifier");
    }
    if is_mixed_script(&f) {
        return Some("mixed script");
    }
    None
}

/// The reasons that do not depend on length: blocked forms, business, association and
/// qualifier words, plain words, descriptions. Used on whole ELF names (however long) to
/// decide whether the row is a category.
pub fn semantic_reason(form: &str) -> Option<&'static str> {
    let f = collapse_ws(form);
    let folded = fold(&f);
    if in_list(&folded, BLOCKED_FORMS) {
        return Some("blocked");
    }
    let script = dominant_script(&f);
    if script.is_some_and(Script::is_unspaced) {
        if UNSPACED_QUALIFIERS.iter().any(|q| f.contains(q)) {
            return Some("category qualifier");
        }
        if script == Some(Script::Han) && !HAN_COMPANY_WORDS.iter().any(|w| f.contains(w)) && !is_enclosed(&f) {
            return Some("Han name without a company word");
        }
    }
    if ["A ", "An ", "The "].iter().any(|a| f.starts_with(a)) && word_count(&f) > 1 {
        return Some("description");
    }
    let last = folded.split_whitespace().next_back().unwrap_or("").to_string();
    if word_count(&f) > 1
        && ["of", "the", "de", "la", "du", "des", "del", "della", "von", "der"].contains(&last.as_str())
    {
        return Some("description");
    }
    let ws = words(&f);
    if ws.iter().any(|w| in_list(w, BUSINESS_WORDS) || BUSINESS_SUBSTRINGS.iter().any(|b| w.contains(b))) {
        return Some("business word");
    }
    let spaced = format!(" {} ", ws.join(" "));
    if PUBLIC_PHRASES.iter().any(|p| spaced.contains(&format!(" {p} "))) {
        return Some("category qualifier");
    }
    if ws.iter().any(|w| in_list(w, ASSOCIATION_WORDS) || ASSOCIATION_SUBSTRINGS.iter().any(|b| w.contains(b))) {
        return Some("association word");
    }
    if ws.iter().any(|w| in_list(w, QUALIFIER_WORDS) || QUALIFIER_PREFIXES.iter().any(|p| w.starts_with(p))) {
        return Some("category qualifier");
    }
    if !ws.is_empty() && ws.iter().all(|w| in_list(w, PLAIN_WORDS)) {
        // "Company" alone is a form (brief: `Company`); plain-word combinations are not.
        if ws.len() > 1 {
            return Some("plain words only");
        }
        if ws[0] != "company" {
            return Some("plain word");
        }
    }
    None
}

/// Whether `s` mixes Latin, Cyrillic and Greek letters (homoglyph spellings such as
/// `Aкционерное` with a Latin `A`, or `oсoo` with a Cyrillic `с`).
pub fn is_mixed_script(s: &str) -> bool {
    let mut seen: Vec<Script> = Vec::new();
    for c in s.chars() {
        if let Some(sc @ (Script::Latin | Script::Cyrillic | Script::Greek)) = crate::text::script_of(c) {
            if !seen.contains(&sc) {
                seen.push(sc);
            }
        }
    }
    seen.len() > 1
}

/// Whether a Cyrillic form from a non-ELF source is acceptable: an abbreviation-like form
/// (every word at most five letters) must be in [`CYRILLIC_ABBREVIATIONS`]; a longer form
/// must contain company-law vocabulary.
pub fn cyrillic_form_ok(form: &str) -> bool {
    if dominant_script(form) != Some(Script::Cyrillic) {
        return true;
    }
    if form.split_whitespace().all(|w| letter_count(w) <= 5) {
        let key = fold(&crate::text::join_key(form));
        return in_list(&key, CYRILLIC_ABBREVIATIONS);
    }
    has_company_law_stem(form)
}

/// Whether a multi-word form from a non-ELF source has company-law vocabulary (rigour,
/// cleanco and DNB also list public bodies, NGO types and farms: `Staatsinformatieagentschap`,
/// `hindu undivided family`, `zemnieku saimniecība`).
pub fn multiword_form_ok(form: &str) -> bool {
    word_count(form) < 2 || has_company_law_stem(form)
}

/// Whether a name contains company-law vocabulary (see [`COMPANY_LAW_STEMS`]).
pub fn has_company_law_stem(name: &str) -> bool {
    let f = fold(name);
    FOLDED_STEMS.iter().any(|st| f.contains(st.as_str()))
}

/// Whether the form is a parenthesized or enclosed CJK abbreviation (`(株)`, `㈱`, `(주)`).
pub fn is_enclosed(s: &str) -> bool {
    let t = s.trim();
    (t.starts_with('(') || t.starts_with('（')) && (t.ends_with(')') || t.ends_with('）'))
        || (t.chars().count() == 1 && t.chars().all(|c| matches!(c as u32, 0x3200..=0x32FF)))
}

/// Whether an ELF name is a category description: parentheses, commas, slashes, colons
/// (`Corporation (Nonprofit)`, `Учреждения, созданные ...`).
pub fn is_descriptive(name: &str) -> bool {
    name.contains(['(', ')', ',', '/', ':', ';', '（', '）', '،'])
}

/// Whether a Russian ELF name (country RU) is a plural category name (`Акционерные
/// общества`, `Фонды`): its first word ends in a plural ending (-ые, -ие, -ы, -и, -а, -я).
pub fn is_russian_plural(name: &str) -> bool {
    let first = fold(name).split_whitespace().next().unwrap_or("").trim_matches('-').to_string();
    let first = first.split('-').next_back().unwrap_or("").to_string();
    ["ые", "ие", "ы", "и", "а", "я"].iter().any(|e| first.ends_with(e))
}

/// Whether an abbreviation is acceptable as a form: more than one character (enclosed CJK
/// forms excepted), and a `/` only between parts of at most two letters (`A/S`, `S/A`).
pub fn abbreviation_ok(abbr: &str) -> bool {
    let a = abbr.trim();
    if a.chars().filter(|c| !c.is_whitespace()).count() < 2 && !is_enclosed(a) {
        return false;
    }
    if !a.chars().any(|c| crate::text::script_of(c).is_some()) {
        return false;
    }
    if a.contains('/') && a.split('/').any(|p| letter_count(p) > 2) {
        return false;
    }
    // A parenthesized part that is not the whole form: `(SPV) Ltd`, `DAC – (limited by shares)`.
    if (a.contains('(') || a.contains(')')) && !is_enclosed(a) && !a.starts_with("(Pty)") && !a.starts_with("(PTY)") {
        return false;
    }
    // Alternatives joined by a comma (`company, co.`); `Co., Ltd.` is one form.
    if a.matches(',').count() > 1 || (a.contains(',') && a.split(',').any(|p| letter_count(p) > 4)) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_real_forms() {
        for f in [
            "GmbH",
            "Gesellschaft mit beschränkter Haftung",
            "Limited Partnership",
            "Public Limited Company",
            "Company",
            "Corporation",
            "Aktiengesellschaft",
            "Société anonyme",
            "Naamloze vennootschap",
            "株式会社",
            "有限公司",
            "股份有限公司",
            "주식회사",
            "ООО",
            "Общество с ограниченной ответственностью",
            "Professional Corporation",
            "General Partnership",
        ] {
            assert_eq!(skip_reason(f), None, "{f}");
        }
    }

    #[test]
    fn skips_plain_and_category_names() {
        for f in [
            "Bank",
            "Savings Bank",
            "Trust",
            "Trust Company",
            "Credit Union",
            "Foundation",
            "Stiftung",
            "Stichting",
            "Foreign Corporation",
            "Nonprofit Corporation",
            "Sole Proprietorship",
            "Société",
            "Empresa Pública",
            "Private Company",
            "Others",
            "Group",
            "Holdings",
            "企业",
            "机关",
            "外国会社等",
            "私人股份有限公司",
            "Dubai Multi Commodities Centre",
            "Eine Gesellschaft mit sehr langer Beschreibung ohne Ende hier",
        ] {
            assert!(skip_reason(f).is_some(), "{f}");
        }
    }

    #[test]
    fn descriptive_and_plural() {
        assert!(is_descriptive("Corporation (Nonprofit)"));
        assert!(!is_descriptive("Limited Partnership"));
        assert!(is_russian_plural("Акционерные общества"));
        assert!(is_russian_plural("Фонды"));
        assert!(is_russian_plural("Товарищества на вере"));
        assert!(!is_russian_plural("Открытое акционерное общество"));
    }

    #[test]
    fn abbreviations() {
        assert!(abbreviation_ok("A/S"));
        assert!(abbreviation_ok("S/A"));
        assert!(abbreviation_ok("㈜"));
        assert!(abbreviation_ok("(株)"));
        assert!(!abbreviation_ok("株"));
        assert!(!abbreviation_ok("SD/S-ie"));
        assert!(abbreviation_ok("GmbH"));
    }
}
