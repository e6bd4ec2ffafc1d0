//! Small string helpers that stand in for std's and alloc's generic ones.
//!
//! Every visitor downloads the wasm, and std's general-purpose string search,
//! number formatting and joining bring far more code than Biscotte's short
//! strings need (docs/adr/008-wasm-size.md). These do one job each, with plain
//! loops, so the domain modules in `crate::core` read as domain code and call
//! these instead of the heavy originals.

pub mod concat;
pub mod css;
pub mod num;
pub mod owned;
pub mod search;
