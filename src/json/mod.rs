//! The one JSON layer of the crate: a small tokenizer with readers written against it
//! (`read`), and one writer for results (`write`). No per-type generic (de)serialiser
//! reaches the wasm.

pub mod read;
pub mod write;

pub use read::{from_str, FromJson, ReadError, Reader};
pub use tierwise_json_derive::FromJson;
