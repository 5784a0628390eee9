//! Texts and identifiers of a program: [`LocalizedText`] and the checks every section uses
//! for its ids (tier, offer, rule, segment, surface, experiment ids, locales, categories named
//! by rules) and its texts, so the same mistake gets the same code and path everywhere. A leaf
//! module: the sections import it, it imports none of them.

use crate::error::{pointer, Code};
use crate::limits::{MAX_ID_CHARS, MAX_TEXT_CHARS};
use crate::read::CompileContext;
use crate::vec_map::VecMap;

/// Text in several locales, keyed by BCP 47 tag: `{"zh-CN": "金卡", "en": "Gold"}`.
pub type LocalizedText = VecMap<String, String>;

/// Reports an empty identifier (`invalid_id`) or one longer than
/// [`MAX_ID_CHARS`](crate::limits::MAX_ID_CHARS) characters (`string_too_long`) at `path`.
pub(crate) fn check_id(ctx: &mut CompileContext, path: &str, id: &str) {
    if id.is_empty() {
        ctx.report(Code::InvalidId, path, "must not be empty");
    } else if id.len() > MAX_ID_CHARS && id.chars().count() > MAX_ID_CHARS {
        ctx.report(Code::StringTooLong, path, format!("must be at most {MAX_ID_CHARS} characters"));
    }
}

/// Checks a localized text: each locale is an id (see [`check_id`], at the locale's path) and
/// each text at most [`MAX_TEXT_CHARS`](crate::limits::MAX_TEXT_CHARS) characters
/// (`string_too_long` at the locale's path).
pub(crate) fn check_text(ctx: &mut CompileContext, path: &str, text: &LocalizedText) {
    for (locale, value) in text {
        let at = pointer(path, locale);
        check_id(ctx, &at, locale);
        if value.len() > MAX_TEXT_CHARS && value.chars().count() > MAX_TEXT_CHARS {
            ctx.report(Code::StringTooLong, at, format!("must be at most {MAX_TEXT_CHARS} characters"));
        }
    }
}

/// [`check_text`], and a text the member sees must be given (`missing_text` when `required`
/// and empty) in every locale the program declares (`missing_translation` at the missing
/// locale's path).
pub(crate) fn check_translated_text(ctx: &mut CompileContext, path: &str, text: &LocalizedText, locales: &[String], required: bool) {
    if required && text.is_empty() {
        ctx.report(Code::MissingText, path, "needs a text in at least one locale");
    }
    if !text.is_empty() {
        for locale in locales {
            if !text.contains_key(locale) {
                ctx.report(Code::MissingTranslation, pointer(path, locale), format!("the program's locales include {locale:?}, this text lacks it"));
            }
        }
    }
    check_text(ctx, path, text);
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
