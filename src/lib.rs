//! `residency`: finds Azure identity resources in infrastructure code and reports where their
//! data would live outside Europe.

pub mod diagnostic;
pub mod model;
pub mod rules;
pub mod syntax;
