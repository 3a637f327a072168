//! The text values of computed records, kept as Arrow string views (16 bytes each) over
//! shared byte buffers. A batch's text columns are made by copying each row's views out of
//! this store: the strings themselves are written once, when their record is computed, and
//! never copied again by the row pass.

use polars_arrow::array::{MutablePlString, Utf8ViewArray, View};
use polars_buffer::Buffer;

/// Most text columns an entry can have (its nulls are one bit each in a `u32`).
pub const MAX_WIDTH: usize = 32;

/// The values of some records, computed together (on one thread): their views, one null
/// mask per record, and the bytes of the values too long to sit inside a view.
#[derive(Debug)]
pub struct CellBlock {
    width: usize,
    buffer_index: u32,
    bytes: Vec<u8>,
    views: Vec<View>,
    nulls: Vec<u32>,
}

impl CellBlock {
    /// An empty block of records with `width` values each, whose long values will be
    /// buffer `buffer_index` of the arrays that read them.
    pub fn new(width: usize, buffer_index: u32) -> CellBlock {
        assert!(width <= MAX_WIDTH, "at most {MAX_WIDTH} text columns");
        CellBlock { width, buffer_index, bytes: Vec::new(), views: Vec::new(), nulls: Vec::new() }
    }

    /// Adds a record's values (exactly `width` of them, in column order).
    pub fn push<S: AsRef<str>>(&mut self, values: impl IntoIterator<Item = Option<S>>) {
        let mut nulls = 0u32;
        let mut count = 0usize;
        for (j, value) in values.into_iter().enumerate() {
            count += 1;
            match value {
                Some(v) => {
                    let v = v.as_ref().as_bytes();
                    let offset = u32::try_from(self.bytes.len()).expect("a block's values are under 4 GB");
                    let view = View::new_from_bytes(v, self.buffer_index, offset);
                    if v.len() > View::MAX_INLINE_SIZE as usize {
                        self.bytes.extend_from_slice(v);
                    }
                    self.views.push(view);
                }
                None => {
                    nulls |= 1 << j;
                    self.views.push(View::default());
                }
            }
        }
        assert_eq!(count, self.width, "one value per text column");
        self.nulls.push(nulls);
    }

    /// Records in the block.
    pub fn len(&self) -> usize {
        self.nulls.len()
    }

    /// Whether the block has no records.
    pub fn is_empty(&self) -> bool {
        self.nulls.is_empty()
    }

    /// The `i`th record's views and null mask.
    pub fn get(&self, i: usize) -> (&[View], u32) {
        (&self.views[i * self.width..(i + 1) * self.width], self.nulls[i])
    }

    /// The block's long values, as the buffer its views point to.
    pub fn into_buffer(self) -> Buffer<u8> {
        Buffer::from(self.bytes)
    }
}

/// The values of the cached records, by slot, with the buffers their views point to (the
/// view's buffer index is the position in [`CellStore::buffers`]).
#[derive(Debug, Default)]
pub struct CellStore {
    width: usize,
    views: Vec<View>,
    nulls: Vec<u32>,
    buffers: Vec<Buffer<u8>>,
}

impl CellStore {
    /// An empty store of records with `width` values each.
    pub fn new(width: usize) -> CellStore {
        assert!(width <= MAX_WIDTH, "at most {MAX_WIDTH} text columns");
        CellStore { width, ..CellStore::default() }
    }

    /// Records stored.
    pub fn len(&self) -> usize {
        self.nulls.len()
    }

    /// Whether no record is stored.
    pub fn is_empty(&self) -> bool {
        self.nulls.is_empty()
    }

    /// The buffers the stored views point to, in index order.
    pub fn buffers(&self) -> &[Buffer<u8>] {
        &self.buffers
    }

    /// Keeps a block's buffer; it must be the buffer index the block was made with.
    pub fn add_buffer(&mut self, index: u32, buffer: Buffer<u8>) {
        assert_eq!(index as usize, self.buffers.len(), "buffers are added in index order");
        self.buffers.push(buffer);
    }

    /// Stores a record's views and nulls (their buffer must be added too); returns its slot.
    pub fn push(&mut self, views: &[View], nulls: u32) -> u32 {
        assert_eq!(views.len(), self.width, "one view per text column");
        let slot = u32::try_from(self.len()).expect("under 2^32 records");
        self.views.extend_from_slice(views);
        self.nulls.push(nulls);
        slot
    }

