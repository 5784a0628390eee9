//! [`VecMap`] and [`VecSet`]: ordered maps and sets over one sorted `Vec`, for the few keys
//! a member, an order or a program section holds.
//!
//! The standard library's `BTreeMap` carries a copy of its node code (insert with splits,
//! removal with rebalancing, drop, clone, iteration) for every key and value type, several
//! kilobytes of wasm each; a sorted vector needs a binary search and `Vec`'s own insert.
//! The order of keys is the same (`Ord`), so JSON written from either is byte-identical,
//! and so are the serde and JSON Schema forms (an object).
//!
//! Inserting a key that sorts last is a push; any other insert moves the entries after it.
//! Maps and sets built from the records of an input (events by kind, days with orders), of
//! which there may be thousands, are built with `from_unsorted` (one sort) or collected,
//! never filled key by key in arbitrary order.

use std::borrow::Borrow;
use std::fmt;

/// A map ordered by key, stored as a sorted vector of entries (unique keys).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap { entries: Vec::new() }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for VecMap<K, V> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        out.debug_map().entries(self.entries.iter().map(|(key, value)| (key, value))).finish()
    }
}

impl<K, V> VecMap<K, V> {
    /// An empty map.
    pub const fn new() -> Self {
        VecMap { entries: Vec::new() }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        self.entries.iter().map(pair)
    }

    /// The entries in key order, values mutable.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&K, &mut V)> {
        self.entries.iter_mut().map(|(key, value)| (&*key, value))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(key, _)| key)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, value)| value)
    }

    /// The values in key order, mutable.
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, value)| value)
    }

    /// The entry of the smallest key.
    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.entries.first().map(pair)
    }

    /// The entry of the largest key.
    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.entries.last().map(pair)
    }

    /// Keeps the entries for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(key, value)| keep(key, value));
    }
}

fn pair<K, V>(entry: &(K, V)) -> (&K, &V) {
    (&entry.0, &entry.1)
}

/// The iterator of [`VecMap::iter`].
pub type Iter<'a, K, V> = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

impl<K: Ord, V> VecMap<K, V> {
    /// The map of `entries` in any order: sorted once (stably), then each run of equal keys
    /// folded into its first value by `merge(first, later)` in their order. `O(n log n)`,
    /// where inserting them one by one would move `O(n²)` entries: the way to build a map
    /// from records of an input, however many. `merge` is a plain function (a closure that
    /// captures nothing), and the whole is never inlined: one copy per key and value type,
    /// not one per place that builds such a map.
    #[inline(never)]
    pub fn from_unsorted(mut entries: Vec<(K, V)>, merge: fn(&mut V, V)) -> Self {
        crate::sort::sort_by(&mut entries, |(a, _), (b, _)| a.cmp(b));
        let mut merged: Vec<(K, V)> = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            match merged.last_mut() {
                Some((last, first)) if *last == key => merge(first, value),
                _ => merged.push((key, value)),
            }
        }
        VecMap { entries: merged }
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        // Keys often arrive in order: then the new key goes last without a search.
        match self.entries.last() {
            Some((last, _)) if last.borrow() < key => Err(self.entries.len()),
            _ => self.entries.binary_search_by(|(probe, _)| probe.borrow().cmp(key)),
        }
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let index = self.find(key).ok()?;
        self.entries.get(index).map(|(_, value)| value)
    }

    /// The value of `key`, mutable.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        let index = self.find(key).ok()?;
        self.entries.get_mut(index).map(|(_, value)| value)
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets the value of `key`, returning the one it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(index) => self.entries.get_mut(index).map(|(_, old)| std::mem::replace(old, value)),
            Err(index) => {
                self.entries.insert(index, (key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let index = self.find(key).ok()?;
        Some(self.entries.remove(index).1)
    }

    /// The place of `key`, for reading or inserting its value.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let found = self.find(&key);
        Entry { map: self, key, found }
    }
}

/// A key's place in a [`VecMap`], from [`VecMap::entry`].
pub struct Entry<'a, K, V> {
    map: &'a mut VecMap<K, V>,
    key: K,
    found: Result<usize, usize>,
}

