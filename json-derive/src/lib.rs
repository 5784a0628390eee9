//! Derives of tierwise's JSON layer (`tierwise::json`): `FromJson` reads a value from the
//! crate's one tokenizer, `ToJson` writes it with the crate's one writer. Both understand
//! the `#[serde(...)]` attributes the types already carry, so one spelling on the wire is
//! declared once, and both generate plain functions (no visitor, no generic deserializer),
//! which is what keeps the wasm small.

use proc_macro::TokenStream;

mod from_json;
mod to_json;

/// Implements `tierwise::json::FromJson` for a struct or enum.
#[proc_macro_derive(FromJson, attributes(serde, json))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    from_json::expand(input)
}

/// Implements `tierwise::json::ToJson` for a struct or enum.
#[proc_macro_derive(ToJson, attributes(serde, json))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    to_json::expand(input)
}
