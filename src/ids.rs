//! Identifiers of a program (tier, offer, rule, segment, surface, experiment ids, locales,
//! categories named by rules): one check, so the same mistake gets the same code everywhere.

use crate::error::Code;
use crate::limits::MAX_ID_CHARS;
use crate::read::CompileContext;

/// Reports an empty identifier (`invalid_id`) or one longer than
/// [`MAX_ID_CHARS`](crate::limits::MAX_ID_CHARS) characters (`string_too_long`) at `path`.
pub(crate) fn check_id(ctx: &mut CompileContext, path: &str, id: &str) {
    if id.is_empty() {
        ctx.report(Code::InvalidId, path, "must not be empty");
    } else if id.len() > MAX_ID_CHARS && id.chars().count() > MAX_ID_CHARS {
        ctx.report(Code::StringTooLong, path, format!("must be at most {MAX_ID_CHARS} characters"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(id: &str) -> Vec<(Code, String)> {
        let mut ctx = CompileContext::default();
        check_id(&mut ctx, "/x/id", id);
        ctx.issues.into_iter().map(|issue| (issue.code, issue.path)).collect()
    }

    #[test]
    fn empty_and_long_ids_get_their_own_codes() {
        assert_eq!(codes(""), [(Code::InvalidId, "/x/id".to_string())]);
        assert_eq!(codes(&"银".repeat(MAX_ID_CHARS)), []);
        assert_eq!(codes(&"银".repeat(MAX_ID_CHARS + 1)), [(Code::StringTooLong, "/x/id".to_string())]);
        assert_eq!(codes("gold"), []);
    }
}
