//! Writing JSON text: the `ToJson` writers.
