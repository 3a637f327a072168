//! Which input column holds the name, the country, the kind, the id...: chosen by flags,
//! else found under the usual names.

/// Flags naming the input's columns.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RoleFlags {
    /// Column holding the names [default: the first of name, applicant_name, applicant,
    /// person_name, organization, assignee, company, party_name present].
    #[arg(long, value_name = "COLUMN")]
    pub name_col: Option<String>,
    /// Column holding ISO 3166-1 country codes [default: country, country_code,
    /// person_ctry_code, ctry, when present].
    #[arg(long, value_name = "COLUMN")]
    pub country_col: Option<String>,
    /// Column saying person or organization (`person`, `organization`, `p`, `o`...) [default: kind, when present].
    #[arg(long, value_name = "COLUMN")]
    pub kind_col: Option<String>,
    /// Column holding the record id [default: id, applicant_id, person_id, when present].
    #[arg(long, value_name = "COLUMN")]
    pub id_col: Option<String>,
    /// Column holding the postal address, for the quality rules [default: address, when present].
    #[arg(long, value_name = "COLUMN")]
    pub address_col: Option<String>,
    /// Column holding a person's family name, for the quality rules [default: family_name, last_name].
    #[arg(long, value_name = "COLUMN")]
    pub family_col: Option<String>,
    /// Column holding a person's given names, for the quality rules [default: given_name, first_name].
    #[arg(long, value_name = "COLUMN")]
    pub given_col: Option<String>,
    /// Column holding the name in its original script, for the quality rules [default: original_name].
    #[arg(long, value_name = "COLUMN")]
    pub original_col: Option<String>,
    /// Column holding a mention count per row, for clustering [default: count, n_mentions, when present].
    #[arg(long, value_name = "COLUMN")]
    pub count_col: Option<String>,
}

/// Column indices of the roles found.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    /// The name.
    pub name: usize,
    /// Country code.
    pub country: Option<usize>,
    /// Person or organization.
    pub kind: Option<usize>,
    /// Record id.
    pub id: Option<usize>,
    /// Postal address.
    pub address: Option<usize>,
    /// Family name.
    pub family: Option<usize>,
    /// Given names.
    pub given: Option<usize>,
    /// Name in the original script.
    pub original: Option<usize>,
    /// Mention count.
    pub count: Option<usize>,
}

const NAME: &[&str] =
    &["name", "applicant_name", "applicant", "person_name", "organization", "assignee", "company", "party_name"];
const COUNTRY: &[&str] = &["country", "country_code", "person_ctry_code", "ctry"];
const KIND: &[&str] = &["kind"];
const ID: &[&str] = &["id", "applicant_id", "person_id"];
const ADDRESS: &[&str] = &["address"];
const FAMILY: &[&str] = &["family_name", "last_name"];
const GIVEN: &[&str] = &["given_name", "first_name"];
const ORIGINAL: &[&str] = &["original_name"];
const COUNT: &[&str] = &["count", "n_mentions"];

fn missing(flag: &str, name: &str, columns: &[String]) -> String {
    format!("no column `{name}` (given by --{flag}); the input's columns are: {}", columns.join(", "))
}

fn find(columns: &[String], given: Option<&str>, defaults: &[&str], flag: &str) -> Result<Option<usize>, String> {
    if let Some(g) = given {
        return columns.iter().position(|c| c == g).map(Some).ok_or_else(|| missing(flag, g, columns));
    }
    for d in defaults {
        if let Some(i) = columns.iter().position(|c| c.eq_ignore_ascii_case(d)) {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

impl RoleFlags {
    /// Finds the columns; an error names what is missing and lists the columns there are.
    pub fn resolve(&self, columns: &[String]) -> Result<Roles, String> {
        let name = match find(columns, self.name_col.as_deref(), NAME, "name-col")? {
            Some(i) => i,
            None => {
                return Err(format!(
                    "no name column: none of {} is present; give --name-col. The input's columns are: {}",
                    NAME.join(", "),
                    columns.join(", ")
                ))
            }
        };
        Ok(Roles {
            name,
            country: find(columns, self.country_col.as_deref(), COUNTRY, "country-col")?,
            kind: find(columns, self.kind_col.as_deref(), KIND, "kind-col")?,
            id: find(columns, self.id_col.as_deref(), ID, "id-col")?,
            address: find(columns, self.address_col.as_deref(), ADDRESS, "address-col")?,
            family: find(columns, self.family_col.as_deref(), FAMILY, "family-col")?,
            given: find(columns, self.given_col.as_deref(), GIVEN, "given-col")?,
            original: find(columns, self.original_col.as_deref(), ORIGINAL, "original-col")?,
            count: find(columns, self.count_col.as_deref(), COUNT, "count-col")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults_are_found_case_insensitively_and_flags_win() {
        let c = cols(&["ID", "Applicant", "person_ctry_code"]);
        let r = RoleFlags::default().resolve(&c).unwrap();
        assert_eq!((r.name, r.country, r.id), (1, Some(2), Some(0)));
        let f = RoleFlags { name_col: Some("ID".into()), ..Default::default() };
        assert_eq!(f.resolve(&c).unwrap().name, 0);
    }

    #[test]
    fn a_missing_column_is_named_with_the_columns_there_are() {
        let c = cols(&["a", "b"]);
        let err = RoleFlags::default().resolve(&c).unwrap_err();
        assert!(err.contains("--name-col") && err.contains("a, b"), "{err}");
        let f = RoleFlags { name_col: Some("a".into()), country_col: Some("land".into()), ..Default::default() };
        let err = f.resolve(&c).unwrap_err();
        assert!(err.contains("`land`") && err.contains("a, b"), "{err}");
    }
}
