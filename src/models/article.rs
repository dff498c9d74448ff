//! Articles and what hangs off them.

/// `news_article_basic.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleStatus {
    Draft = 0,
    Pending = 1,
    Approved = 2,
    Rejected = 3,
    Deleted = 4,
    Banned = 5,
}

impl ArticleStatus {
    pub fn as_db(self) -> i16 {
        self as i16
    }
}

/// `news_attitude.attitude`; the API shows "none" as -1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attitude {
    Dislike = 0,
    Like = 1,
}

impl Attitude {
    pub fn as_db(self) -> i16 {
        self as i16
    }

    pub fn from_db(v: Option<i16>) -> Option<Self> {
        match v {
            Some(0) => Some(Self::Dislike),
            Some(1) => Some(Self::Like),
            _ => None,
        }
    }
}

/// `news_comment.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStatus {
    Pending = 0,
    Approved = 1,
    Rejected = 2,
    Deleted = 3,
}

impl CommentStatus {
    pub fn as_db(self) -> i16 {
        self as i16
    }
}
