//! The baseline of the batch benchmarks: polars reads a table and writes it back, nothing
//! else (`cargo run --release -p namestd-cli --example polars_copy -- IN OUT`). CSV and
//! Parquet by extension.

use polars::prelude::*;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output) = (&args[0], &args[1]);
    let mut df = if input.ends_with(".parquet") {
        ParquetReader::new(std::fs::File::open(input)?).finish()?
    } else {
        CsvReadOptions::default()
            .with_infer_schema_length(Some(0))
            .try_into_reader_with_file_path(Some(input.into()))?
            .finish()?
    };
    let f = std::fs::File::create(output)?;
    if output.ends_with(".parquet") {
        ParquetWriter::new(f).finish(&mut df)?;
    } else {
        CsvWriter::new(std::io::BufWriter::new(f)).finish(&mut df)?;
    }
    eprintln!("{input} → {output}: {} rows", df.height());
    Ok(())
}
