//! 小智, the assistant behind the Socket.IO `message` event. [`ChatBot`] is the seam: a real
//! chatbot service (the original's intended RPC) implements it and replaces [`RuleBot`], a
//! small rule-based assistant that answers from the product itself.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use tokio::sync::Mutex;

use crate::models::channel::Channel;
use crate::services::feed::{self, Viewer};
use crate::services::{channels, users};
use crate::state::AppState;

/// Newest articles listed when asked about a channel.
const NEWS_COUNT: usize = 5;

/// Answers one chat message; `asker` is the logged-in user, None for anonymous sockets.
#[async_trait]
pub trait ChatBot: Send + Sync {
    async fn reply(&self, asker: Option<i64>, text: &str) -> String;
}

/// What a message asks for, decided by keywords.
#[derive(Debug, PartialEq, Eq)]
pub enum Intent {
    Empty,
    Greeting,
    Help,
    Thanks,
    /// The newest articles of a channel (id, name).
    ChannelNews(i32, String),
    /// News, but no channel named.
    NewsWithoutChannel,
    MyCounts,
    Unknown,
}

const GREETINGS: &[&str] = &[
    "你好",
    "您好",
    "嗨",
    "哈喽",
    "早上好",
    "晚上好",
    "hello",
    "hi",
    "hey",
];
const HELP: &[&str] = &["帮助", "help", "你能做什么", "怎么用", "功能", "?", "？"];
const THANKS: &[&str] = &["谢谢", "多谢", "thanks", "thank you"];
const NEWS: &[&str] = &["新闻", "文章", "最新", "头条", "news", "latest", "articles"];
const COUNTS: &[&str] = &[
    "我的",
    "粉丝",
    "关注",
    "获赞",
    "阅读",
    "统计",
    "my ",
    "followers",
    "stats",
];

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        if w.is_ascii() && w.chars().all(|c| c.is_ascii_alphabetic()) {
            // English keywords must be whole words ("hi" is not in "this").
            text.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|t| t == *w)
        } else {
            text.contains(w)
        }
    })
}

/// Classifies a message; `channels` are the visible channels (the longest name found wins).
pub fn intent(text: &str, channels: &[Channel]) -> Intent {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return Intent::Empty;
    }
    let named = channels
        .iter()
        .filter(|c| !c.name.is_empty() && text.contains(&c.name.to_lowercase()))
        .max_by_key(|c| c.name.chars().count());
    if let Some(c) = named {
        return Intent::ChannelNews(c.id, c.name.clone());
    }
    if has_any(&text, COUNTS) {
        return Intent::MyCounts;
    }
    if has_any(&text, NEWS) {
        return Intent::NewsWithoutChannel;
    }
    if has_any(&text, HELP) {
        return Intent::Help;
    }
    if has_any(&text, THANKS) {
        return Intent::Thanks;
    }
    if has_any(&text, GREETINGS) {
        return Intent::Greeting;
    }
    Intent::Unknown
}

const HELP_TEXT: &str = "我是小智，可以帮你：\n\
    1. 看某个频道的最新文章：比如“python 最新文章”\n\
    2. 查你的数据：发“我的粉丝”或“我的统计”（需要登录）\n\
    3. 打个招呼：发“你好”";
const TROUBLE: &str = "小智现在查不到数据，请稍后再试。";

/// How long the channel list is reused: every message is matched against it.
const CHANNELS_TTL: Duration = Duration::from_secs(60);

/// The rule-based 小智.
pub struct RuleBot {
    state: AppState,
    channels: Mutex<Option<(Instant, Arc<Vec<Channel>>)>>,
}

impl RuleBot {
    pub fn new(state: AppState) -> Self {
        Self {
            state,
            channels: Mutex::new(None),
        }
    }

    /// The visible channels, from a copy at most [`CHANNELS_TTL`] old.
    async fn channels(&self) -> Arc<Vec<Channel>> {
        let mut cached = self.channels.lock().await;
        if let Some((at, list)) = cached.as_ref()
            && at.elapsed() < CHANNELS_TTL
        {
            return list.clone();
        }
        match channels::all_channels(&self.state).await {
            Ok(list) => {
                let list = Arc::new(list);
                *cached = Some((Instant::now(), list.clone()));
                list
            }
            Err(e) => {
                log::warn!("chatbot: channels failed: {e:#}");
                cached.as_ref().map(|(_, l)| l.clone()).unwrap_or_default()
            }
        }
    }

