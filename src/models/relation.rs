//! The relation of one user to another (`user_relation`).

/// `user_relation.relation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    None = 0,
    Following = 1,
    Blacklisted = 2,
}

impl Relation {
    pub fn from_db(v: i16) -> Self {
        match v {
            1 => Self::Following,
            2 => Self::Blacklisted,
            _ => Self::None,
        }
    }

    pub fn as_db(self) -> i16 {
        self as i16
    }
}
