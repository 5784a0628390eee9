//! `$regex` / `$regexi` patterns: JavaScript regular expressions run on `regex-lite`.
//!
//! `regex-lite` was chosen over `regex` for the WebAssembly build: it adds tens of
//! kilobytes instead of hundreds, and it still guarantees matching in time linear in the
//! pattern and the text, so a hostile pattern cannot freeze a page. The price is a
//! smaller syntax, which is why patterns are translated from the JavaScript dialect
//! GrowthBook uses (`new RegExp(pattern)`, no `u` flag) before they are compiled once:
//!
//! * `.` excludes `\r`, U+2028 and U+2029 as well as `\n`, as in JavaScript;
//! * `\s`/`\S` use JavaScript's whitespace set, which includes U+00A0, U+3000 (the
//!   ideographic space) and U+FEFF; `regex-lite`'s own `\s` is ASCII only;
//! * escapes that mean something else in Rust are rewritten to what they mean in
//!   JavaScript: `\<` and `\>` are the characters `<` and `>` (not word boundaries),
//!   `\a`, `\e`, `\z`, `\A`, `\p{…}` and other letter escapes JavaScript does not define
//!   are the plain letter, `[\b]` is a backspace, `\0` is NUL, `\cJ` is a control
//!   character, `\uXXXX` (including surrogate pairs) and `\xXX` are code points;
//! * a `{` or `}` that is not part of a `{n}`, `{n,}` or `{n,m}` repetition is a literal
//!   brace, `[^]` matches any character and `[]` matches nothing, `[` inside a class is
//!   a literal, and a stray `]` is a literal, all as in JavaScript.
//!
//! Not available, and reported as `invalid_regex` when the condition is compiled:
//! look-ahead and look-behind (`(?=`, `(?!`, `(?<=`, `(?<!`), back-references (`\1`,
//! `\k<name>`) and lone surrogate escapes. Case-insensitive matching (`$regexi`) folds
//! ASCII letters only, where JavaScript also folds other scripts (`é`/`É`). Rust's
//! inline flags such as `(?i)` are accepted, although JavaScript rejects them.

use regex_lite::{Regex, RegexBuilder};

/// The longest pattern accepted, in characters.
pub(crate) const MAX_PATTERN_CHARS: usize = crate::limits::MAX_REGEX_CHARS;

/// The compiled-program size limit handed to `regex-lite`, which bounds the memory and
/// time a single pattern may take to compile (`a{1000}{1000}` is refused).
const SIZE_LIMIT: usize = 1 << 20;

/// JavaScript's whitespace characters as members of a character class.
const JS_SPACE_MEMBERS: &str =
    r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// Every character that is not JavaScript whitespace, as members of a character class.
const JS_NON_SPACE_MEMBERS: &str = r"\x{0}-\x{8}\x{E}-\x{1F}\x{21}-\x{9F}\x{A1}-\x{167F}\x{1681}-\x{1FFF}\x{200B}-\x{2027}\x{202A}-\x{202E}\x{2030}-\x{205E}\x{2060}-\x{2FFF}\x{3001}-\x{FEFE}\x{FF00}-\x{10FFFF}";

/// Compiles a JavaScript pattern, or explains in a sentence why it cannot be.
pub(crate) fn compile(pattern: &str, case_insensitive: bool) -> Result<Regex, String> {
    let chars = pattern.chars().count();
    if chars > MAX_PATTERN_CHARS {
        return Err(format!("the pattern has {chars} characters; at most {MAX_PATTERN_CHARS} are allowed"));
    }
    let translated = translate(pattern)?;
    RegexBuilder::new(&translated).case_insensitive(case_insensitive).size_limit(SIZE_LIMIT).build().map_err(|error| {
        let detail = error.to_string();
        let last = detail.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("invalid pattern");
        format!("the pattern is not a valid regular expression: {}", last.trim())
    })
}

fn hex_value(digits: &[char]) -> Option<u32> {
    digits.iter().try_fold(0_u32, |value, c| Some(value * 16 + c.to_digit(16)?))
}

