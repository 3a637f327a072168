//! `namestd-dict-import [DICTIONARIES_DIR]`: regenerates the imported tables in
//! `DICTIONARIES_DIR/source/` from `DICTIONARIES_DIR/raw/` (default `dictionaries`).

fn main() -> anyhow::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "dictionaries".to_string());
    let written = namestd_dict_import::run(std::path::Path::new(&dir))?;
    for (name, rows) in written {
        println!("{name}: {rows} rows");
    }
    Ok(())
}
