//! `residency`: finds Azure identity resources in infrastructure code and reports where their
//! data would live outside Europe.

pub mod baseline;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod line_index;
pub mod lsp;
pub mod model;
pub mod paths;
pub mod regions;
pub mod report;
pub mod resolve;
pub mod rule_catalog;
pub mod rules;
pub mod suppression;
pub mod syntax;
pub mod workspace;
