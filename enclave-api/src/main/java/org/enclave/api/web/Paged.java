package org.enclave.api.web;

import java.util.List;

/**
 * One page of a list the console shows, and what its links need: the page's number (from 1), the
 * number of pages and of items in all.
 *
 * @param query the list's filter as a query string ending in {@code &} (or empty), so that a page
 *     link keeps the filter: {@code ?{query}page={next}}
 */
public record Paged<T>(List<T> items, int page, int pages, int total, String query) {
  /** Rows per page of every paged console list. */
  public static final int SIZE = 25;

  /** Page {@code page} (1 when absent, clamped to the last) of {@code all}. */
  public static <T> Paged<T> of(List<T> all, String page, String query) {
    int pages = Math.max(1, (all.size() + SIZE - 1) / SIZE);
    int n = Math.min(number(page), pages);
    int from = (n - 1) * SIZE;
    return new Paged<>(
        all.subList(from, Math.min(all.size(), from + SIZE)), n, pages, all.size(), query);
  }

  public boolean hasPrevious() {
    return page > 1;
  }

  public boolean hasNext() {
    return page < pages;
  }

  public int previous() {
    return page - 1;
  }

  public int next() {
    return page + 1;
  }

  private static int number(String page) {
    if (page == null || page.isBlank()) {
      return 1;
    }
    try {
      return Math.max(1, Integer.parseInt(page.strip()));
    } catch (NumberFormatException e) {
      throw FormErrors.invalid("page", "must be a page number, like 2");
    }
  }
}
