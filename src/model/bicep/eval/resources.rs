//! Values of resources: the display name, full name and id of a resource, its evaluated body,
//! `sym.key` on a resource symbol, and paths into its body.

use super::*;

impl<'a> Ctx<'a> {
    pub(super) fn res_display(&self, r: ResId) -> String {
        self.res_name_text(r)
            .unwrap_or_else(|| match self.res[r].instance {
                Some(i) => format!("{}[{i}]", self.res[r].symbol),
                None => self.res[r].symbol.to_string(),
            })
    }

    pub(super) fn res_name_text(&self, r: ResId) -> Option<String> {
        let at = loc(self.file_of(self.res[r].unit), self.res[r].type_expr.range);
        match self.res_name(r, at) {
            Ev::V(Val {
                kind: ValKind::Str(s),
                ..
            }) => Some(s),
            _ => None,
        }
    }

    /// The full name (`vnet/subnet` for a child).
    pub(super) fn res_name(&self, r: ResId, at: Loc) -> Ev<'a> {
        self.cached(Key::Name(r), at, |ctx| {
            let res = &ctx.res[r];
            let Some(e) = res.body.and_then(|b| b.member("name")) else {
                return Ev::unknown("the resource has no name", at);
            };
            let own = ctx.eval(e, &ctx.res_env(r));
            match res.parent {
                Some(p) => value::child_name(ctx.res_name(p, at), own, at, |ev, out| {
                    ctx.pieces_of(ev, out)
                }),
                None => own,
            }
        })
        .unwrap_or_else(|| Ev::unknown("the resource's name refers to itself", at))
    }

    pub(super) fn res_id(&self, r: ResId, at: Loc) -> Ev<'a> {
        let name = self.res_name(r, at);
        value::declared_resource_id(
            &self.res[r].type_written,
            name,
            || self.res_display(r),
            at,
            |ev, out| self.pieces_of(ev, out),
        )
    }

    /// The evaluated body of a resource (nested resources left out).
    pub(super) fn body(&self, r: ResId, at: Loc) -> Ev<'a> {
        self.cached(Key::Body(r), at, |ctx| match ctx.res[r].body {
            Some(b) => {
                let v = ctx.eval(b, &ctx.res_env(r));
                Ev::V(ctx.force(v, None))
            }
            None => Ev::unknown("the resource has no body", at),
        })
        .unwrap_or_else(|| Ev::unknown("the resource refers to itself", at))
    }

    /// `sym.key` on a resource symbol.
    pub(super) fn res_member(&self, r: ResId, key: &str, at: Loc) -> Ev<'a> {
        let res = &self.res[r];
        let display = self.res_display(r);
        let file = self.file_of(res.unit);
        if key.eq_ignore_ascii_case("id") {
            return self.res_id(r, at);
        }
        if key.eq_ignore_ascii_case("name") {
            return self.res_name(r, at);
        }
        if key.eq_ignore_ascii_case("type") {
            return Ev::V(Val::new(ValKind::Str(res.type_written.clone()), Some(at)));
        }
        if key.eq_ignore_ascii_case("location") {
            if res.existing {
                return Ev::unknown(
                    format!(
                        "`{display}` is an existing resource: its location is not in this template"
                    ),
                    at,
                );
            }
            let Some(e) = res.body.and_then(|b| b.member("location")) else {
                return Ev::unknown(format!("`{display}` declares no location"), at);
            };
            let written = loc(file, e.range);
            let ev = self
                .cached(Key::Location(r), at, |ctx| ctx.eval(e, &ctx.res_env(r)))
                .unwrap_or_else(|| Ev::unknown("the location refers to itself", at));
            return ev.with_origin(Origin {
                loc: written,
                note: format!("location of `{display}`"),
            });
        }
        if res.existing {
            // What the body of an existing resource writes is how it is found, so the
            // deployed resource has that value (`appId` of a Graph service principal).
            if let Some(e) = res.body.and_then(|b| b.member(key)) {
                return self.eval(e, &self.res_env(r)).with_origin(Origin {
                    loc: loc(file, e.range),
                    note: format!("`{key}` of existing `{display}`"),
                });
            }
            return Ev::unknown(
                format!("`{key}` of `{display}` is known only after deployment"),
                at,
            );
        }
        Ev::Res {
            res: r,
            path: vec![Seg::Key(key.to_string())],
        }
    }

    /// Forces a path into a resource's body.
    pub(super) fn res_path(&self, r: ResId, path: &[Seg], at: Loc) -> Val {
        let display = self.res_display(r);
        let Ev::V(mut v) = self.body(r, at) else {
            return Val::unknown("the resource body is not known", Some(at));
        };
        for seg in path {
            let next = match seg {
                Seg::Key(k) => v.get(k).cloned(),
                Seg::Index(i) => v.items().get(*i).cloned(),
            };
            match next {
                Some(n) => v = n,
                None => {
                    let what = match seg {
                        Seg::Key(k) => k.clone(),
                        Seg::Index(i) => format!("[{i}]"),
                    };
                    return Val::unknown(
                        format!("`{what}` of `{display}` is known only after deployment"),
                        Some(at),
                    );
                }
            }
            if v.is_unknown() {
                break;
            }
        }
        let written = v.loc;
        v.loc = Some(at);
        if let Some(w) = written {
            v.origin.insert(
                0,
                Origin {
                    loc: w,
                    note: format!("property of `{display}`"),
                },
            );
        }
        v
    }
}
