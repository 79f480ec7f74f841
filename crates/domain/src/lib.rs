//! Pure rules and types of ANTT Cơ sở.
//!
//! No I/O, no async, no database or HTTP types: everything here is a value or a function of values,
//! so every rule can be tested on its own and named after the article of law it implements.
#![deny(clippy::float_arithmetic)]

pub mod access;
pub mod budget;
pub mod calendar;
pub mod date;
pub mod error;
pub mod force;
pub mod inbox;
pub mod insurance;
pub mod kernel;
pub mod money;
pub mod office;
pub mod payroll;
pub mod person;
pub mod policy;
pub mod roster;
pub mod selection;
pub mod text;
pub mod unit;
pub mod words;

pub use error::{FieldError, FieldErrorKind};
