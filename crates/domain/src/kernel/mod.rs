//! What every capability shares: the code enums (one definition each, with its stored code, its
//! Vietnamese label and the list of all) and typed ids.

pub mod code_enum;
pub mod fault;
pub mod ids;
