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
//!   a literal, and a stray `]` is a literal, all as in JavaScript;
//! * legacy octal escapes (`\01`, `\101`) and `\N` beyond the pattern's group count are
//!   characters, `\8` and `\9` are digits, and a `-` beside a class escape in a class is a
//!   hyphen (`[\d-z]`), as JavaScript's Annex B reads them.
//!
//! What JavaScript's `RegExp` refuses is refused here too: a quantifier with nothing to
//! repeat (`a**`, `a{2}{3}`, `\b+`, `^*`), any `(?` other than `(?:`, `(?<name>` and the
//! look-arounds (so Rust's `(?i)` and Python's `(?P<name>…)`), a duplicate group name.
//!
//! Not available, and reported as `invalid_regex` when the condition is compiled:
//! look-ahead and look-behind (`(?=`, `(?!`, `(?<=`, `(?<!`), back-references (`\1`,
//! `\k<name>`), lone surrogate escapes (text here never holds half a surrogate pair) and
//! patterns whose compiled form passes the size limit. Case-insensitive matching
//! (`$regexi`) folds ASCII letters only, where JavaScript also folds other scripts
//! (`é`/`É`). tests/fixtures/growthbook-differences.json lists these for the test that
//! compares conditions with GrowthBook's SDK.

use regex_lite::{Regex, RegexBuilder};

/// The longest pattern accepted, in characters.
pub(crate) const MAX_PATTERN_CHARS: usize = crate::limits::MAX_REGEX_CHARS;

/// The compiled-program size limit handed to `regex-lite`, which bounds the memory and
/// time a single pattern may take to compile (`(a{200}){200}` is refused).
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

/// What the last piece of the pattern was, for JavaScript's rule that a quantifier needs
/// something to repeat (`a**`, `^*`, `\b+` and `(*)` are syntax errors there).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    /// The start, `(`, `|` or an assertion (`^`, `$`, `\b`, `\B`): nothing to repeat.
    Nothing,
    /// A character, class, escape or group: a quantifier may follow.
    Atom,
    /// A quantifier: only the `?` that makes it lazy may follow.
    Quantifier,
    /// A lazy quantifier (`*?`): nothing more may follow.
    LazyQuantifier,
}

const NOTHING_TO_REPEAT: &str = "a quantifier (*, +, ?, {n}) follows nothing it can repeat";

/// How many capturing groups `(…)` and `(?<name>…)` the pattern has, and whether any is
/// named. JavaScript reads `\N` as a back-reference only when N is at most the count
/// (otherwise as an octal escape), and `\k` as a named back-reference when a group is named.
fn capturing_groups(chars: &[char]) -> (usize, bool) {
    let (mut count, mut named_groups, mut in_class, mut at) = (0, false, false, 0);
    while let Some(&c) = chars.get(at) {
        match c {
            '\\' => at += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => {
                let named = chars.get(at + 1) == Some(&'?')
                    && chars.get(at + 2) == Some(&'<')
                    && !matches!(chars.get(at + 3), Some('=' | '!'));
                named_groups |= named;
                if chars.get(at + 1) != Some(&'?') || named {
                    count += 1;
                }
            }
            _ => {}
        }
        at += 1;
    }
    (count, named_groups)
}

/// A legacy octal escape (`\1`, `\01`, `\377`) starting at `at`: its code and length.
/// `0`–`3` take up to two more octal digits, `4`–`7` one more, as in JavaScript.
fn legacy_octal(chars: &[char], at: usize) -> Option<(u32, usize)> {
    let digit = |index: usize| chars.get(index).and_then(|c| c.to_digit(8));
    let first = digit(at)?;
    let longest = if first <= 3 { 3 } else { 2 };
    let mut code = first;
    let mut length = 1;
    while length < longest {
        let Some(next) = digit(at + length) else { break };
        code = code * 8 + next;
        length += 1;
    }
    Some((code, length))
}

/// Whether `name` is a group name JavaScript accepts: an identifier (`$`, `_` and letters,
/// then digits too).
fn is_group_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '$' || c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '$' || c == '_' || c.is_alphanumeric() || c == '\u{200C}' || c == '\u{200D}')
}

