//! The embedded engine: a tantivy index on disk, one writer per directory (tantivy's own
//! lock file decides which process it is), readers in every process that reload on commit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use arc_swap::ArcSwap;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::directory::error::LockError;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    Index, IndexReader, ReloadPolicy, SegmentReader, TantivyDocument, TantivyError, Term,
};

use super::suggest::Suggestions;
use super::tantivy_schema::{Fields, TantivyWriter, schema};
use super::{SearchEngine, SearchError, SearchPage, SearchWriter, analyzer};

/// Bumped when the schema or the analysis changes: a new version lives in a new
/// subdirectory, which the indexer builds from scratch while the old one is left alone.
const SCHEMA_VERSION: &str = "v1";
/// The original's boost of title matches over content matches.
const TITLE_BOOST: f32 = 2.0;
/// Deepest hit a page may reach (as Elasticsearch's max_result_window): past it only the
/// total is counted, so a huge `page` cannot make the collector allocate without bound.
pub const MAX_WINDOW: usize = 10_000;
/// Content terms found in fewer documents are left out of the correction vocabulary.
const MIN_CONTENT_TERM_DOCS: u32 = 2;
/// Result pages remembered per process (popular queries repeat).
const CACHED_PAGES: u64 = 10_000;
/// Tantivy's smallest memory budget per indexing thread.
const MIN_HEAP_PER_THREAD: usize = 15 << 20;

/// How the writer is sized.
#[derive(Debug, Clone, Copy)]
pub struct WriterOptions {
    pub threads: usize,
    pub heap_bytes: usize,
}

pub struct TantivyEngine {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    writer_options: WriterOptions,
    suggestions: ArcSwap<Suggestions>,
    keywords: Mutex<Vec<(String, u64)>>,
    keywords_version: AtomicU64,
    /// (searcher generation, keywords version) of the current suggestions, and when built.
    built: Mutex<Option<((u64, u64), Instant)>>,
    rebuild_interval: Duration,
    path: PathBuf,
    /// Pages by (searcher generation, words, offset, limit): a commit starts a new
    /// generation, so an entry never outlives the index state it was computed on.
    pages: moka::sync::Cache<(u64, Vec<String>, usize, usize), SearchPage>,
}

impl TantivyEngine {
    /// Opens the index under `dir` (creating it when missing). Suggestions are rebuilt at
    /// most once per `rebuild_interval`.
    pub fn open(
        dir: &Path,
        writer_options: WriterOptions,
        rebuild_interval: Duration,
    ) -> Result<Self, SearchError> {
        let path = dir.join(SCHEMA_VERSION);
        std::fs::create_dir_all(&path)
            .with_context(|| format!("creating the index directory {}", path.display()))?;
        // Loads jieba's dictionary now rather than in the first indexing or search.
        analyzer::words("预热");
        let (schema, fields) = schema();
        let directory = MmapDirectory::open(&path)
            .with_context(|| format!("opening the index directory {}", path.display()))?;
        // Two processes creating it at once both write the same empty meta.json.
        let index = Index::open_or_create(directory, schema)?;
        index
            .tokenizers()
            .register(analyzer::ANALYZER, analyzer::analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            fields,
            writer_options,
            suggestions: ArcSwap::from_pointee(Suggestions::default()),
            keywords: Mutex::new(Vec::new()),
            keywords_version: AtomicU64::new(0),
            built: Mutex::new(None),
            rebuild_interval,
            path,
            pages: moka::sync::Cache::new(CACHED_PAGES),
        })
    }

    fn query(&self, words: &[String]) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(words.len() * 2);
        for w in words {
            let title = TermQuery::new(
                Term::from_field_text(self.fields.title, w),
                IndexRecordOption::WithFreqs,
            );
            let content = TermQuery::new(
                Term::from_field_text(self.fields.content, w),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(title), TITLE_BOOST)),
            ));
            clauses.push((Occur::Should, Box::new(content)));
        }
        BooleanQuery::new(clauses)
    }

    /// Titles of every live document and the vocabulary with document frequencies.
    fn collect(&self) -> Result<(Vec<String>, BTreeMap<String, u64>), SearchError> {
        let searcher = self.reader.searcher();
        let mut titles = Vec::with_capacity(searcher.num_docs() as usize);
        let mut vocab = BTreeMap::new();
        for seg in searcher.segment_readers() {
            let store = seg.get_store_reader(4).context("opening the doc store")?;
            for doc in store.iter::<TantivyDocument>(seg.alive_bitset()) {
                if let Some(t) = doc?.get_first(self.fields.title).and_then(|v| v.as_str()) {
                    titles.push(t.to_owned());
                }
            }
            for (field, min_docs) in [
                (self.fields.title, 1),
                (self.fields.content, MIN_CONTENT_TERM_DOCS),
            ] {
                let inverted = seg.inverted_index(field)?;
                let mut terms = inverted.terms().stream().context("reading terms")?;
                while terms.advance() {
                    let docs = terms.value().doc_freq;
                    if docs >= min_docs
                        && let Ok(t) = std::str::from_utf8(terms.key())
                    {
                        *vocab.entry(t.to_owned()).or_insert(0) += u64::from(docs);
                    }
                }
            }
        }
        Ok((titles, vocab))
    }
}

