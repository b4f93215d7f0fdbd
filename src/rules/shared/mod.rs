//! What several rules share: where an identity resource's data lives and how it is judged
//! ([`location`]), and the bodies of rules that differ only in their subject ([`tenant`],
//! [`mfa`]), and what they read of B2C custom policies ([`b2c`]).

pub mod b2c;
pub mod graph_permissions;
pub mod location;
pub mod mfa;
pub mod tenant;
