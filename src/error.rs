//! Errors are data: every problem with user input is an [`Issue`] with a stable `code`,
//! a JSON-pointer `path` into the input it concerns, and a human message. An operation
//! that rejects its input returns an [`Error`] carrying **all** the issues it found.

use crate::json::write::ToJson;
use schemars::JsonSchema;
use serde::Serialize;
use std::fmt;

pub use crate::error_codes::Code;
/// How serious an [`Issue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The input is rejected.
    #[default]
    Error,
    /// The input is accepted, but something in it is legal and likely not what was meant
    /// (`validateProgram` and `engine.warnings()` report these).
    Warning,
}

/// One problem found in a program, snapshot, cart, option or condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct Issue {
    /// Stable machine-readable code, e.g. `missing_field` or `threshold_not_increasing`.
    pub code: Code,
    /// JSON pointer (RFC 6901) to the offending value, rooted at the input it belongs to
    /// (`/tiers/2/qualify/spend`); the empty string means the whole input.
    pub path: String,
    /// A sentence for humans, in English.
    pub message: String,
    /// `error` (the input is rejected) or `warning` (accepted, but likely a mistake).
    pub severity: Severity,
}

impl Issue {
    /// Builds an issue of severity `error`.
    pub fn new(code: Code, path: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue { code, path: path.into(), message: message.into(), severity: Severity::Error }
    }

    /// Builds an issue of severity `warning`.
    pub fn warning(code: Code, path: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue { severity: Severity::Warning, ..Issue::new(code, path, message) }
    }

    /// The same issue with `prefix` put in front of its path (for nested inputs).
    pub fn under(mut self, prefix: &str) -> Issue {
        self.path = format!("{prefix}{}", self.path);
        self
    }
}

impl Issue {
    /// `code: message`, or `path: message (code)` when the issue has a path.
    fn sentence(&self) -> String {
        let mut text = String::with_capacity(self.code.as_str().len() + self.path.len() + self.message.len() + 5);
        if self.path.is_empty() {
            text.push_str(self.code.as_str());
            text.push_str(": ");
            text.push_str(&self.message);
        } else {
            text.push_str(&self.path);
            text.push_str(": ");
            text.push_str(&self.message);
            text.push_str(" (");
            text.push_str(self.code.as_str());
            text.push(')');
        }
        text
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sentence())
    }
}

/// The error of an operation that rejected its input: one or more issues, first one
/// most relevant. Serialises as `{code, path, message, issues}` where the first three
/// repeat the first issue, which is what the JS `TierwiseError` carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Every issue found; never empty: every constructor takes at least one.
    issues: Vec<Issue>,
}

impl Error {
    /// An error made of one issue.
    pub fn one(code: Code, path: impl Into<String>, message: impl Into<String>) -> Error {
        Error { issues: vec![Issue::new(code, path, message)] }
    }

    /// An error made of one issue.
    pub fn from_issue(issue: Issue) -> Error {
        Error { issues: vec![issue] }
    }

    /// Every issue, the most relevant first; never empty.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// Every issue, the most relevant first; never empty.
    pub fn into_issues(self) -> Vec<Issue> {
        self.issues
    }

    /// An error from issues collected while reading an input that was rejected; an empty
    /// list (which a caller should not produce) still gives an error, `invalid_input`.
    pub fn all(issues: Vec<Issue>) -> Error {
        Error::from_issues(issues).unwrap_or_else(|| Error::one(Code::InvalidInput, "", "the input was rejected"))
    }

    /// An error from a list of issues, or `None` when the list is empty.
    pub fn from_issues(issues: Vec<Issue>) -> Option<Error> {
        if issues.is_empty() {
            None
        } else {
            Some(Error { issues })
        }
    }

    fn first(&self) -> Option<&Issue> {
        self.issues.first()
    }

    /// Code of the first issue.
    pub fn code(&self) -> Code {
        self.first().map_or(Code::InvalidInput, |issue| issue.code)
    }

    /// Path of the first issue.
    pub fn path(&self) -> &str {
        self.first().map_or("", |issue| issue.path.as_str())
    }

    /// Message summarising the error: the first issue, and how many more there are.
    pub fn message(&self) -> String {
        let Some(first) = self.first() else { return "invalid input".to_string() };
        // Assembled by concatenation: every error crossing to JS carries this message, and
        // the wasm need not reach `core::fmt` for it.
        let mut message = first.sentence();
        let more = self.issues.len() - 1;
        if more > 0 {
            message.push_str(" (and ");
            crate::json::write::push_decimal(&mut message, i64::try_from(more).unwrap_or(i64::MAX));
            message.push_str(if more == 1 { " more issue)" } else { " more issues)" });
        }
        message
    }

    /// The same error with every path prefixed (e.g. `/cart`).
    pub fn under(self, prefix: &str) -> Error {
        Error { issues: self.issues.into_iter().map(|issue| issue.under(prefix)).collect() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("Error", 4)?;
        state.serialize_field("code", self.code().as_str())?;
        state.serialize_field("path", self.path())?;
        state.serialize_field("message", &self.message())?;
        state.serialize_field("issues", &self.issues)?;
        state.end()
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub fn pointer(base: &str, token: impl fmt::Display) -> String {
    let token = token.to_string();
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for ch in token.chars() {
        match ch {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        assert_eq!(pointer("/a", "b/c~d"), "/a/b~1c~0d");
        assert_eq!(pointer("", 3), "/3");
    }

    #[test]
    fn error_message_counts_the_rest() {
        let error = Error {
            issues: vec![Issue::new(Code::MissingField, "/a", "first"), Issue::new(Code::InvalidType, "/b", "second"), Issue::new(Code::OutOfRange, "", "third")],
        };
        assert_eq!(error.code(), Code::MissingField);
        assert_eq!(error.path(), "/a");
        assert_eq!(error.message(), "/a: first (missing_field) (and 2 more issues)");
        let two = Error::all(vec![Issue::new(Code::OutOfRange, "", "third"), Issue::new(Code::InvalidType, "/b", "second")]);
        assert_eq!(two.message(), "out_of_range: third (and 1 more issue)");
        assert_eq!(Error::one(Code::InvalidType, "/b", "second").message(), "/b: second (invalid_type)");
        assert_eq!(Error::all(Vec::new()).message(), "invalid_input: the input was rejected");
        let many = Error::all((0..12).map(|i| Issue::new(Code::InvalidValue, "", i.to_string())).collect());
        assert_eq!(many.message(), "invalid_value: 0 (and 11 more issues)");
        assert_eq!(Issue::new(Code::InvalidType, "/b", "second").to_string(), "/b: second (invalid_type)");
    }
}
