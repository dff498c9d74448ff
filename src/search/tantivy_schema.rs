//! The index layout (fields and how each is indexed) and the writer of the embedded engine.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, NumericOptions, STORED, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::{DateTime, IndexReader, IndexWriter, TantivyDocument, Term};

use super::{SearchDoc, SearchError, SearchWriter, analyzer};

/// The fields of the index, resolved once.
#[derive(Clone, Copy)]
pub struct Fields {
    pub article_id: Field,
    pub author_id: Field,
    pub channel_id: Field,
    pub status: Field,
    pub publish_time: Field,
    pub title: Field,
    pub content: Field,
}

/// The schema (bump `SCHEMA_VERSION` in `tantivy_engine` when it changes).
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(analyzer::ANALYZER)
            // No phrase queries: positions would only cost space and indexing time.
            .set_index_option(IndexRecordOption::WithFreqs);
        let opts = TextOptions::default().set_indexing_options(indexing);
        if stored { opts.set_stored() } else { opts }
    };
    let id = NumericOptions::default()
        .set_indexed()
        .set_fast()
        .set_stored();
    let fields = Fields {
        article_id: b.add_i64_field("article_id", id.clone()),
        author_id: b.add_i64_field("author_id", INDEXED | FAST),
        channel_id: b.add_i64_field("channel_id", INDEXED | FAST),
        status: b.add_u64_field("status", INDEXED | FAST),
        publish_time: b.add_date_field("publish_time", INDEXED | STORED | FAST),
        title: b.add_text_field("title", text(true)),
        content: b.add_text_field("content", text(false)),
    };
    (b.build(), fields)
}

/// The index writer of the process holding the directory's lock.
pub struct TantivyWriter {
    pub writer: IndexWriter,
    pub reader: IndexReader,
    pub fields: Fields,
}

impl TantivyWriter {
    fn id_term(&self, article_id: i64) -> Term {
        Term::from_field_i64(self.fields.article_id, article_id)
    }
}

impl SearchWriter for TantivyWriter {
    fn upsert(&mut self, doc: SearchDoc) -> Result<(), SearchError> {
        let f = self.fields;
        self.writer.delete_term(self.id_term(doc.article_id));
        let mut d = TantivyDocument::new();
        d.add_i64(f.article_id, doc.article_id);
        d.add_i64(f.author_id, doc.author_id);
        d.add_i64(f.channel_id, i64::from(doc.channel_id));
        // Only approved articles are ever written, so no query needs to filter on it.
        d.add_u64(f.status, 2);
        d.add_date(
            f.publish_time,
            DateTime::from_timestamp_micros(doc.publish_time.timestamp_micros()),
        );
        d.add_text(f.title, &doc.title);
        d.add_text(f.content, &doc.content);
        self.writer.add_document(d)?;
        Ok(())
    }

    fn delete(&mut self, article_id: i64) -> Result<(), SearchError> {
        self.writer.delete_term(self.id_term(article_id));
        Ok(())
    }

    fn delete_all(&mut self) -> Result<(), SearchError> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    fn commit(&mut self) -> Result<(), SearchError> {
        self.writer.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn close(self: Box<Self>) -> Result<(), SearchError> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}
