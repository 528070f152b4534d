package org.enclave.api.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

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

  /**
   * Page {@code page} of the items whose text ({@code text} of each) holds {@code q}, ignoring
   * case; the page links keep {@code q} after {@code query} (the page's other filters).
   */
  public static <T> Paged<T> search(
      List<T> all, String q, Function<T, String> text, String page, String query) {
    String needle = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
    List<T> found =
        needle.isEmpty()
            ? all
            : all.stream()
                .filter(t -> text.apply(t).toLowerCase(Locale.ROOT).contains(needle))
                .toList();
    String keep =
        needle.isEmpty()
            ? query
            : query + "q=" + URLEncoder.encode(needle, StandardCharsets.UTF_8) + "&";
    return of(found, page, keep);
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
