//! The wasm-bindgen suite in Node (wasm-bindgen-test's default runtime).
//! Run with `cargo test --target wasm32-unknown-unknown --test wasm_node`.
#![cfg(target_arch = "wasm32")]

mod support;
mod wasm_suite;
