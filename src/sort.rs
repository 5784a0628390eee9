//! One stable sort for the whole crate.
//!
//! The standard library's sorts are excellent, but every element type and comparator gets
//! its own copy of several kilobytes of code: a dozen call sites cost the wasm 56 KB before
//! compression. Here the sorting itself is one non-generic merge sort over indices that
//! calls the comparator through `dyn`; only a few lines per call site are generic. The
//! lists sorted per member (orders, lots, offer candidates) are short or already in order,
//! which is checked first in one pass.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let view: &[T] = items;
    let Some(order) = stable_order(view.len(), &mut |a, b| compare(&view[a], &view[b])) else {
        return;
    };
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|index| slots.get_mut(index).and_then(Option::take)));
}

/// Sorts `items` stably by the key `key` gives, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order.
pub fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
}

/// The indices `0..len` in stable sorted order by `compare(a, b)` of the elements at `a`
/// and `b` (bottom-up merge sort), or `None` when the list is already in order.
fn stable_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Option<Vec<usize>> {
    if (1..len).all(|at| compare(at - 1, at) != Ordering::Greater) {
        return None;
    }
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right, mut at) = (start, middle, start);
            while left < middle && right < end {
                // Take from the right run only when strictly smaller: that keeps it stable.
                if compare(order[right], order[left]) == Ordering::Less {
                    merged[at] = order[right];
                    right += 1;
                } else {
                    merged[at] = order[left];
                    left += 1;
                }
                at += 1;
            }
            merged[at..at + middle - left].copy_from_slice(&order[left..middle]);
            at += middle - left;
            merged[at..end].copy_from_slice(&order[right..end]);
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    Some(order)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, ties included: the
        /// elements carry their original position, which the comparison ignores.
        #[test]
        fn sorts_like_the_standard_stable_sort(keys in proptest::collection::vec(0u8..8, 0..300)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(at, key)| (key, at)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut sorted = items.clone();
            sort_by_key(&mut sorted, |item| item.0);
            prop_assert_eq!(&sorted, &expected);
            let mut reversed = items;
            sort_by(&mut reversed, |a, b| b.0.cmp(&a.0));
            expected.sort_by_key(|item| std::cmp::Reverse(item.0));
            prop_assert_eq!(reversed, expected);
        }
    }

    #[test]
    fn natural_order_of_strings() {
        let mut words = vec!["pear".to_string(), "apple".into(), "fig".into(), "apple".into()];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
    }
}
