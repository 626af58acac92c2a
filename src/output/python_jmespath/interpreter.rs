//! jmespath/visitor.py's `TreeInterpreter`: how each node of the tree reads a value. An error is
//! the message of the exception Python raises, which the AWS CLI prints as it is (exit 255).

use std::cmp::Ordering;
use std::rc::Rc;

use indexmap::IndexMap;

use super::functions;
use super::parser::{Ast, Comparator};
use super::value::Py;

pub type Result<T> = std::result::Result<T, String>;

pub fn visit(node: &Ast, value: &Py) -> Result<Py> {
    Ok(match node {
        Ast::Subexpression(children) | Ast::IndexExpression(children) => {
            let mut result = value.clone();
            for child in children {
                result = visit(child, &result)?;
            }
            result
        }
        Ast::Pipe(left, right) => visit(right, &visit(left, value)?)?,
        Ast::Field(name) => match value {
            Py::Dict(map) => map.get(name).cloned().unwrap_or(Py::None),
            _ => Py::None,
        },
        Ast::Comparator(comparator, left, right) => {
            compare(*comparator, &visit(left, value)?, &visit(right, value)?)?
        }
        Ast::Current | Ast::Identity => value.clone(),
        Ast::Expref(expression) => Py::Expref(Rc::clone(expression)),
        Ast::Function(name, args) => {
            let resolved = args
                .iter()
                .map(|arg| visit(arg, value))
                .collect::<Result<Vec<_>>>()?;
            functions::call(name, resolved)?
        }
        Ast::FilterProjection {
            left,
            right,
            condition,
        } => match visit(left, value)? {
            Py::List(items) => {
                let mut collected = Vec::new();
                for item in &items {
                    if !visit(condition, item)?.is_false() {
                        push_some(&mut collected, visit(right, item)?);
                    }
                }
                Py::List(collected)
            }
            _ => Py::None,
        },
        Ast::Flatten(node) => match visit(node, value)? {
            Py::List(items) => {
                let mut merged = Vec::new();
                for item in items {
                    match item {
                        Py::List(inner) => merged.extend(inner),
                        other => merged.push(other),
                    }
                }
                Py::List(merged)
            }
            _ => Py::None,
        },
        Ast::Index(index) => match value {
            Py::List(items) => python_index(items.len(), *index)
                .map(|at| items[at].clone())
                .unwrap_or(Py::None),
            _ => Py::None,
        },
        Ast::Slice(start, stop, step) => match value {
            Py::List(items) => Py::List(slice(items, *start, *stop, *step)?),
            _ => Py::None,
        },
        Ast::Literal(literal) => literal.clone(),
        Ast::MultiSelectDict(pairs) => match value {
            Py::None => Py::None,
            _ => {
                let mut collected = IndexMap::new();
                for (key, node) in pairs {
                    collected.insert(key.clone(), visit(node, value)?);
                }
                Py::Dict(collected)
            }
        },
        Ast::MultiSelectList(nodes) => match value {
            Py::None => Py::None,
            _ => Py::List(
                nodes
                    .iter()
                    .map(|node| visit(node, value))
                    .collect::<Result<_>>()?,
            ),
        },
        Ast::Or(left, right) => {
            let matched = visit(left, value)?;
            if matched.is_false() {
                visit(right, value)?
            } else {
                matched
            }
        }
        Ast::And(left, right) => {
            let matched = visit(left, value)?;
            if matched.is_false() {
                matched
            } else {
                visit(right, value)?
            }
        }
        Ast::Not(node) => {
            let original = visit(node, value)?;
            // 0 is not false in JMESPath, though it is in Python.
            let zero = original.is_number() && !original.truthy();
            Py::Bool(!zero && !original.truthy())
        }
        Ast::Projection(left, right) => match visit(left, value)? {
            Py::List(items) => project(right, items.iter())?,
            _ => Py::None,
        },
        Ast::ValueProjection(left, right) => match visit(left, value)? {
            Py::Dict(map) => project(right, map.values())?,
            _ => Py::None,
        },
    })
}

