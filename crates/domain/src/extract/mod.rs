//! Parameter extraction from caller speech (see `shared/nlu/SPEC.md`).
//!
//! Work in progress: filled in by the extraction work of issue [3/6].
