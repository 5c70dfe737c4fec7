//! Values compared by identity rather than by contents.

use std::rc::Rc;

/// A value that is replaced, never changed in place, compared by identity: a new catalog, a
/// new language or a new failure is a new value, and comparing the contents would cost more
/// than re-rendering.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

// Not derived: that would ask `T: Clone`, and only the pointer is cloned.
impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_values_compare_by_identity() {
        let one = Rc::new(1);
        assert_eq!(Shared(one.clone()), Shared(one.clone()));
        assert_ne!(Shared(Rc::new(1)), Shared(Rc::new(1)), "equal contents in another value are a new value");
        assert_eq!(*Shared(one), 1);
    }
}