fn push_code_point(out: &mut String, code: u32) {
    use std::fmt::Write;
    let _ = write!(out, "\\x{{{code:X}}}");
}

/// Rewrites a JavaScript (non-Unicode-mode) pattern into `regex-lite` syntax.
pub(crate) fn translate(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    let mut at = 0;
    let peek = |at: usize| chars.get(at).copied();
    while let Some(c) = peek(at) {
        at += 1;
        match c {
            '\\' => {
                let Some(escaped) = peek(at) else {
                    return Err("the pattern ends with a lone backslash".to_string());
                };
                at += 1;
                match escaped {
                    'd' | 'D' | 'w' | 'W' | 't' | 'n' | 'r' | 'f' | 'v' => {
                        out.push('\\');
                        out.push(escaped);
                    }
                    'b' | 'B' if !in_class => {
                        out.push('\\');
                        out.push(escaped);
                    }
                    'b' => push_code_point(&mut out, 8),
                    's' | 'S' => {
                        let members = if escaped == 's' { JS_SPACE_MEMBERS } else { JS_NON_SPACE_MEMBERS };
                        if in_class {
                            out.push_str(members);
                        } else {
                            out.push('[');
                            out.push_str(members);
                            out.push(']');
                        }
                    }
                    'x' => {
                        let digits: Vec<char> = chars.iter().skip(at).take(2).copied().collect();
                        match (digits.len() == 2).then(|| hex_value(&digits)).flatten() {
                            Some(code) => {
                                push_code_point(&mut out, code);
                                at += 2;
                            }
                            None => out.push('x'),
                        }
                    }
                    'u' => {
                        let digits: Vec<char> = chars.iter().skip(at).take(4).copied().collect();
                        match (digits.len() == 4).then(|| hex_value(&digits)).flatten() {
                            Some(high @ 0xD800..=0xDBFF) => {
                                at += 4;
                                let low = (peek(at) == Some('\\') && peek(at + 1) == Some('u'))
                                    .then(|| {
                                        let digits: Vec<char> = chars.iter().skip(at + 2).take(4).copied().collect();
                                        (digits.len() == 4).then(|| hex_value(&digits)).flatten()
                                    })
                                    .flatten()
                                    .filter(|low| (0xDC00..=0xDFFF).contains(low));
                                let Some(low) = low else {
                                    return Err(
                                        "a \\u escape names half of a surrogate pair; write the character itself"
                                            .to_string(),
                                    );
                                };
                                at += 6;
                                push_code_point(&mut out, 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
                            }
                            Some(0xDC00..=0xDFFF) => {
                                return Err("a \\u escape names half of a surrogate pair; write the character itself"
                                    .to_string());
                            }
                            Some(code) => {
                                push_code_point(&mut out, code);
                                at += 4;
                            }
                            None => out.push('u'),
                        }
                    }
                    'c' => match peek(at).filter(char::is_ascii_alphabetic) {
                        Some(letter) => {
                            push_code_point(&mut out, u32::from(letter) % 32);
                            at += 1;
                        }
                        None => out.push_str(r"\\c"),
                    },
                    '0' if !peek(at).is_some_and(|next| next.is_ascii_digit()) => push_code_point(&mut out, 0),
                    '0'..='9' => return Err("back-references (\\1, \\2, …) are not supported".to_string()),
                    'k' if pattern.contains("(?<") => {
                        return Err("named back-references (\\k<name>) are not supported".to_string());
                    }
                    '<' | '>' => out.push(escaped),
                    letter if letter.is_ascii_alphanumeric() => out.push(letter),
                    punctuation if punctuation.is_ascii_punctuation() || punctuation == ' ' => {
                        out.push('\\');
                        out.push(punctuation);
                    }
                    other => out.push(other),
                }
            }
            '[' if in_class => out.push_str(r"\["),
            '[' => {
                if peek(at) == Some(']') {
                    out.push_str(r"[^\s\S]");
                    at += 1;
                } else if peek(at) == Some('^') && peek(at + 1) == Some(']') {
                    out.push_str("(?s:.)");
                    at += 2;
                } else {
                    out.push('[');
                    in_class = true;
                    if peek(at) == Some('^') {
                        out.push('^');
                        at += 1;
                    }
                    if peek(at) == Some(']') {
                        out.push_str(r"\]");
                        at += 1;
                    }
                }
            }
            ']' if in_class => {
                out.push(']');
                in_class = false;
            }
            ']' => out.push_str(r"\]"),
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '.' if !in_class => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            '{' if !in_class => {
                let rest: String = chars.iter().skip(at).take_while(|&&c| c != '}').collect();
                let closed = peek(at + rest.chars().count()) == Some('}');
                let (low, high) = rest.split_once(',').unwrap_or((rest.as_str(), "0"));
                let is_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
                if closed && !low.is_empty() && is_digits(low) && is_digits(high) {
                    out.push('{');
                    out.push_str(&rest);
                    out.push('}');
                    at += rest.chars().count() + 1;
                } else {
                    out.push_str(r"\{");
                }
            }
            '}' if !in_class => out.push_str(r"\}"),
            '(' if peek(at) == Some('?') => {
                let next = peek(at + 1);
                let after = peek(at + 2);
                if matches!(next, Some('=' | '!')) || (next == Some('<') && matches!(after, Some('=' | '!'))) {
                    return Err(
                        "look-ahead and look-behind ((?=…), (?!…), (?<=…), (?<!…)) are not supported".to_string()
                    );
                }
                out.push('(');
            }
            other => out.push(other),
        }
    }
    if in_class {
        return Err("a character class [ … ] is not closed".to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        compile(pattern, false).map(|re| re.is_match(text)).unwrap_or_else(|error| panic!("{pattern}: {error}"))
    }

    #[test]
    fn javascript_meanings_survive_translation() {
        assert!(matches(r"^\s$", "\u{3000}"));
        assert!(!matches(r"^\S$", "\u{3000}"));
        assert!(matches(r"^[\S]+$", "abc"));
        assert!(!matches(r"^[\S]+$", "a c"));
        assert!(!matches("^.$", "\r"));
        assert!(matches(r"^\<b\>$", "<b>"));
        assert!(matches(r"^\a\e\z$", "aez"));
        assert!(matches(r"^a{$", "a{"));
        assert!(matches(r"^a{2}$", "aa"));
        assert!(matches(r"^a{1,}$", "aaa"));
        assert!(matches(r"^x{a}$", "x{a}"));
        assert!(matches(r"^[^]$", "\n"));
        assert!(!matches(r"[]", "anything"));
        assert!(matches(r"^[[]$", "["));
        assert!(matches(r"^]$", "]"));
        assert!(matches(r"^\u00e9\x41$", "éA"));
        assert!(matches(r"^\uD83D\uDE00$", "😀"));
        assert!(matches(r"^\p{L}$", "p{L}"));
        assert!(matches(r"^a\/b$", "a/b"));
        assert!(matches(r"^[\b]$", "\u{8}"));
        assert!(matches(r"^\cJ$", "\n"));
        assert!(matches(r"^[a&&b]+$", "a&b"));
        assert!(matches(r"^[\u4e00-\u9fa5]+$", "会员日"));
        assert!(matches(r"^(?<year>\d{4})-\d{2}$", "2026-11"));
    }

    #[test]
    fn unsupported_constructs_are_reported() {
        for pattern in [
            r"(?=a)",
            r"(?!a)",
            r"(?<=a)b",
            r"(?<!a)b",
            r"(a)\1",
            r"(?<n>a)\k<n>",
            r"[a-z",
            r"\",
            r"\uD83D",
            "(",
            "a**b)",
        ] {
            assert!(compile(pattern, false).is_err(), "{pattern}");
        }
        assert!(compile(&"a".repeat(1001), false).is_err());
        assert!(compile(&"a".repeat(1000), false).is_ok());
        assert!(compile("a{1000}{1000}", false).is_err());
    }

    #[test]
    fn case_insensitive_folds_ascii() {
        let re = compile("(mobile|tablet)", true).unwrap();
        assert!(re.is_match("Android Mobile Browser"));
    }
}