fn project<'a>(right: &Ast, items: impl Iterator<Item = &'a Py>) -> Result<Py> {
    let mut collected = Vec::new();
    for item in items {
        push_some(&mut collected, visit(right, item)?);
    }
    Ok(Py::List(collected))
}

/// A projection keeps what is not None.
fn push_some(collected: &mut Vec<Py>, value: Py) {
    if !matches!(value, Py::None) {
        collected.push(value);
    }
}

/// visitor.py's comparators: `==` and `!=` on anything (0 and 1 are not false and true), the
/// others on two numbers or two strings, None for anything else.
fn compare(comparator: Comparator, left: &Py, right: &Py) -> Result<Py> {
    let equal = || {
        let special = |x: &Py, y: &Py| {
            x.is_number()
                && (x.py_eq(&Py::Bool(false)) || x.py_eq(&Py::Bool(true)))
                && matches!(y, Py::Bool(_))
        };
        !(special(left, right) || special(right, left)) && left.py_eq(right)
    };
    let comparable = |x: &Py| x.is_number() || matches!(x, Py::Str(_));
    let (symbol, accept): (&str, fn(Ordering) -> bool) = match comparator {
        Comparator::Eq => return Ok(Py::Bool(equal())),
        Comparator::Ne => return Ok(Py::Bool(!equal())),
        Comparator::Lt => ("<", Ordering::is_lt),
        Comparator::Gt => (">", Ordering::is_gt),
        Comparator::Lte => ("<=", Ordering::is_le),
        Comparator::Gte => (">=", Ordering::is_ge),
    };
    if !comparable(left) || !comparable(right) {
        return Ok(Py::None);
    }
    Ok(Py::Bool(left.py_cmp(right, symbol)?.is_some_and(accept)))
}

/// `list[index]`: from the end when negative; None past either end.
fn python_index(len: usize, index: i64) -> Option<usize> {
    let len = len as i64;
    let at = if index < 0 {
        index.checked_add(len)?
    } else {
        index
    };
    (0..len).contains(&at).then_some(at as usize)
}

/// `list[start:stop:step]` as Python cuts it (`PySlice_AdjustIndices`).
fn slice(
    items: &[Py],
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Result<Vec<Py>> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err("slice step cannot be zero".to_string());
    }
    let len = items.len() as i64;
    let adjust = |bound: Option<i64>, default: i64| -> i64 {
        match bound {
            None => default,
            Some(at) if at < 0 => {
                let at = at.saturating_add(len);
                if at < 0 {
                    if step < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    at
                }
            }
            Some(at) if at >= len => {
                if step < 0 {
                    len - 1
                } else {
                    len
                }
            }
            Some(at) => at,
        }
    };
    let (start, stop) = if step > 0 {
        (adjust(start, 0), adjust(stop, len))
    } else {
        (adjust(start, len - 1), adjust(stop, -1))
    };
    let mut out = Vec::new();
    let mut at = start;
    while (step > 0 && at < stop) || (step < 0 && at > stop) {
        out.push(items[at as usize].clone());
        at += step;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(values: &[i64]) -> Vec<Py> {
        values.iter().map(|&v| Py::Int(v.into())).collect()
    }

    #[test]
    fn slices_cut_as_python_cuts_lists() {
        let items = ints(&[0, 1, 2, 3, 4]);
        let cut = |start, stop, step| Py::List(slice(&items, start, stop, step).unwrap()).repr();
        assert_eq!(cut(None, None, Some(-1)), "[4, 3, 2, 1, 0]");
        assert_eq!(cut(Some(1), Some(3), None), "[1, 2]");
        assert_eq!(cut(Some(-2), None, None), "[3, 4]");
        assert_eq!(cut(Some(10), None, Some(-2)), "[4, 2, 0]");
        assert_eq!(cut(Some(-10), Some(2), None), "[0, 1]");
        assert_eq!(cut(None, Some(-10), Some(-1)), "[4, 3, 2, 1, 0]");
        assert_eq!(
            cut(Some(i64::MAX), Some(i64::MIN), Some(-1)),
            "[4, 3, 2, 1, 0]"
        );
        assert_eq!(
            slice(&items, None, None, Some(0)).unwrap_err(),
            "slice step cannot be zero"
        );
    }
}
