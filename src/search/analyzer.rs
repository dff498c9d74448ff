//! The text analysis shared by indexing and querying: jieba segmentation (search mode, so
//! long words are indexed with their sub-words), words only (punctuation, spaces and query
//! syntax characters are dropped), lower case (Latin words in Chinese text, "Rust 入门").
//! Also the HTML stripping applied to article bodies before indexing.

use std::sync::LazyLock;

use regex::Regex;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};
use tantivy_jieba::JiebaTokenizer;

/// The name the analyzer is registered under in the index.
pub const ANALYZER: &str = "toutiao_jieba";

/// The analyzer used by both fields.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(JiebaTokenizer::new())
        .filter(WordsOnly)
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .build()
}

/// A word of some text and where it sits in it (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub from: usize,
    pub to: usize,
}

/// The words of `text`, in order, as the index stores them.
pub fn words(text: &str) -> Vec<Word> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push(Word {
            text: t.text.clone(),
            from: t.offset_from,
            to: t.offset_to,
        });
    }
    out
}

/// The distinct words of `text`, first occurrence first.
pub fn distinct_words(text: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for w in words(text) {
        if !seen.contains(&w.text) {
            seen.push(w.text);
        }
    }
    seen
}

static SCRIPTS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?is)<(script|style)\b.*?</(script|style)\s*>").ok());
static TAGS: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->|<[^>]*>").ok());

/// The text of an HTML fragment: scripts, styles, comments and tags removed (each tag
/// becomes a space so words on both sides stay apart), common entities decoded.
pub fn strip_html(html: &str) -> String {
    let mut text = html.to_owned();
    for re in [&*SCRIPTS, &*TAGS].into_iter().flatten() {
        text = re.replace_all(&text, " ").into_owned();
    }
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Drops tokens without a letter or digit (jieba emits spaces and punctuation as tokens).
#[derive(Clone)]
struct WordsOnly;

impl TokenFilter for WordsOnly {
    type Tokenizer<T: Tokenizer> = WordsOnlyTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> WordsOnlyTokenizer<T> {
        WordsOnlyTokenizer(tokenizer)
    }
}

#[derive(Clone)]
struct WordsOnlyTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for WordsOnlyTokenizer<T> {
    type TokenStream<'a> = WordsOnlyStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        WordsOnlyStream(self.0.token_stream(text))
    }
}

struct WordsOnlyStream<T>(T);

impl<T: TokenStream> TokenStream for WordsOnlyStream<T> {
    fn advance(&mut self) -> bool {
        while self.0.advance() {
            if self.0.token().text.chars().any(char::is_alphanumeric) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn mixed_text_is_segmented_lowercased_and_stripped_of_punctuation() {
        let w = distinct_words("Rust 入门：\"教程\" (-*~^) 学习Rust!");
        assert!(w.contains(&"rust".to_owned()), "{w:?}");
        assert!(w.contains(&"入门".to_owned()), "{w:?}");
        assert!(w.contains(&"教程".to_owned()), "{w:?}");
        assert!(
            w.iter().all(|t| t.chars().any(char::is_alphanumeric)),
            "{w:?}"
        );
        assert!(distinct_words("\"():-*~^ ，。！").is_empty());
    }

    #[test]
    fn html_is_reduced_to_its_text() {
        let t = strip_html("<p>你好<b>世界</b></p><script>var x=1;</script>a&amp;b");
        assert!(!t.contains('<') && !t.contains("var"), "{t}");
        assert!(
            t.contains("你好") && t.contains("世界") && t.contains("a&b"),
            "{t}"
        );
    }
}
