//! Terraform HCL native syntax, error tolerant, with byte ranges.
//!
//! STUB: implementation pending (helper owns this file).
