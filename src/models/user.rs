//! Users: the `user_basic` row and its 1:1 `user_profile`.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::schema::{user_basic, user_profile};

/// Account status as stored in `user_basic.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    Disabled = 0,
    Enabled = 1,
}

impl UserStatus {
    pub fn from_db(v: i16) -> Self {
        if v == 1 {
            Self::Enabled
        } else {
            Self::Disabled
        }
    }

    pub fn as_db(self) -> i16 {
        self as i16
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = user_basic)]
pub struct User {
    pub user_id: i64,
    pub mobile: String,
    pub user_name: String,
    pub status: i16,
    pub profile_photo: Option<String>,
    pub last_login: Option<DateTime<Utc>>,
    pub is_media: bool,
    pub is_verified: bool,
    pub introduction: Option<String>,
    pub certificate: Option<String>,
    pub article_count: i32,
    pub following_count: i32,
    pub fans_count: i32,
    pub like_count: i32,
    pub read_count: i64,
    pub create_time: DateTime<Utc>,
}

impl User {
    pub fn status(&self) -> UserStatus {
        UserStatus::from_db(self.status)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = user_basic)]
pub struct NewUser<'a> {
    pub user_id: i64,
    pub mobile: &'a str,
    pub user_name: &'a str,
    pub last_login: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = user_profile)]
pub struct Profile {
    pub user_id: i64,
    pub gender: i16,
    pub birthday: Option<NaiveDate>,
    pub real_name: Option<String>,
    pub id_number: Option<String>,
    pub id_card_front: Option<String>,
    pub id_card_back: Option<String>,
    pub id_card_handheld: Option<String>,
}

/// A partial update of `user_basic`: `None` leaves a column alone.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = user_basic)]
pub struct UserChanges {
    pub user_name: Option<String>,
    pub introduction: Option<String>,
    pub profile_photo: Option<String>,
}

impl UserChanges {
    pub fn is_empty(&self) -> bool {
        self.user_name.is_none() && self.introduction.is_none() && self.profile_photo.is_none()
    }
}

/// A partial update of `user_profile`: `None` leaves a column alone.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = user_profile)]
pub struct ProfileChanges {
    pub gender: Option<i16>,
    pub birthday: Option<NaiveDate>,
    pub real_name: Option<String>,
    pub id_number: Option<String>,
    pub id_card_front: Option<String>,
    pub id_card_back: Option<String>,
    pub id_card_handheld: Option<String>,
}

impl ProfileChanges {
    pub fn is_empty(&self) -> bool {
        self.gender.is_none()
            && self.birthday.is_none()
            && self.real_name.is_none()
            && self.id_number.is_none()
            && self.id_card_front.is_none()
            && self.id_card_back.is_none()
            && self.id_card_handheld.is_none()
    }
}

/// Object keys of a user's stored images, as they were before an update.
#[derive(Debug, Default, Clone, Queryable)]
pub struct ImageKeys {
    pub photo: Option<String>,
    pub id_card_front: Option<String>,
    pub id_card_back: Option<String>,
    pub id_card_handheld: Option<String>,
}

/// Filters of the admin user list.
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    pub mobile: Option<String>,
    pub status: Option<i16>,
}