impl<'a, K, V> Entry<'a, K, V> {
    /// The value, inserting `make()` first if the key has none.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let index = match self.found {
            Ok(index) => index,
            Err(index) => {
                self.map.entries.insert(index, (self.key, make()));
                index
            }
        };
        // In bounds: found by the search, or just inserted there.
        &mut self.map.entries[index].1
    }

    /// The value, inserting `value` first if the key has none.
    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    /// The value, inserting the default first if the key has none.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    /// Collects the entries; of equal keys the later value wins, as in `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        VecMap::from_unsorted(items.into_iter().collect(), |first, later| *first = later)
    }
}

impl<K: Ord, V> Extend<(K, V)> for VecMap<K, V> {
    /// Adds the entries; of equal keys the later value wins, as in `BTreeMap`.
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, items: I) {
        let mut entries = std::mem::take(&mut self.entries);
        entries.extend(items);
        *self = VecMap::from_unsorted(entries, |first, later| *first = later);
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for VecMap<K, V> {
    fn from(items: [(K, V); N]) -> Self {
        items.into_iter().collect()
    }
}

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for VecMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, K: serde::Deserialize<'de> + Ord, V: serde::Deserialize<'de>> serde::Deserialize<'de> for VecMap<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<K, V>::deserialize(deserializer)?;
        Ok(map.into_iter().collect())
    }
}

impl<K: schemars::JsonSchema, V: schemars::JsonSchema> schemars::JsonSchema for VecMap<K, V> {
    fn inline_schema() -> bool {
        <std::collections::BTreeMap<K, V> as schemars::JsonSchema>::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <std::collections::BTreeMap<K, V> as schemars::JsonSchema>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <std::collections::BTreeMap<K, V> as schemars::JsonSchema>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <std::collections::BTreeMap<K, V> as schemars::JsonSchema>::json_schema(generator)
    }
}

/// A set ordered by value, stored as a sorted vector.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VecSet<T> {
    items: Vec<T>,
}

impl<T> Default for VecSet<T> {
    fn default() -> Self {
        VecSet { items: Vec::new() }
    }
}

impl<T: fmt::Debug> fmt::Debug for VecSet<T> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        out.debug_set().entries(self.items.iter()).finish()
    }
}

impl<T> VecSet<T> {
    /// An empty set.
    pub const fn new() -> Self {
        VecSet { items: Vec::new() }
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The values in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The smallest value.
    pub fn first(&self) -> Option<&T> {
        self.items.first()
    }

    /// The largest value.
    pub fn last(&self) -> Option<&T> {
        self.items.last()
    }
}

impl<T: Ord> VecSet<T> {
    /// The set of `items` in any order, sorted once: `O(n log n)`, the way to build a set
    /// from records of an input. Never inlined, like [`VecMap::from_unsorted`].
    #[inline(never)]
    pub fn from_unsorted(mut items: Vec<T>) -> Self {
        crate::sort::sort(&mut items);
        items.dedup();
        VecSet { items }
    }

    /// Adds `value`; false when it was already there (the set keeps the first).
    pub fn insert(&mut self, value: T) -> bool {
        let found = match self.items.last() {
            Some(last) if *last < value => Err(self.items.len()),
            _ => self.items.binary_search(&value),
        };
        match found {
            Ok(_) => false,
            Err(index) => {
                self.items.insert(index, value);
                true
            }
        }
    }

    /// Whether `value` is in the set.
    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.items.binary_search_by(|probe| probe.borrow().cmp(value)).is_ok()
    }

    /// Removes `value`; false when it was not there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        match self.items.binary_search_by(|probe| probe.borrow().cmp(value)) {
            Ok(index) => {
                self.items.remove(index);
                true
            }
            Err(_) => false,
        }
    }
}

impl<T: Ord> FromIterator<T> for VecSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        VecSet::from_unsorted(items.into_iter().collect())
    }
}

impl<T: Ord> Extend<T> for VecSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        let mut all = std::mem::take(&mut self.items);
        all.extend(items);
        *self = VecSet::from_unsorted(all);
    }
}

