//! Every number quoted in a text of the default program matches the rule it describes.
//!
//! A member reads "a 7-day streak earns 50 bonus points" and the check-in activity must
//! award exactly that; "3,000 extra points (worth ¥30)" must be what the points arm gives
//! and what the program's one points rate (`points.money_value`) makes them worth. Each
//! localized title, body, activity `how` and reward name is scanned for numbers, in order,
//! and compared with the numbers read from the rules it quotes. Editing either side alone
//! fails here; a new text that quotes a number fails until it says which rule it quotes.

use serde_json::Value;

const PROGRAM: &str = include_str!("../src/defaults/program.json");

/// The whole numbers in `text`, in order: `2,000` is 2000, `7-day` is 7, `18th` is 18.
fn numbers(text: &str) -> Vec<i64> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        if !chars[index].is_ascii_digit() {
            index += 1;
            continue;
        }
        let mut digits = String::new();
        loop {
            while index < chars.len() && chars[index].is_ascii_digit() {
                digits.push(chars[index]);
                index += 1;
            }
            // A thousands separator: a comma followed by exactly three digits.
            let group = chars.get(index + 1..index + 4).is_some_and(|next| next.iter().all(char::is_ascii_digit));
            let ends = chars.get(index + 4).is_none_or(|after| !after.is_ascii_digit());
            if chars.get(index) == Some(&',') && group && ends {
                index += 1;
            } else {
                break;
            }
        }
        found.push(digits.parse().expect("digits"));
    }
    found
}

#[test]
fn numbers_are_read_as_a_reader_reads_them() {
    assert_eq!(numbers("3,000 bonus points on orders over ¥200"), vec![3000, 200]);
    assert_eq!(numbers("a 7-day streak, the 18th, up to 2,000 extra"), vec![7, 18, 2000]);
    assert_eq!(numbers("满300减50（价值¥30）"), vec![300, 50, 30]);
    assert_eq!(numbers("1,2 and 10,0000"), vec![1, 2, 10, 0]);
    assert_eq!(numbers("no numbers"), Vec::<i64>::new());
}

/// The default program, with lookups by id and the conversions texts use.
struct Program {
    json: Value,
}

impl Program {
    fn by_id<'a>(&'a self, list: &str, id: &str) -> &'a Value {
        self.json.pointer(list).and_then(Value::as_array).and_then(|items| items.iter().find(|item| item["id"] == id)).unwrap_or_else(|| panic!("no {id} in {list}"))
    }

    fn int(value: &Value, pointer: &str) -> i64 {
        value.pointer(pointer).and_then(Value::as_i64).unwrap_or_else(|| panic!("no integer at {pointer} in {value}"))
    }

    fn offer(&self, id: &str, pointer: &str) -> i64 {
        Self::int(self.by_id("/offers", id), pointer)
    }

    fn activity(&self, id: &str, pointer: &str) -> i64 {
        Self::int(self.by_id("/points/activities", id), pointer)
    }

    fn bonus(&self, id: &str, pointer: &str) -> i64 {
        Self::int(self.by_id("/points/bonuses", id), pointer)
    }

    fn reward(&self, id: &str, pointer: &str) -> i64 {
        Self::int(self.by_id("/points/rewards", id), pointer)
    }

    fn at(&self, pointer: &str) -> i64 {
        Self::int(&self.json, pointer)
    }

    /// Minor units as the whole yuan a text quotes.
    fn yuan(minor: i64) -> i64 {
        assert_eq!(minor % 100, 0, "{minor} fen is not a whole number of yuan, which the texts quote");
        minor / 100
    }

    /// What `points` are worth at the program's one rate, in whole yuan.
    fn worth_in_yuan(&self, points: i64) -> i64 {
        let per = self.at("/points/money_value/points");
        let money = self.at("/points/money_value/money");
        assert_eq!(points * money % per, 0, "{points} points are not a whole number of fen at the program's rate");
        Self::yuan(points * money / per)
    }
}

