//! The arguments of a Bicep call or operator, as the shared function [`library`] reads them.

use super::*;

/// The arguments of a Bicep function call, or the operands of an operator, for the
/// [`library`].
pub(super) struct BicepArgs<'c, 'a> {
    pub(super) cx: &'c Ctx<'a>,
    pub(super) operands: Operands<'c, 'a>,
    pub(super) env: &'c Env<'a>,
    /// The call or operator expression.
    pub(super) at: Loc,
}

pub(super) enum Operands<'c, 'a> {
    Call(&'a [Expr]),
    Operator(&'c [&'a Expr]),
}

impl<'c, 'a> BicepArgs<'c, 'a> {
    pub(super) fn operands(
        cx: &'c Ctx<'a>,
        operands: &'c [&'a Expr],
        env: &'c Env<'a>,
        at: Loc,
    ) -> Self {
        BicepArgs {
            cx,
            operands: Operands::Operator(operands),
            env,
            at,
        }
    }

    pub(super) fn get(&self, i: usize) -> Option<&'a Expr> {
        match self.operands {
            Operands::Call(args) => args.get(i),
            Operands::Operator(ops) => ops.get(i).copied(),
        }
    }
}

impl<'a> Args for BicepArgs<'_, 'a> {
    type Ev = Ev<'a>;

    fn at(&self) -> Loc {
        self.at
    }

    fn len(&self) -> usize {
        match self.operands {
            Operands::Call(args) => args.len(),
            Operands::Operator(ops) => ops.len(),
        }
    }

    fn eval(&self, i: usize) -> Ev<'a> {
        match self.get(i) {
            Some(e) => self.cx.eval(e, self.env),
            None => Ev::unknown("missing argument", self.at),
        }
    }

    fn force(&self, ev: Ev<'a>) -> Val {
        self.cx.force(ev, Some(self.at))
    }

    fn pieces_of(&self, ev: Ev<'a>, out: &mut Vec<Piece>) {
        self.cx.pieces_of(ev, out)
    }

    fn is_array(&self, ev: &Ev<'a>) -> bool {
        match ev {
            Ev::V(v) => matches!(v.kind, ValKind::List(_)),
            Ev::Syn(e, ..) => matches!(e.kind, ExprKind::Array(_)),
            _ => false,
        }
    }

    fn member(&self, base: Ev<'a>, key: &str) -> Option<Ev<'a>> {
        self.cx.get(base, key, self.at)
    }

    fn index(&self, base: Ev<'a>, index: &Val) -> Ev<'a> {
        self.cx.index(base, index, false, self.at)
    }

    /// A path into a resource's body may be null: it is read.
    fn settle(&self, ev: Ev<'a>) -> Ev<'a> {
        match ev {
            Ev::Res { ref path, .. } if !path.is_empty() => Ev::V(self.force(ev)),
            other => other,
        }
    }
}
