//! One compiled copy of syn's `visit_mut` traversal for every visitor of the macros.
//!
//! syn's traversal functions are generic over the visitor, so each visitor type compiled the
//! whole walk of Rust's syntax again: seven visitors, 17% of this crate's LLVM IR (35k of 207k
//! lines), in every user's clean build. The visitors implement [`Visitor`] instead, whose
//! methods keep syn's names, and syn's traversal is compiled once, for `dyn Visitor`: a
//! visitor overrides what it looks at, calls `visit_mut::visit_*_mut(self.dyn_mut(), node)` (`AsDyn`) to
//! go on into the node, and starts a walk with its own methods (`visitor.visit_block_mut(b)`).

use syn::visit_mut::{self, VisitMut};
use syn::{
    Arm, Attribute, Block, Expr, ExprCall, ExprMethodCall, ExprPath, Item, Macro, Pat, PatIdent,
    Path, Signature, Stmt, Type, TypeImplTrait, TypePath,
};

macro_rules! visitor {
    ($($visit:ident: $node:ty,)*) => {
        /// A visitor of syn nodes; see the module. The default methods walk on, as syn's.
        pub trait Visitor: AsDyn {
            $(
                fn $visit(&mut self, node: &mut $node) {
                    visit_mut::$visit(self.dyn_mut(), node);
                }
            )*
        }

        impl VisitMut for dyn Visitor + '_ {
            $(
                fn $visit(&mut self, node: &mut $node) {
                    Visitor::$visit(self, node);
                }
            )*
        }
    };
}

/// `self` as the one visitor type syn's traversal is compiled for; every [`Visitor`] has it.
pub trait AsDyn {
    fn dyn_mut(&mut self) -> &mut dyn Visitor;
}

impl<V: Visitor> AsDyn for V {
    fn dyn_mut(&mut self) -> &mut dyn Visitor {
        self
    }
}

// The nodes some visitor overrides or starts a walk at; every other node is walked by syn's
// default methods, compiled for `dyn Visitor` alone.
visitor! {
    visit_arm_mut: Arm,
    visit_attribute_mut: Attribute,
    visit_block_mut: Block,
    visit_expr_mut: Expr,
    visit_expr_call_mut: ExprCall,
    visit_expr_method_call_mut: ExprMethodCall,
    visit_expr_path_mut: ExprPath,
    visit_item_mut: Item,
    visit_macro_mut: Macro,
    visit_pat_mut: Pat,
    visit_pat_ident_mut: PatIdent,
    visit_path_mut: Path,
    visit_signature_mut: Signature,
    visit_stmt_mut: Stmt,
    visit_type_mut: Type,
    visit_type_impl_trait_mut: TypeImplTrait,
    visit_type_path_mut: TypePath,
}
