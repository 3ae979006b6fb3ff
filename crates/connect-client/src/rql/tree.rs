//! The query tree behind [`R`](super::R): composition, keyword parsing, rendering.

use super::RqlValue;
use super::wire;

/// The query tree. And/Or hold at least two distinct children; Not never holds Not or Empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(super) enum Node {
    #[default]
    Empty,
    Expr(Expr),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

/// One expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Expr {
    /// Given by hand ([`R::expr`](super::R::expr)), rendered verbatim.
    Raw(String),
    /// `op(field,arg)`.
    Op {
        op: &'static str,
        field: String,
        arg: Arg,
    },
}

/// The second operand of an [`Expr::Op`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Arg {
    Value(RqlValue),
    /// `null()` or `empty()`.
    Constant(&'static str),
}

/// One keyword lookup, as Python's `parse_kwargs`.
pub(super) fn parse_kwarg(key: &str, value: RqlValue) -> Expr {
    let tokens: Vec<&str> = key.split("__").collect();
    let (last, head) = match tokens.split_last() {
        Some((last, head)) if !head.is_empty() => (*last, head),
        _ => {
            return Expr::Op {
                op: "eq",
                field: key.to_owned(),
                arg: Arg::Value(value),
            };
        }
    };
    let field = head.join(".");
    let (op, arg) = match last {
        "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "like" | "ilike" => {
            (operator_name(last), Arg::Value(value))
        }
        "in" | "out" => (
            operator_name(last),
            Arg::Value(RqlValue::list(value.into_items())),
        ),
        "null" | "empty" => {
            let op = if value.is_true() { "eq" } else { "ne" };
            let constant = if last == "null" { "null()" } else { "empty()" };
            (op, Arg::Constant(constant))
        }
        _ => {
            return Expr::Op {
                op: "eq",
                field: tokens.join("."),
                arg: Arg::Value(value),
            };
        }
    };
    Expr::Op { op, field, arg }
}

/// The `'static` name of a known operator.
fn operator_name(op: &str) -> &'static str {
    const OPS: [&str; 10] = [
        "eq", "ne", "lt", "le", "gt", "ge", "like", "ilike", "in", "out",
    ];
    OPS.into_iter().find(|known| *known == op).unwrap_or("eq")
}

/// `a & b` (`and == true`) or `a | b`: the empty query is the identity, equal sides collapse,
/// same-operator children are flattened, and children are de-duplicated.
pub(super) fn join(a: Node, b: Node, and: bool) -> Node {
    if a == b || b == Node::Empty {
        return a;
    }
    if a == Node::Empty {
        return b;
    }
    let mut children = Vec::new();
    for side in [a, b] {
        match side {
            Node::And(nested) if and => nested
                .into_iter()
                .for_each(|c| push_unique(&mut children, c)),
            Node::Or(nested) if !and => nested
                .into_iter()
                .for_each(|c| push_unique(&mut children, c)),
            other => push_unique(&mut children, other),
        }
    }
    collapse(children, and)
}

pub(super) fn push_unique(children: &mut Vec<Node>, node: Node) {
    if node != Node::Empty && !children.contains(&node) {
        children.push(node);
    }
}

/// An `and` / `or` of `children`; none is the empty query, one is that child.
pub(super) fn collapse(mut children: Vec<Node>, and: bool) -> Node {
    match children.len() {
        0 => Node::Empty,
        1 => children.pop().unwrap_or_default(),
        _ if and => Node::And(children),
        _ => Node::Or(children),
    }
}

/// `!node`: the empty query stays empty, double negation cancels.
pub(super) fn negate(node: Node) -> Node {
    match node {
        Node::Empty => Node::Empty,
        Node::Not(inner) => *inner,
        other => Node::Not(Box::new(other)),
    }
}

/// Writes a node: human-readable (`wire == false`) or in the quoted wire form.
pub(super) fn render(node: &Node, out: &mut String, wire: bool) {
    match node {
        Node::Empty => {}
        Node::Expr(expr) => render_expr(expr, out, wire),
        Node::And(children) => render_group("and", children, out, wire),
        Node::Or(children) => render_group("or", children, out, wire),
        Node::Not(inner) => {
            // Python wraps a negated `or` in `and(…)`; kept for identical strings.
            out.push_str("not(");
            if matches!(**inner, Node::Or(_)) {
                out.push_str("and(");
                render(inner, out, wire);
                out.push(')');
            } else {
                render(inner, out, wire);
            }
            out.push(')');
        }
    }
}

fn render_group(op: &str, children: &[Node], out: &mut String, wire: bool) {
    out.push_str(op);
    out.push('(');
    for (i, child) in children.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        render(child, out, wire);
    }
    out.push(')');
}

fn render_expr(expr: &Expr, out: &mut String, wire: bool) {
    match expr {
        Expr::Raw(text) => out.push_str(text),
        Expr::Op { op, field, arg } => {
            out.push_str(op);
            out.push('(');
            if wire && !wire::is_property(field) {
                out.push(wire::REJECT);
            }
            out.push_str(field);
            out.push(',');
            match arg {
                Arg::Value(value) => value.render(out, wire),
                Arg::Constant(constant) => out.push_str(constant),
            }
            out.push(')');
        }
    }
}