    /// The views and null mask of a slot.
    pub fn get(&self, slot: u32) -> (&[View], u32) {
        let i = slot as usize;
        (&self.views[i * self.width..(i + 1) * self.width], self.nulls[i])
    }
}

/// Where one row's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowCells {
    /// In the store, at this slot.
    Stored(u32),
    /// In the batch's own list (records not kept in the store), at this index.
    Own(u32),
    /// Nowhere: every value is null (the row was not standardized).
    Null,
}

/// The values a batch's rows read: the store's, plus those of the batch's records the
/// store did not keep, with the buffers of both.
pub struct BatchCells<'s> {
    store: &'s CellStore,
    own_views: Vec<View>,
    own_nulls: Vec<u32>,
    buffers: Vec<Buffer<u8>>,
}

impl<'s> BatchCells<'s> {
    /// The store's values plus `own_buffers`, the buffers (in index order after the
    /// store's) of the blocks that the store did not keep.
    pub fn new(store: &'s CellStore, own_buffers: impl IntoIterator<Item = Buffer<u8>>) -> BatchCells<'s> {
        let mut buffers = store.buffers.clone();
        buffers.extend(own_buffers);
        BatchCells { store, own_views: Vec::new(), own_nulls: Vec::new(), buffers }
    }

    /// Keeps a record's values for this batch only; returns where they are.
    pub fn push_own(&mut self, views: &[View], nulls: u32) -> RowCells {
        let i = u32::try_from(self.own_nulls.len()).expect("under 2^32 records");
        self.own_views.extend_from_slice(views);
        self.own_nulls.push(nulls);
        RowCells::Own(i)
    }

    /// The views and null mask of the values at `at` (`None` for [`RowCells::Null`]).
    pub fn get(&self, at: RowCells) -> Option<(&[View], u32)> {
        let w = self.store.width;
        match at {
            RowCells::Stored(slot) => Some(self.store.get(slot)),
            RowCells::Own(i) => {
                let i = i as usize;
                Some((&self.own_views[i * w..(i + 1) * w], self.own_nulls[i]))
            }
            RowCells::Null => None,
        }
    }

    /// The buffers the views of [`BatchCells::get`] point to, in index order.
    pub fn buffers(&self) -> &[Buffer<u8>] {
        &self.buffers
    }

    /// The text columns `columns` (indices in selection order) of the rows, in that
    /// order. Each row's views are copied; the strings stay in the shared buffers.
    pub fn columns(&self, rows: &[RowCells], columns: &[usize]) -> Vec<Utf8ViewArray> {
        // First the rows' views and nulls, copied in a short loop: the entries of
        // different rows are read independently, so the CPU overlaps their cache misses
        // (the loop that builds the arrays is too long for that).
        let width = columns.len();
        let mut picked: Vec<View> = Vec::with_capacity(rows.len() * width);
        let mut row_nulls: Vec<u32> = Vec::with_capacity(rows.len());
        for &at in rows {
            match self.get(at) {
                Some((views, nulls)) => {
                    picked.extend(columns.iter().map(|&j| views[j]));
                    row_nulls.push(nulls);
                }
                None => {
                    picked.extend(std::iter::repeat_n(View::default(), width));
                    row_nulls.push(u32::MAX);
                }
            }
        }
        let mut builders: Vec<MutablePlString> =
            columns.iter().map(|_| MutablePlString::with_capacity(rows.len())).collect();
        for (views, &nulls) in picked.chunks_exact(width.max(1)).zip(&row_nulls) {
            for ((b, &j), &view) in builders.iter_mut().zip(columns).zip(views) {
                if nulls & (1 << j) != 0 {
                    b.push_null();
                } else {
                    b.push_view(view, &self.buffers);
                }
            }
        }
        builders.into_iter().map(MutablePlString::freeze).collect()
    }
}

/// The text values of some of a batch's records, for a writer that formats each record's
/// values once rather than each row's: per record, its views in text column order.
#[derive(Debug, Clone, Default)]
pub struct RecordValues {
    width: usize,
    /// Per record of the batch: its position in `nulls`, or `u32::MAX` when not here.
    index: Vec<u32>,
    views: Vec<View>,
    nulls: Vec<u32>,
    buffers: Vec<Buffer<u8>>,
}

impl RecordValues {
    /// Values of records with `width` text values each, whose long values are in `buffers`.
    pub fn new(width: usize, buffers: Vec<Buffer<u8>>) -> RecordValues {
        RecordValues { width, buffers, ..RecordValues::default() }
    }