impl<'a, T> IntoIterator for &'a VecSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T> IntoIterator for VecSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// The same operations on a `VecMap` and a `BTreeMap` leave the same entries in the
    /// same order, and return the same values.
    #[test]
    fn behaves_like_btree_map() {
        let mut state: u32 = 12345;
        let mut ours: VecMap<u8, u32> = VecMap::new();
        let mut theirs: BTreeMap<u8, u32> = BTreeMap::new();
        for step in 0..5_000_u32 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let key = (state >> 16) as u8 % 40;
            match step % 5 {
                0 | 1 => assert_eq!(ours.insert(key, step), theirs.insert(key, step)),
                2 => *ours.entry(key).or_insert(0) += step,
                3 => assert_eq!(ours.remove(&key), theirs.remove(&key)),
                _ => assert_eq!(ours.get(&key), theirs.get(&key)),
            }
            if step % 5 == 2 {
                *theirs.entry(key).or_insert(0) += step;
            }
            assert_eq!(ours.len(), theirs.len());
        }
        assert_eq!(ours.iter().collect::<Vec<_>>(), theirs.iter().collect::<Vec<_>>());
        assert_eq!(ours.first_key_value(), theirs.first_key_value());
        assert_eq!(ours.last_key_value(), theirs.last_key_value());
        let collected: VecMap<&str, i32> = [("b", 1), ("a", 2), ("b", 3)].into_iter().collect();
        assert_eq!(collected.into_iter().collect::<Vec<_>>(), vec![("a", 2), ("b", 3)]);
    }

    /// Built in one sort, a map holds what inserting entry by entry into a `BTreeMap`
    /// (merging values of equal keys in their order) gives.
    #[test]
    fn from_unsorted_merges_like_inserting() {
        let mut state: u32 = 7;
        let mut entries = Vec::new();
        let mut theirs: BTreeMap<u16, Vec<u32>> = BTreeMap::new();
        for step in 0..20_000_u32 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let key = (state >> 16) as u16 % 500;
            entries.push((key, vec![step]));
            theirs.entry(key).or_default().push(step);
        }
        let ours = VecMap::from_unsorted(entries, |first, later| first.extend(later));
        assert_eq!(ours.iter().collect::<Vec<_>>(), theirs.iter().collect::<Vec<_>>());
        let set = VecSet::from_unsorted(vec![3, 1, 3, 2, 1]);
        assert_eq!(set.into_iter().collect::<Vec<_>>(), vec![1, 2, 3]);
        // Keys in order are appended; then any other key still lands in its place.
        let mut map = VecMap::new();
        for key in [1, 2, 5, 9, 3, 0, 9] {
            map.insert(key, key * 10);
        }
        assert_eq!(map.keys().copied().collect::<Vec<_>>(), vec![0, 1, 2, 3, 5, 9]);
    }

    #[test]
    fn behaves_like_btree_set() {
        let mut ours = VecSet::new();
        let mut theirs = BTreeSet::new();
        for value in [5, 3, 9, 3, 1, 5, 7, 0, 9] {
            assert_eq!(ours.insert(value), theirs.insert(value));
        }
        assert_eq!(ours.remove(&3), theirs.remove(&3));
        assert_eq!(ours.remove(&3), theirs.remove(&3));
        assert!(ours.contains(&7) && !ours.contains(&8));
        assert_eq!(ours.iter().collect::<Vec<_>>(), theirs.iter().collect::<Vec<_>>());
    }

    #[test]
    fn serialises_and_describes_like_btree_map() {
        let ours: VecMap<String, i64> = [("b".to_string(), 1), ("a".to_string(), 2)].into();
        let theirs: BTreeMap<String, i64> = [("b".to_string(), 1), ("a".to_string(), 2)].into();
        assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&theirs).unwrap());
        let read: VecMap<String, i64> = serde_json::from_str(r#"{"z":1,"a":2}"#).unwrap();
        assert_eq!(read.keys().collect::<Vec<_>>(), ["a", "z"]);
        assert_eq!(
            serde_json::to_value(schemars::schema_for!(VecMap<String, i64>)).unwrap(),
            serde_json::to_value(schemars::schema_for!(BTreeMap<String, i64>)).unwrap()
        );
    }
}
