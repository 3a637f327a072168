//! Errors of the core library. The pipeline itself never fails; errors come only from
//! loading tables and configuration.

use std::fmt;

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A dictionary table is malformed.
    Dictionary,
    /// A configuration value is invalid.
    Config,
}

/// An error with the place to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The table or setting concerned.
    pub context: String,
    /// The 1-based line in that table, 0 when not applicable.
    pub line: usize,
    /// What is wrong, in words.
    pub message: String,
}

/// Result with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A dictionary table error at `table:line`.
    pub fn dictionary(table: &str, line: usize, message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Dictionary, context: table.to_string(), line, message: message.into() }
    }

    /// A configuration error for `setting`.
    pub fn config(setting: &str, message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Config, context: setting.to_string(), line: 0, message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Dictionary if self.line > 0 => {
                write!(f, "dictionary {}:{}: {}", self.context, self.line, self.message)
            }
            ErrorKind::Dictionary => write!(f, "dictionary {}: {}", self.context, self.message),
            ErrorKind::Config if self.line > 0 => {
                write!(f, "configuration {}:{}: {}", self.context, self.line, self.message)
            }
            ErrorKind::Config => write!(f, "setting `{}`: {}", self.context, self.message),
        }
    }
}

impl std::error::Error for Error {}

impl From<namestd_dictionaries::format::FormatError> for Error {
    fn from(e: namestd_dictionaries::format::FormatError) -> Self {
        Error::dictionary(&e.table, e.line, e.message)
    }
}
