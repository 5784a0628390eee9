//! The one JSON layer of the crate: a small tokenizer with readers written against it
//! (`read`), and one writer for results (`write`). No per-type generic (de)serialiser
//! reaches the wasm.

pub mod read;
pub mod write;
