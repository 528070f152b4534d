package org.enclave.workspace.runtime.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Records read one at a time from a file streamed from the data broker: lines, or JSON objects.
 * Iterate once (a {@code for} loop, {@link #stream()}, {@link #take(int)} or {@link #toList()});
 * the connection is released when the last record has been read, on an error, or on {@link
 * #close()}. Stopping early without closing keeps the connection until the object is collected.
 *
 * @param <T> the record type
 */
public final class Records<T> implements Iterable<T>, Closeable {
  /** Produces the next record, or {@code null} at the end. */
  @FunctionalInterface
  public interface Source<T> {
    T next() throws IOException;
  }

  private final String description;
  private final Source<T> source;
  private final Closeable resource;
  private boolean started;
  private boolean closed;

  public Records(String description, Source<T> source, Closeable resource) {
    this.description = description;
    this.source = source;
    this.resource = resource;
  }

  @Override
  public Iterator<T> iterator() {
    if (started) {
      throw new IllegalStateException(
          description + " can be read only once; ask the enclave client for it again");
    }
    started = true;
    return new Iterator<>() {
      private T next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          try {
            next = closed ? null : source.next();
          } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("reading " + description + ": " + e.getMessage(), e);
          } catch (RuntimeException e) {
            closeQuietly();
            throw e;
          }
          if (next == null) {
            done = true;
            closeQuietly();
          }
        }
        return next != null;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        T t = next;
        next = null;
        return t;
      }
    };
  }

  /** The records as a sequential stream; closing the stream releases the connection. */
  public Stream<T> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::closeQuietly);
  }

  /** The first {@code n} records (fewer if the file has fewer); the rest is not read. */
  public List<T> take(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative");
    }
    List<T> out = new ArrayList<>(Math.min(n, 1024));
    try {
      Iterator<T> it = iterator();
      while (out.size() < n && it.hasNext()) {
        out.add(it.next());
      }
    } finally {
      closeQuietly();
    }
    return out;
  }

  /** Every record, in memory. */
  public List<T> toList() {
    return take(Integer.MAX_VALUE);
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      resource.close();
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      // the data has been read or abandoned; nothing else to do
    }
  }

  @Override
  public String toString() {
    return description + (closed ? " (closed)" : started ? " (being read)" : "");
  }
}
