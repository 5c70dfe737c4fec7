//! A map kept as sorted vectors, searched by bisection. Keys and values sit in vectors of
//! their own, so the search is compiled once per key type rather than once per map type,
//! and the code the compiler emits is a fraction of `BTreeMap`'s: that matters for the size
//! of the WebAssembly page, and the panel's maps are read far more often than they change.
//! Iteration is in key order, like `BTreeMap`, so JSON output does not change.

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, PartialEq, Eq)]
pub struct SmallMap<K, V> {
    keys: Vec<K>,
    values: Vec<V>,
}

/// A set as a map to `()`.
pub type SmallSet<K> = SmallMap<K, ()>;

impl<K, V> Default for SmallMap<K, V> {
    fn default() -> Self {
        SmallMap { keys: Vec::new(), values: Vec::new() }
    }
}

/// Where `key` is in `keys`, or where it would go.
fn slot<K: Borrow<Q>, Q: Ord + ?Sized>(keys: &[K], key: &Q) -> Result<usize, usize> {
    keys.binary_search_by(|k| k.borrow().cmp(key))
}

/// [`slot`], with `key` put in its place when it is new: `Err` says the value's place must
/// be made too. Apart from the values, so that it is compiled once per key type.
fn place<K: Ord>(keys: &mut Vec<K>, key: K) -> Result<usize, usize> {
    let at = slot(keys, &key);
    if let Err(i) = at {
        keys.insert(i, key);
    }
    at
}

impl<K: Ord, V> SmallMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        slot(&self.keys, key).ok().map(|i| &self.values[i])
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        slot(&self.keys, key).ok().map(|i| &mut self.values[i])
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        slot(&self.keys, key).is_ok()
    }

    /// Sets `key` to `value` and returns the value it had.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match place(&mut self.keys, key) {
            Ok(i) => Some(std::mem::replace(&mut self.values[i], value)),
            Err(i) => {
                self.values.insert(i, value);
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let i = slot(&self.keys, key).ok()?;
        self.keys.remove(i);
        Some(self.values.remove(i))
    }

    /// The value at `key`, inserted as `V::default()` when absent.
    pub fn entry_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        let i = match place(&mut self.keys, key) {
            Ok(i) => i,
            Err(i) => {
                self.values.insert(i, V::default());
                i
            }
        };
        &mut self.values[i]
    }

    pub fn clear(&mut self) {
        self.keys.clear();
        self.values.clear();
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        let mut i = 0;
        while i < self.keys.len() {
            if keep(&self.keys[i], &mut self.values[i]) {
                i += 1;
            } else {
                self.keys.remove(i);
                self.values.remove(i);
            }
        }
    }
}

impl<K, V> SmallMap<K, V> {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.keys.iter().zip(&self.values)
    }

    /// Entries with their values mutable; the keys stay as they are, so the order holds.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&K, &mut V)> {
        self.keys.iter().zip(self.values.iter_mut())
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.keys.iter()
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.values.iter()
    }
}

impl<K: Ord> SmallSet<K> {
    /// Adds `key`; true when it was not there yet.
    pub fn add(&mut self, key: K) -> bool {
        self.insert(key, ()).is_none()
    }

    pub fn contains<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.contains_key(key)
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SmallMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = SmallMap::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl<K: Ord, V> Extend<(K, V)> for SmallMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K, V> IntoIterator for SmallMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::iter::Zip<std::vec::IntoIter<K>, std::vec::IntoIter<V>>;

    fn into_iter(self) -> Self::IntoIter {
        self.keys.into_iter().zip(self.values)
    }
}

impl<'a, K, V> IntoIterator for &'a SmallMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Zip<std::slice::Iter<'a, K>, std::slice::Iter<'a, V>>;

    fn into_iter(self) -> Self::IntoIter {
        self.keys.iter().zip(&self.values)
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SmallMap<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("key present in SmallMap")
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SmallMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Serialize, V: Serialize> Serialize for SmallMap<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for SmallMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = SmallMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = SmallMap::new();
                while let Some((k, v)) = access.next_entry()? {
                    map.insert(k, v);
                }
                Ok(map)
            }
        }

        d.deserialize_map(MapVisitor(PhantomData))
    }
}

/// A JSON object whose values are `V`s (the keys are strings in JSON).
#[cfg(feature = "schema")]
impl<K, V: schemars::JsonSchema> schemars::JsonSchema for SmallMap<K, V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object", "additionalProperties": g.subschema_for::<V>() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_keys_sorted_and_unique() {
        let mut m: SmallMap<u8, &str> = [(3, "c"), (1, "a"), (2, "b")].into_iter().collect();
        assert_eq!(m.insert(2, "B"), Some("b"));
        assert_eq!(m.keys().copied().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(m.values().copied().collect::<Vec<_>>(), ["a", "B", "c"]);
        assert_eq!(m[&2], "B");
        assert_eq!(m.remove(&1), Some("a"));
        assert_eq!(m.remove(&1), None);
        assert!(!m.contains_key(&1));
        *m.entry_or_default(0) = "z";
        *m.entry_or_default(2) = "y";
        assert_eq!(m.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>(), [(0, "z"), (2, "y"), (3, "c")]);
        m.retain(|k, _| *k != 2);
        assert_eq!(m.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>(), [(0, "z"), (3, "c")]);
        assert_eq!(m.len(), 2);
        *m.get_mut(&3).unwrap() = "C";
        for (_, v) in m.iter_mut() {
            *v = if *v == "C" { "c!" } else { v };
        }
        assert_eq!(m.into_iter().collect::<Vec<_>>(), [(0, "z"), (3, "c!")]);
    }

    #[test]
    fn maps_equal_whatever_the_insertion_order() {
        let a: SmallMap<u8, u8> = [(1, 1), (2, 2)].into_iter().collect();
        let b: SmallMap<u8, u8> = [(2, 2), (1, 1)].into_iter().collect();
        assert_eq!(a, b);
        let mut c = b.clone();
        c.clear();
        assert!(c.is_empty() && !b.is_empty());
        c.extend([(5, 5)]);
        assert_eq!(format!("{c:?}"), "{5: 5}");
    }

    #[test]
    fn sets_add_once() {
        let mut s: SmallSet<String> = SmallSet::new();
        assert!(s.add("a".into()));
        assert!(!s.add("a".into()));
        assert!(s.contains("a") && !s.contains("b"));
    }

    #[cfg(feature = "schema")]
    #[test]
    fn the_schema_is_an_object_of_values_written_in_place() {
        #[derive(schemars::JsonSchema)]
        #[allow(dead_code)]
        struct Holder {
            flags: SmallMap<String, bool>,
        }
        let s = schemars::schema_for!(Holder).to_value();
        assert_eq!(s["properties"]["flags"], serde_json::json!({"type": "object", "additionalProperties": {"type": "boolean"}}));
        assert!(s.get("$defs").is_none(), "inlined, not a definition of its own");
    }

    #[test]
    fn json_is_an_object_in_key_order_and_reads_back() {
        let m: SmallMap<String, bool> = [("b".to_string(), true), ("a".to_string(), false)].into_iter().collect();
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(text, r#"{"a":false,"b":true}"#);
        assert_eq!(serde_json::from_str::<SmallMap<String, bool>>(&text).unwrap(), m);
        let e = serde_json::from_str::<SmallMap<String, bool>>("[1]").unwrap_err().to_string();
        assert!(e.contains("expected a map"), "{e}");
        let borrowed = &m;
        assert_eq!(borrowed.into_iter().count(), 2);
    }
}