impl SearchEngine for TantivyEngine {
    fn search(&self, text: &str, offset: usize, limit: usize) -> Result<SearchPage, SearchError> {
        let words = analyzer::distinct_words(text);
        if words.is_empty() {
            return Ok(SearchPage::default());
        }
        let searcher = self.reader.searcher();
        let key = (searcher.generation().generation_id(), words, offset, limit);
        if let Some(page) = self.pages.get(&key) {
            return Ok(page);
        }
        let query = self.query(&key.1);
        let page = if offset >= MAX_WINDOW || limit == 0 {
            SearchPage {
                total: searcher.search(&query, &Count)? as u64,
                ids: Vec::new(),
            }
        } else {
            // Ties on score fall to the newer article (larger id), so pages do not depend
            // on how segments happen to be laid out between two requests.
            let top = TopDocs::with_limit(limit.min(MAX_WINDOW - offset))
                .and_offset(offset)
                .tweak_score(|seg: &SegmentReader| {
                    let ids = seg
                        .fast_fields()
                        .i64("article_id")
                        .ok()
                        .map(|c| c.first_or_default_col(0));
                    move |doc, score| (score, ids.as_ref().map_or(0, |c| c.get_val(doc)))
                });
            let (hits, total) = searcher.search(&query, &(top, Count))?;
            SearchPage {
                total: total as u64,
                ids: hits.into_iter().map(|((_, id), _)| id).collect(),
            }
        };
        self.pages.insert(key, page.clone());
        Ok(page)
    }

    fn complete(&self, prefix: &str, limit: usize) -> Vec<String> {
        self.suggestions.load().complete(prefix, limit)
    }

    fn correct(&self, text: &str, limit: usize) -> Vec<String> {
        self.suggestions.load().correct(text, limit)
    }

    fn set_keywords(&self, keywords: Vec<(String, u64)>) {
        if let Ok(mut k) = self.keywords.lock()
            && *k != keywords
        {
            *k = keywords;
            self.keywords_version.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn refresh(&self) -> Result<(), SearchError> {
        let state = (
            self.reader.searcher().generation().generation_id(),
            self.keywords_version.load(Ordering::Relaxed),
        );
        {
            let built = self
                .built
                .lock()
                .map_err(|_| anyhow::anyhow!("suggestion state poisoned"))?;
            match *built {
                Some((s, _)) if s == state => return Ok(()),
                Some((_, at)) if at.elapsed() < self.rebuild_interval => return Ok(()),
                _ => {}
            }
        }
        let (titles, vocab) = self.collect()?;
        let keywords = self.keywords.lock().map(|k| k.clone()).unwrap_or_default();
        self.suggestions
            .store(std::sync::Arc::new(Suggestions::build(
                titles, &keywords, vocab,
            )));
        if let Ok(mut built) = self.built.lock() {
            *built = Some((state, Instant::now()));
        }
        Ok(())
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn size_bytes(&self) -> u64 {
        std::fs::read_dir(&self.path)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }

    fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn writer(&self) -> Result<Option<Box<dyn SearchWriter>>, SearchError> {
        let WriterOptions {
            threads,
            heap_bytes,
        } = self.writer_options;
        let threads = threads.max(1);
        match self
            .index
            .writer_with_num_threads(threads, heap_bytes.max(threads * MIN_HEAP_PER_THREAD))
        {
            Ok(writer) => Ok(Some(Box::new(TantivyWriter {
                writer,
                reader: self.reader.clone(),
                fields: self.fields,
            }))),
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}