    async fn channel_news(&self, asker: Option<i64>, id: i32, name: &str) -> String {
        let viewer = asker.map_or(Viewer::Anonymous(None), Viewer::User);
        let now = chrono::Utc::now().timestamp_millis();
        match feed::timeline(&self.state, viewer, i64::from(id), now, false).await {
            Ok(t) if t.results.is_empty() => format!("{name}频道还没有文章。"),
            Ok(t) => {
                let lines: Vec<String> = t
                    .results
                    .iter()
                    .take(NEWS_COUNT)
                    .enumerate()
                    .map(|(i, a)| format!("{}. {}", i + 1, a.card.title))
                    .collect();
                format!("{name}频道的最新文章：\n{}", lines.join("\n"))
            }
            Err(e) => {
                log::warn!("chatbot: feed of channel {id} failed: {e:#}");
                TROUBLE.to_owned()
            }
        }
    }

    async fn counts(&self, asker: Option<i64>) -> String {
        let Some(user_id) = asker else {
            return "登录以后我才知道你是谁，登录后再问我吧。".to_owned();
        };
        match users::find_user(&self.state, user_id).await {
            Ok(Some(u)) => format!(
                "{}，你发布了 {} 篇文章，关注了 {} 人，有 {} 位粉丝，获赞 {} 次，文章被阅读 {} 次。",
                u.user_name,
                u.article_count,
                u.following_count,
                u.fans_count,
                u.like_count,
                u.read_count
            ),
            Ok(None) => "我找不到你的账号。".to_owned(),
            Err(e) => {
                log::warn!("chatbot: user {user_id} failed: {e:#}");
                TROUBLE.to_owned()
            }
        }
    }

    async fn some_channel_names(&self) -> String {
        let list = self.channels().await;
        let names: Vec<&str> = list.iter().take(6).map(|c| c.name.as_str()).collect();
        match names.is_empty() {
            true => "python、java".to_owned(),
            false => names.join("、"),
        }
    }
}

#[async_trait]
impl ChatBot for RuleBot {
    async fn reply(&self, asker: Option<i64>, text: &str) -> String {
        let channels = self.channels().await;
        match intent(text, &channels) {
            Intent::Empty => "你想说点什么？发“帮助”看看我能做什么。".to_owned(),
            Intent::Greeting => "你好！我是小智。发“帮助”看看我能做什么。".to_owned(),
            Intent::Help => HELP_TEXT.to_owned(),
            Intent::Thanks => "不客气，随时找我。".to_owned(),
            Intent::ChannelNews(id, name) => self.channel_news(asker, id, &name).await,
            Intent::NewsWithoutChannel => format!(
                "想看哪个频道的文章？比如：{}。",
                self.some_channel_names().await
            ),
            Intent::MyCounts => self.counts(asker).await,
            Intent::Unknown => {
                let shown: String = text.trim().chars().take(30).collect();
                format!("抱歉，我没听懂“{shown}”。发“帮助”看看我能做什么。")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chans() -> Vec<Channel> {
        [
            (1, "html"),
            (2, "开发者资讯"),
            (3, "java"),
            (4, "javascript"),
        ]
        .into_iter()
        .map(|(id, name)| Channel {
            id,
            name: name.to_owned(),
        })
        .collect()
    }

    #[test]
    fn messages_map_to_intents() {
        let c = chans();
        assert_eq!(intent("  ", &c), Intent::Empty);
        assert_eq!(intent("你好呀", &c), Intent::Greeting);
        assert_eq!(intent("Hi!", &c), Intent::Greeting);
        assert_eq!(intent("this is odd", &c), Intent::Unknown);
        assert_eq!(intent("help", &c), Intent::Help);
        assert_eq!(intent("谢谢你", &c), Intent::Thanks);
        assert_eq!(intent("我的粉丝有多少", &c), Intent::MyCounts);
        assert_eq!(intent("有什么新闻", &c), Intent::NewsWithoutChannel);
        assert_eq!(
            intent("JavaScript 最新文章", &c),
            Intent::ChannelNews(4, "javascript".into())
        );
        assert_eq!(
            intent("开发者资讯", &c),
            Intent::ChannelNews(2, "开发者资讯".into())
        );
        assert_eq!(intent("今天天气怎么样", &c), Intent::Unknown);
    }
}
