//! YAML streams (Pulumi, Kubernetes manifests): no panic, every range inside the input, at
//! most the capped number of errors, and every node id a document or a node refers to exists.
#![no_main]

use libfuzzer_sys::fuzz_target;
use residency::syntax::yaml::{self, NodeKind};
use residency_fuzz::assert_tree;

fuzz_target!(|text: &str| {
    let y = yaml::parse(text);
    assert_tree(text, &y.nodes, &y.errors);
    let n = y.nodes.len();
    let inside = |id: &yaml::NodeId| *id < n;
    assert!(
        y.documents.iter().all(inside),
        "a document outside the nodes"
    );
    for node in &y.nodes {
        match &node.kind {
            NodeKind::Seq(items) => assert!(items.iter().all(inside)),
            NodeKind::Map(entries) => {
                assert!(entries.iter().all(|(k, v)| inside(k) && inside(v)))
            }
            NodeKind::Alias(Some(id)) => assert!(inside(id)),
            _ => {}
        }
    }
    for &doc in &y.documents {
        let _ = y.entries(doc);
        let _ = y.resolve(doc);
    }
});
