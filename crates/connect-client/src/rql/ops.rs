//! `&`, `|`, `!` (and `&=`, `|=`) on [`R`] and `&R`.

use std::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, Not};

use super::R;
use super::tree::{join, negate};

macro_rules! binary_ops {
    ($trait:ident, $method:ident, $assign:ident, $assign_method:ident, $and:expr) => {
        impl $trait for R {
            type Output = R;
            fn $method(self, rhs: R) -> R {
                R::from_node(join(self.node, rhs.node, $and))
            }
        }
        impl $trait<&R> for R {
            type Output = R;
            fn $method(self, rhs: &R) -> R {
                R::from_node(join(self.node, rhs.node.clone(), $and))
            }
        }
        impl $trait<R> for &R {
            type Output = R;
            fn $method(self, rhs: R) -> R {
                R::from_node(join(self.node.clone(), rhs.node, $and))
            }
        }
        impl $trait<&R> for &R {
            type Output = R;
            fn $method(self, rhs: &R) -> R {
                R::from_node(join(self.node.clone(), rhs.node.clone(), $and))
            }
        }
        impl $assign for R {
            fn $assign_method(&mut self, rhs: R) {
                *self = R::from_node(join(std::mem::take(&mut self.node), rhs.node, $and));
            }
        }
        impl $assign<&R> for R {
            fn $assign_method(&mut self, rhs: &R) {
                let node = join(std::mem::take(&mut self.node), rhs.node.clone(), $and);
                *self = R::from_node(node);
            }
        }
    };
}

binary_ops!(BitAnd, bitand, BitAndAssign, bitand_assign, true);
binary_ops!(BitOr, bitor, BitOrAssign, bitor_assign, false);

impl Not for R {
    type Output = R;
    fn not(self) -> R {
        R::from_node(negate(self.node))
    }
}

impl Not for &R {
    type Output = R;
    fn not(self) -> R {
        R::from_node(negate(self.node.clone()))
    }
}
