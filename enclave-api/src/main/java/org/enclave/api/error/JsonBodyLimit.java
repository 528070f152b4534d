package org.enclave.api.error;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.enclave.api.config.EnclaveConfig;

/**
 * Caps JSON request bodies (uploads are streamed and capped separately), counting the bytes
 * actually read so that a missing or false Content-Length does not get around it.
 */
@Provider
public class JsonBodyLimit implements ReaderInterceptor {
  // Providers are created at static init; read the runtime limit when a request arrives.
  @Inject Instance<EnclaveConfig> config;

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext ctx) throws IOException {
    MediaType type = ctx.getMediaType();
    if (type != null && type.getSubtype() != null && type.getSubtype().endsWith("json")) {
      int limit = config.get().limits().maxJsonBytes();
      String declared = ctx.getHeaders().getFirst("Content-Length");
      if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > limit) {
        throw tooLarge(limit);
      }
      ctx.setInputStream(new Bounded(ctx.getInputStream(), limit));
    }
    return ctx.proceed();
  }

  private static EnclaveException tooLarge(int limit) {
    return new EnclaveException(
        ErrorCode.PAYLOAD_TOO_LARGE, "JSON body is larger than " + limit + " bytes");
  }

  private static final class Bounded extends FilterInputStream {
    private final int limit;
    private long count;

    Bounded(InputStream in, int limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      count += n;
      if (count > limit) {
        throw tooLarge(limit);
      }
    }
  }
}
