//! The data the xtask runs on, read from TOML: what to run (`matrix.toml`),
//! how to build and run each target (`targets/*.toml`) and the pinned inputs
//! (`toolchains/*.toml`). Unknown keys are errors.

pub mod matrix;
pub mod target;
