package org.enclave.infra.local.demo;

import java.nio.charset.StandardCharsets;

/** A tab-separated table with a header row and {@code \n} line ends, UTF-8. */
final class Tsv {

  private final int columns;
  private final StringBuilder out = new StringBuilder();

  Tsv(String... header) {
    this.columns = header.length;
    row(header);
  }

  /** Appends a row; cells may contain neither tabs nor line breaks. */
  Tsv row(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells but got " + cells.length);
    }
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i];
      if (cell.indexOf('\t') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("TSV cell contains a tab or line break: " + cell);
      }
      if (i > 0) {
        out.append('\t');
      }
      out.append(cell);
    }
    out.append('\n');
    return this;
  }

  byte[] toBytes() {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
