//! What an order or cart is worth for qualification and earning: line amounts after line
//! discounts, the order-level discount spread over eligible lines pro rata in minor units,
//! excluded categories and shipping left out, refunds taken off.

use crate::money::Money;
use crate::snapshot::{Line, Order};

/// Splits `discount` over `amounts` pro rata in minor units.
///
/// Each line first gets `floor(discount × amount / total)`; the units still left go one
/// each to the lines with the largest fractional parts, ties to the earlier line. A
/// discount larger than the total is capped at the total, so no line goes negative.
///
/// ```
/// use tierwise::money::Money;
/// use tierwise::order::spread_discount;
/// // Worked example 2: a ¥50 coupon over tea ¥256.00 and teaware ¥199.00.
/// assert_eq!(spread_discount(&[Money(25600), Money(19900)], Money(5000)), vec![Money(2813), Money(2187)]);
/// ```
pub fn spread_discount(amounts: &[Money], discount: Money) -> Vec<Money> {
    let total: i128 = amounts.iter().map(|m| i128::from(m.0.max(0))).sum();
    if total == 0 || discount.0 <= 0 {
        return vec![Money::ZERO; amounts.len()];
    }
    let discount = i128::from(discount.0).min(total);
    let mut shares: Vec<i128> = Vec::with_capacity(amounts.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(amounts.len());
    for (index, amount) in amounts.iter().enumerate() {
        let scaled = discount * i128::from(amount.0.max(0));
        shares.push(scaled / total);
        remainders.push((scaled % total, index));
    }
    let mut left = discount - shares.iter().sum::<i128>();
    if left <= 0 {
        return shares.into_iter().map(|s| Money(i64::try_from(s).unwrap_or(i64::MAX))).collect();
    }
    // Largest remainder first; equal remainders keep line order (stable sort).
    crate::sort::sort_by_key(&mut remainders, |r| std::cmp::Reverse(r.0));
    for (remainder, index) in remainders {
        if left <= 0 || remainder == 0 {
            break;
        }
        if let Some(share) = shares.get_mut(index) {
            *share += 1;
            left -= 1;
        }
    }
    shares.into_iter().map(|s| Money(i64::try_from(s).unwrap_or(i64::MAX))).collect()
}

/// Amount of each line that counts, after the line's own discount and its share of the
/// order discount. Lines for which `excluded` holds get zero and absorb no discount.
/// Refunds are not taken off here (see [`net_amounts`]).
pub fn eligible_amounts(lines: &[Line], order_discount: Money, excluded: impl Fn(&Line) -> bool) -> Vec<Money> {
    let gross: Vec<Money> = lines
        .iter()
        .map(|line| if excluded(line) { Money::ZERO } else { line.amount_after_line_discount().unwrap_or(Money::ZERO) })
        .collect();
    let shares = spread_discount(&gross, order_discount);
    gross.iter().zip(shares).map(|(amount, share)| amount.saturating_sub(share)).collect()
}

/// [`eligible_amounts`] less what was refunded on each line.
pub fn net_amounts(lines: &[Line], order_discount: Money, excluded: impl Fn(&Line) -> bool) -> Vec<Money> {
    let eligible = eligible_amounts(lines, order_discount, &excluded);
    eligible.iter().zip(lines).map(|(amount, line)| if excluded(line) { Money::ZERO } else { amount.saturating_sub(line.refunded) }).collect()
}

/// The sum of [`net_amounts`]. Without refunds it needs no per-line figures: the shares
/// of the order discount add up to the discount (at most the eligible total) and none
/// exceeds its line, so the sum is the eligible total less the discount; with a refund on
/// an eligible line, each line's net amount is computed.
pub fn net_total(lines: &[Line], order_discount: Money, excluded: impl Fn(&Line) -> bool) -> Money {
    let mut total: i128 = 0;
    for line in lines {
        if excluded(line) {
            continue;
        }
        if line.refunded > Money::ZERO {
            return Money::sum(net_amounts(lines, order_discount, &excluded));
        }
        total += i128::from(line.amount_after_line_discount().unwrap_or(Money::ZERO).0);
    }
    let discount = if total > 0 && order_discount.0 > 0 { i128::from(order_discount.0).min(total) } else { 0 };
    Money(i64::try_from(total - discount).unwrap_or(i64::MAX))
}

/// True when the line's category is in `categories`.
pub fn in_categories(line: &Line, categories: &[String]) -> bool {
    line.category.as_ref().is_some_and(|category| categories.iter().any(|c| c == category))
}

/// Qualifying spend of an order: zero unless it is paid or completed; otherwise the net
/// amounts of lines outside `excluded_categories`. Shipping never counts.
pub fn qualifying_spend(order: &Order, excluded_categories: &[String]) -> Money {
    if !order.status.qualifies() {
        return Money::ZERO;
    }
    net_total(&order.lines, order.discount, |line| in_categories(line, excluded_categories))
}

/// True when an order counts as a qualifying order: paid or completed and with a positive
/// qualifying spend (an order made only of gift cards or fully refunded lines does not).
pub fn is_qualifying_order(order: &Order, excluded_categories: &[String]) -> bool {
    order.status.qualifies() && qualifying_spend(order, excluded_categories) > Money::ZERO
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(category: &str, unit_price: i64, quantity: i64) -> Line {
        Line { id: None, sku: None, category: Some(category.into()), unit_price: Money(unit_price), quantity, discount: Money::ZERO, refunded: Money::ZERO }
    }

    #[test]
    fn worked_example_two_spread() {
        let lines = vec![line("tea", 12800, 2), line("teaware", 19900, 1), line("gift_card", 10000, 1)];
        let excluded = vec!["gift_card".to_string()];
        let amounts = eligible_amounts(&lines, Money(5000), |l| in_categories(l, &excluded));
        assert_eq!(amounts, vec![Money(22787), Money(17713), Money(0)]);
    }

    #[test]
    fn spread_sums_to_the_discount_and_ties_go_first() {
        assert_eq!(spread_discount(&[Money(100), Money(100), Money(100)], Money(100)), vec![Money(34), Money(33), Money(33)]);
        assert_eq!(spread_discount(&[Money(100), Money(0)], Money(500)), vec![Money(100), Money(0)]);
        assert_eq!(spread_discount(&[], Money(5)), Vec::<Money>::new());
        assert_eq!(spread_discount(&[Money(0), Money(0)], Money(5)), vec![Money(0), Money(0)]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn net_total_is_the_sum_of_net_amounts(
            lines in proptest::collection::vec((0i64..5_000_000, 0i64..4, 0i64..100_000, 0i64..3, proptest::bool::ANY), 0..8),
            discount in 0i64..20_000_000,
        ) {
            let lines: Vec<Line> = lines
                .into_iter()
                .map(|(unit_price, quantity, line_discount, refund, excluded)| Line {
                    id: None,
                    sku: None,
                    category: Some(if excluded { "gift_card" } else { "tea" }.into()),
                    unit_price: Money(unit_price),
                    quantity,
                    discount: Money(line_discount),
                    refunded: Money(if refund == 0 { unit_price / 3 } else { 0 }),
                })
                .collect();
            let excluded = vec!["gift_card".to_string()];
            let is_excluded = |line: &Line| in_categories(line, &excluded);
            proptest::prop_assert_eq!(net_total(&lines, Money(discount), is_excluded), Money::sum(net_amounts(&lines, Money(discount), is_excluded)));
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn spread_never_exceeds_and_sums_exactly(amounts in proptest::collection::vec(0i64..10_000_000, 0..20), discount in 0i64..100_000_000) {
            let amounts: Vec<Money> = amounts.into_iter().map(Money).collect();
            let shares = spread_discount(&amounts, Money(discount));
            let total: i64 = amounts.iter().map(|m| m.0).sum();
            let spread: i64 = shares.iter().map(|m| m.0).sum();
            proptest::prop_assert_eq!(spread, discount.min(total));
            for (share, amount) in shares.iter().zip(&amounts) {
                proptest::prop_assert!(share.0 <= amount.0 && share.0 >= 0);
            }
        }
    }
}