    /// Adds the values of the batch's next record; `None` when it has none here.
    pub fn push(&mut self, values: Option<(&[View], u32)>) {
        match values {
            Some((views, nulls)) => {
                assert_eq!(views.len(), self.width, "one view per text column");
                self.index.push(u32::try_from(self.nulls.len()).expect("under 2^32 records"));
                self.views.extend_from_slice(views);
                self.nulls.push(nulls);
            }
            None => self.index.push(u32::MAX),
        }
    }

    /// Whether record `record` has its values here.
    pub fn has(&self, record: usize) -> bool {
        self.index.get(record).is_some_and(|&i| i != u32::MAX)
    }

    /// Calls `f` with the bytes of text value `column` of record `record` (`None` when
    /// null). The record must be here ([`RecordValues::has`]).
    pub fn with_value<T>(&self, record: usize, column: usize, f: impl FnOnce(Option<&[u8]>) -> T) -> T {
        let i = self.index[record] as usize;
        if self.nulls[i] & (1 << column) != 0 {
            return f(None);
        }
        let view = self.views[i * self.width + column];
        let len = view.length as usize;
        if len <= View::MAX_INLINE_SIZE as usize {
            // An inline value is the 12 bytes after the length.
            let bytes = view.as_u128().to_ne_bytes();
            f(Some(&bytes[4..4 + len]))
        } else {
            let buffer = &self.buffers[view.buffer_idx as usize];
            f(Some(&buffer[view.offset as usize..][..len]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(a: &Utf8ViewArray) -> Vec<Option<&str>> {
        a.iter().collect()
    }

    #[test]
    fn rows_read_their_values_and_nulls_from_the_store_and_the_batch() {
        let long = "KONINKLIJKE PHILIPS NEDERLAND BV";
        let mut kept = CellBlock::new(3, 0);
        kept.push([Some(long), None, Some("")]);
        kept.push([Some("NV"), Some("株式会社 TOYOTA JIDOSHA"), None]);
        let mut store = CellStore::new(3);
        let slots: Vec<u32> = (0..kept.len())
            .map(|i| {
                let (v, n) = kept.get(i);
                store.push(v, n)
            })
            .collect();
        store.add_buffer(0, kept.into_buffer());

        let mut own = CellBlock::new(3, 1);
        own.push([Some("ANOTHER LONG NAME GMBH"), Some("x"), None::<&str>]);
        let (v, n) = own.get(0);
        let v = v.to_vec();
        let mut batch = BatchCells::new(&store, [own.into_buffer()]);
        let own_at = batch.push_own(&v, n);

        let rows = [RowCells::Stored(slots[1]), own_at, RowCells::Null, RowCells::Stored(slots[0])];
        let cols = batch.columns(&rows, &[0, 1, 2]);
        assert_eq!(values(&cols[0]), [Some("NV"), Some("ANOTHER LONG NAME GMBH"), None, Some(long)]);
        assert_eq!(values(&cols[1]), [Some("株式会社 TOYOTA JIDOSHA"), Some("x"), None, None]);
        assert_eq!(values(&cols[2]), [None, None, None, Some("")]);
        let only_last = batch.columns(&rows, &[2]);
        assert_eq!(values(&only_last[0]), values(&cols[2]));

        // The same values, by record.
        let mut by_record = RecordValues::new(3, batch.buffers().to_vec());
        for at in rows {
            by_record.push(batch.get(at));
        }
        for (r, at) in rows.iter().enumerate() {
            assert_eq!(by_record.has(r), *at != RowCells::Null);
            if by_record.has(r) {
                for (j, col) in cols.iter().enumerate() {
                    let value = by_record.with_value(r, j, |v| v.map(|b| String::from_utf8(b.to_vec()).unwrap()));
                    assert_eq!(value.as_deref(), col.get(r), "record {r}, column {j}");
                }
            }
        }
    }
}