/// A group name as written, with its `\uXXXX` and `\u{X…}` escapes read (JavaScript
/// allows them there); `None` for any other backslash.
fn group_name(written: &str) -> Option<String> {
    let mut name = String::new();
    let mut rest = written;
    while let Some((before, after)) = rest.split_once('\\') {
        name.push_str(before);
        let after = after.strip_prefix('u')?;
        let (digits, next) = match after.strip_prefix('{') {
            Some(braced) => braced.split_once('}')?,
            None => (after.get(..4)?, after.get(4..)?),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        name.push(char::from_u32(u32::from_str_radix(digits, 16).ok()?)?);
        rest = next;
    }
    name.push_str(rest);
    Some(name)
}

/// Whether the class escape `\d`, `\D`, `\s`, `\S`, `\w` or `\W` starts at `at`.
fn class_escape_at(chars: &[char], at: usize) -> bool {
    chars.get(at) == Some(&'\\') && matches!(chars.get(at + 1), Some('d' | 'D' | 's' | 'S' | 'w' | 'W'))
}

/// Rewrites a JavaScript (non-Unicode-mode) pattern into `regex-lite` syntax, refusing what
/// JavaScript's `RegExp` refuses and what `regex-lite` cannot run.
pub(crate) fn translate(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    // JavaScript counts the groups, and looks for a named one, before it reads the pattern.
    let (groups, named_groups) = capturing_groups(&chars);
    let mut names: Vec<String> = Vec::new();
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    // Whether the last member of the class was a class escape such as `\d`: a `-` after it
    // is a plain hyphen in JavaScript (`[\d-z]` is a digit, `-` or `z`).
    let mut after_class_escape = false;
    let mut last = Last::Nothing;
    let mut at = 0;
    let peek = |at: usize| chars.get(at).copied();
    while let Some(c) = peek(at) {
        at += 1;
        let was_class_escape = std::mem::replace(&mut after_class_escape, false);
        if in_class {
            match c {
                '\\' => {
                    let Some(escaped) = peek(at) else {
                        return Err("the pattern ends with a lone backslash".to_string());
                    };
                    at += 1;
                    match escaped {
                        'd' | 'D' | 'w' | 'W' => {
                            out.push('\\');
                            out.push(escaped);
                            after_class_escape = true;
                        }
                        's' => {
                            out.push_str(JS_SPACE_MEMBERS);
                            after_class_escape = true;
                        }
                        'S' => {
                            out.push_str(JS_NON_SPACE_MEMBERS);
                            after_class_escape = true;
                        }
                        'b' => push_code_point(&mut out, 8),
                        // In a class, `\c` also takes a digit or `_` (Annex B).
                        'c' => match peek(at).filter(|c| c.is_ascii_alphanumeric() || *c == '_') {
                            Some(letter) => {
                                push_code_point(&mut out, u32::from(letter) % 32);
                                at += 1;
                            }
                            None => out.push_str(r"\\c"),
                        },
                        '0'..='7' => {
                            let (code, length) = legacy_octal(&chars, at - 1).unwrap_or((0, 1));
                            push_code_point(&mut out, code);
                            at += length - 1;
                        }
                        // With named groups, JavaScript reserves `\k` inside a class too.
                        'k' if named_groups => {
                            return Err("\\k in a class is not allowed in a pattern with named groups".to_string());
                        }
                        _ => at = escape(&chars, at, escaped, &mut out)?,
                    }
                }
                '-' if was_class_escape || class_escape_at(&chars, at) => {
                    out.push_str(r"\-");
                }
                '[' => out.push_str(r"\["),
                ']' => {
                    out.push(']');
                    in_class = false;
                    last = Last::Atom;
                }
                '&' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                other => out.push(other),
            }
            continue;
        }
        match c {
            '*' | '+' | '?' => {
                match (last, c) {
                    (Last::Atom, _) => last = Last::Quantifier,
                    (Last::Quantifier, '?') => last = Last::LazyQuantifier,
                    _ => return Err(NOTHING_TO_REPEAT.to_string()),
                }
                out.push(c);
            }
            '{' => {
                let rest: String = chars.iter().skip(at).take_while(|&&c| c != '}').collect();
                let closed = peek(at + rest.chars().count()) == Some('}');
                let (low, high) = rest.split_once(',').unwrap_or((rest.as_str(), "0"));
                let is_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
                if closed && !low.is_empty() && is_digits(low) && is_digits(high) {
                    if last != Last::Atom {
                        return Err(NOTHING_TO_REPEAT.to_string());
                    }
                    out.push('{');
                    out.push_str(&rest);
                    out.push('}');
                    at += rest.chars().count() + 1;
                    last = Last::Quantifier;
                } else {
                    out.push_str(r"\{");
                    last = Last::Atom;
                }
            }
            '^' | '$' | '|' => {
                out.push(c);
                last = Last::Nothing;
            }
            '(' if peek(at) == Some('?') => {
                let next = peek(at + 1);
                let after = peek(at + 2);
                if matches!(next, Some('=' | '!')) || (next == Some('<') && matches!(after, Some('=' | '!'))) {
                    return Err(
                        "look-ahead and look-behind ((?=…), (?!…), (?<=…), (?<!…)) are not supported".to_string()
                    );
                }
                if next == Some(':') {
                    out.push_str("(?:");
                    at += 2;
                } else if next == Some('<') {
                    let written: String = chars.iter().skip(at + 2).take_while(|&&c| c != '>').collect();
                    let closed = peek(at + 2 + written.chars().count()) == Some('>');
                    let name = group_name(&written).filter(|name| closed && is_group_name(name));
                    let Some(name) = name else {
                        return Err("a named group needs a name such as (?<year>…)".to_string());
                    };
                    if names.contains(&name) {
                        return Err(format!("the group name {name:?} is used twice"));
                    }
                    at += 2 + written.chars().count() + 1;
                    names.push(name);
                    // The name matters only to back-references, which are not supported.
                    out.push('(');
                } else {
                    return Err(
                        "JavaScript accepts only (?:…), (?<name>…) and look-arounds after \"(?\"; inline flags such as (?i) and (?P<name>…) are not JavaScript"
                            .to_string(),
                    );
                }
                last = Last::Nothing;
            }
            '(' => {
                out.push('(');
                last = Last::Nothing;
            }
            ')' => {
                out.push(')');
                last = Last::Atom;
            }
            '\\' => {
                let Some(escaped) = peek(at) else {
                    return Err("the pattern ends with a lone backslash".to_string());
                };
                at += 1;
                last = Last::Atom;
                match escaped {
                    'b' | 'B' => {
                        out.push('\\');
                        out.push(escaped);
                        last = Last::Nothing;
                    }
                    'd' | 'D' | 'w' | 'W' => {
                        out.push('\\');
                        out.push(escaped);
                    }
                    's' | 'S' => {
                        out.push('[');
                        out.push_str(if escaped == 's' { JS_SPACE_MEMBERS } else { JS_NON_SPACE_MEMBERS });
                        out.push(']');
                    }
                    'c' => match peek(at).filter(char::is_ascii_alphabetic) {
                        Some(letter) => {
                            push_code_point(&mut out, u32::from(letter) % 32);
                            at += 1;
                        }
                        None => out.push_str(r"\\c"),
                    },
                    '1'..='9' => {
                        let digits: String = chars.iter().skip(at - 1).take_while(|c| c.is_ascii_digit()).collect();
                        if digits.parse::<usize>().is_ok_and(|number| number <= groups) {
                            return Err("back-references (\\1, \\2, …) are not supported".to_string());
                        }
                        match legacy_octal(&chars, at - 1) {
                            Some((code, length)) => {
                                push_code_point(&mut out, code);
                                at += length - 1;
                            }
                            // `\8` and `\9` without that many groups are the digits.
                            None => out.push(escaped),
                        }
                    }
                    '0' => {
                        let (code, length) = legacy_octal(&chars, at - 1).unwrap_or((0, 1));
                        push_code_point(&mut out, code);
                        at += length - 1;
                    }
                    'k' if named_groups => {
                        return Err("named back-references (\\k<name>) are not supported".to_string());
                    }
                    _ => at = escape(&chars, at, escaped, &mut out)?,
                }
            }
            '[' => {
                last = Last::Atom;
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
            ']' => {
                out.push_str(r"\]");
                last = Last::Atom;
            }
            '}' => {
                out.push_str(r"\}");
                last = Last::Atom;
            }
            '.' => {
                out.push_str(r"[^\n\r\x{2028}\x{2029}]");
                last = Last::Atom;
            }
            other => {
                out.push(other);
                last = Last::Atom;
            }
        }
    }
    if in_class {
        return Err("a character class [ … ] is not closed".to_string());
    }
    Ok(out)
}

/// Writes the escape `\escaped` whose meaning is the same inside and outside a class
/// (`\t`, `\xXX`, `\uXXXX`, identity escapes); returns where reading continues.
fn escape(chars: &[char], mut at: usize, escaped: char, out: &mut String) -> Result<usize, String> {
    let peek = |at: usize| chars.get(at).copied();
    let hex = |from: usize, count: usize| {
        let digits: Vec<char> = chars.iter().skip(from).take(count).copied().collect();
        (digits.len() == count).then(|| hex_value(&digits)).flatten()
    };
    match escaped {
        't' | 'n' | 'r' | 'f' | 'v' => {
            out.push('\\');
            out.push(escaped);
        }
        'x' => match hex(at, 2) {
            Some(code) => {
                push_code_point(out, code);
                at += 2;
            }
            None => out.push('x'),
        },
        'u' => match hex(at, 4) {
            Some(high @ 0xD800..=0xDBFF) => {
                at += 4;
                let low = (peek(at) == Some('\\') && peek(at + 1) == Some('u'))
                    .then(|| hex(at + 2, 4))
                    .flatten()
                    .filter(|low| (0xDC00..=0xDFFF).contains(low));
                let Some(low) = low else { return Err(LONE_SURROGATE.to_string()) };
                at += 6;
                push_code_point(out, 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
            }
            Some(0xDC00..=0xDFFF) => return Err(LONE_SURROGATE.to_string()),
            Some(code) => {
                push_code_point(out, code);
                at += 4;
            }
            None => out.push('u'),
        },
        letter if letter.is_ascii_alphanumeric() => out.push(letter),
        // Any other escaped character is itself; written as a code point so that
        // `regex-lite` reads no escape of its own into it.
        other => push_code_point(out, u32::from(other)),
    }
    Ok(at)
}

const LONE_SURROGATE: &str = "a \\u escape names half of a surrogate pair, which text here cannot hold; write the character itself";

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
        assert!(matches(r"^(?<年>\d{4})$", "2026"));
        assert!(matches(r"^(?<\u0061b>x)(?<\u{63}>y)(?<$_1>z)$", "xyz"));
        assert!(matches(r"^a*?b+?c??d{1,2}?$", "bcd"));
        assert!(matches(r"^a*{$", "aa{"));
        assert!(matches(r"^\-\_\ \é$", "-_ é"));
    }

    #[test]
    fn legacy_octal_escapes_and_class_ranges_read_as_javascript_reads_them() {
        // `\N` is a back-reference only when the pattern has N groups; otherwise octal.
        assert!(matches(r"^\01$", "\u{1}"));
        assert!(matches(r"^\1$", "\u{1}"));
        assert!(matches(r"^\101\0$", "A\0"));
        assert!(matches(r"^\08$", "\08"));
        assert!(matches(r"^\477$", "\u{27}7"));
        assert!(matches(r"^(a)\2$", "a\u{2}"));
        assert!(matches(r"^\8\9$", "89"));
        assert!(matches(r"^[\1-\3]+$", "\u{1}\u{3}"));
        // A class escape next to `-` makes the `-` a plain hyphen.
        assert!(matches(r"^[\d-z]+$", "1-z"));
        assert!(!matches(r"^[\d-z]+$", "y"));
        assert!(matches(r"^[a-\s]+$", "a- "));
        assert!(matches(r"^[\w-]+$", "a-b"));
        assert!(matches(r"^[\c1]$", "\u{11}"));
        // Without a named group, `\k` is the letter k.
        assert!(matches(r"^\(?<n>\k[\k]$", "(<n>kk"));
    }

    #[test]
    fn what_javascript_refuses_is_refused() {
        for pattern in [
            "a**", "a{2}{3}", r"\b+", r"\B*", "^*", "$+", "*a", "+", "?", "a|*", "(*)", "(?:+)", "a???", "a*+",
            "{2}", "a{2}*", "(?P<n>a)", "(?i)a", "(?i:a)", "(?s).", "(?#note)", "(?<1n>a)", "(?<n>a)(?<n>b)",
            "(?<>a)", "(?<n", "a)", "[z-a]", "x{2,1}", r"(?<n>a)[\k]", "(?<a-b>x)", r"(?<\x61>x)",
            r"(?<a>x)(?<\u0061>y)",
        ] {
            assert!(compile(pattern, false).is_err(), "{pattern}");
        }
    }

    #[test]
    fn unsupported_constructs_are_reported() {
        for pattern in [
            r"(?=a)",
            r"(?!a)",
            r"(?<=a)b",
            r"(?<!a)b",
            r"(a)\1",
            r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\10",
            r"\uDE00",
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
        assert!(compile("(a{1000}){1000}", false).is_err());
        assert!(compile("(a{200}){200}", false).is_err());
        assert!(compile("a{1000}", false).is_ok());
    }

    #[test]
    fn case_insensitive_folds_ascii() {
        let re = compile("(mobile|tablet)", true).unwrap();
        assert!(re.is_match("Android Mobile Browser"));
    }

    /// Pieces the translator treats specially, to be joined in any order.
    #[cfg(not(target_arch = "wasm32"))]
    const PIECES: &[&str] = &[
        "a", "é", "😀", "\\", "\\1", "\\0", "\\08", "\\377", "\\8", "\\k", "\\k<n>", "\\c", "\\c1", "\\x", "\\x4", "\\u",
        "\\uD83D", "\\uDE00", "\\uD83D\\uDE00", "\\d", "\\s", "\\S", "\\b", "-", "[", "]", "[^", "^", "$", "|", "(", ")",
        "(?", "(?:", "(?<", "(?<n>", "(?<=", "(?=", ">", "*", "+", "?", "{", "}", "{2}", "{2,", "{,2}", "{99999}", ".", "9",
    ];

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_pattern_is_compiled_or_refused_without_panicking(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..16),
            text in "\\PC{0,12}",
        ) {
            let pattern = pieces.concat();
            for case_insensitive in [false, true] {
                if let Ok(regex) = compile(&pattern, case_insensitive) {
                    let _ = regex.is_match(&text);
                }
            }
            let _ = compile(&text, false);
        }
    }
}