/// The numbers a text may quote, in the order it quotes them, each read from its rule.
/// `field` is `title`, `body`, `how` or `name`.
fn expected(program: &Program, id: &str, field: &str, locale: &str) -> Vec<i64> {
    let p = program;
    let zh = locale == "zh-CN";
    match (id, field) {
        ("new_customer_coupon", _) => {
            let threshold = Program::yuan(p.offer(id, "/data/coupon/threshold"));
            let discount = Program::yuan(p.offer(id, "/data/coupon/discount"));
            let join_days = p.offer(id, "/eligibility/days_since_join/$lte");
            match (field, zh) {
                ("title", true) => vec![threshold, discount],
                ("title", false) => vec![discount, threshold],
                ("body", true) => vec![join_days, threshold, discount],
                _ => vec![threshold, join_days, discount],
            }
        }
        ("winback_pack", _) => vec![Program::yuan(p.offer(id, "/data/coupon/discount"))],
        ("member_day_double_points", "body") => vec![p.bonus("member_day", "/day_of_month"), p.bonus("member_day", "/caps/per_order")],
        ("check_in_task", _) | ("check_in", "how") => vec![p.activity("check_in", "/streak/days"), p.activity("check_in", "/streak/points")],
        ("review_points", "body") => vec![p.offer(id, "/eligibility/days_since_last_order/$lte"), p.activity("review", "/points")],
        ("review", "how") => vec![p.activity("review", "/allowance/count")],
        ("early_access", "body") => vec![p.offer(id, "/data/hours_early")],
        ("post_purchase_followup", "body") => vec![p.offer(id, "/eligibility/days_since_last_order/$lte")],
        ("points_expiry_reminder", "body") => vec![p.at("/facts/expiry_warning_days")],
        // The worry-free return window is the window an order's points stay pending for.
        ("returns_notice", _) => vec![p.at("/points/pending_days")],
        ("ab_yuan_coupon", _) => {
            let threshold = Program::yuan(p.offer(id, "/data/coupon/threshold"));
            let discount = Program::yuan(p.offer(id, "/data/coupon/discount"));
            if field == "title" && !zh {
                vec![discount, threshold]
            } else {
                vec![threshold, discount]
            }
        }
        ("ab_points_coupon", _) => {
            let threshold = Program::yuan(p.offer(id, "/data/threshold"));
            let points = p.offer(id, "/data/points");
            match (field, zh) {
                ("title", true) => vec![threshold, points],
                ("title", false) => vec![points, threshold],
                _ => vec![threshold, points, p.worth_in_yuan(points)],
            }
        }
        ("voucher_20", "name") => vec![p.worth_in_yuan(p.reward(id, "/points"))],
        ("referral", "how") => vec![p.activity("referral", "/allowance/count")],
        ("warranty_ending", "body") => vec![p.offer(id, "/eligibility/attribute_days.warranty_ends/$lte")],
        ("renewal_due", "body") => vec![p.offer(id, "/eligibility/attribute_days.renewal_due/$eq")],
        ("birthday_t10", "title") => vec![p.bonus("birthday_month", "/bp") / 100],
        ("birthday_t3", "title") => vec![p.offer(id, "/eligibility/birthday_in_days/$eq")],
        _ => Vec::new(),
    }
}

/// Every localized text of `list` under `field`, as (id, locale, text).
fn texts<'a>(program: &'a Program, list: &str, field: &str) -> Vec<(&'a str, &'a str, &'a str)> {
    let mut out = Vec::new();
    for item in program.json.pointer(list).and_then(Value::as_array).into_iter().flatten() {
        let id = item["id"].as_str().unwrap_or("?");
        for (locale, text) in item.get(field).and_then(Value::as_object).into_iter().flatten() {
            out.push((id, locale.as_str(), text.as_str().unwrap_or("")));
        }
    }
    out
}

#[test]
fn every_number_in_a_default_text_matches_its_rule() {
    let program = Program { json: serde_json::from_str(PROGRAM).expect("the default program is JSON") };
    let mut failures = Vec::new();
    let mut checked = 0;
    for (list, fields) in [("/offers", &["title", "body"][..]), ("/points/activities", &["how"][..]), ("/points/rewards", &["name"][..])] {
        for field in fields {
            for (id, locale, text) in texts(&program, list, field) {
                checked += 1;
                let quoted = numbers(text);
                let rule = expected(&program, id, field, locale);
                if quoted != rule {
                    failures.push(format!("{list} {id} {field} ({locale}) {text:?} quotes {quoted:?}; its rules say {rule:?}"));
                }
            }
        }
    }
    // 22 offers × 2 fields, 5 activities and 5 rewards, in two locales.
    assert_eq!(checked, 108, "the default program's texts changed in number; review this test's table");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn words_that_state_a_rule_match_it() {
    let program = Program { json: serde_json::from_str(PROGRAM).expect("the default program is JSON") };
    // "Double points" / "积分翻倍" is a +100 % bonus.
    for (_, locale, text) in texts(&program, "/offers", "title").into_iter().filter(|(id, _, _)| *id == "member_day_double_points") {
        assert!(text.contains("double") || text.contains("翻倍"), "{locale}: {text}");
        assert_eq!(program.bonus("member_day", "/bp"), 10_000, "member day is advertised as double points");
    }
    // "No minimum" / "无门槛" is a coupon threshold of 0.
    for (_, locale, text) in texts(&program, "/offers", "title").into_iter().filter(|(id, _, _)| *id == "winback_pack") {
        assert!(text.contains("no minimum") || text.contains("无门槛"), "{locale}: {text}");
        assert_eq!(program.offer("winback_pack", "/data/coupon/threshold"), 0, "the win-back coupon is advertised without a minimum");
    }
    // Offers that give points give what the activity they advertise awards.
    assert_eq!(program.offer("check_in_task", "/data/points"), program.activity("check_in", "/streak/points"));
    assert_eq!(program.offer("review_points", "/data/points"), program.activity("review", "/points"));
    // The A/B arms are worth the same to the member: ¥30 off against ¥30 of points, on the same threshold.
    assert_eq!(program.worth_in_yuan(program.offer("ab_points_coupon", "/data/points")) * 100, program.offer("ab_yuan_coupon", "/data/coupon/discount"));
    assert_eq!(program.offer("ab_points_coupon", "/data/threshold"), program.offer("ab_yuan_coupon", "/data/coupon/threshold"));
}
