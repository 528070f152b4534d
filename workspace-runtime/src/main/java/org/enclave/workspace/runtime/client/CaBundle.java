package org.enclave.workspace.runtime.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a workspace trusts for the broker, as the AWS tools read them: {@code
 * AWS_CA_BUNDLE} names a PEM file, and only its certificates are trusted, not the JDK's public
 * roots. A workspace on EC2 gets the enclave's own CA this way; without the variable the JDK's
 * default trust applies (a local sandbox speaks plain HTTP on its Unix socket bridge).
 */
public final class CaBundle {
  /** The variable naming the PEM bundle, as the AWS CLI and SDKs read it. */
  public static final String VARIABLE = "AWS_CA_BUNDLE";

  private CaBundle() {}

  /**
   * An HTTP/1.1 client builder that trusts {@code env}'s {@value #VARIABLE} if it is set.
   *
   * @throws EnclaveException if the bundle cannot be read or holds no certificate
   */
  public static HttpClient.Builder httpClient(Map<String, String> env) {
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
    String bundle = env.get(VARIABLE);
    if (bundle != null && !bundle.isBlank()) {
      b.sslContext(sslContext(Path.of(bundle.strip())));
    }
    return b;
  }

  /** A TLS context that trusts exactly the certificates in the PEM file {@code bundle}. */
  public static SSLContext sslContext(Path bundle) {
    try (InputStream in = Files.newInputStream(bundle)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new EnclaveException(VARIABLE + " names " + bundle + ", which holds no certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certificates) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException e) {
      throw new EnclaveException(VARIABLE + " names " + bundle + ", which cannot be read: " + e);
    } catch (GeneralSecurityException e) {
      throw new EnclaveException(
          VARIABLE + " names " + bundle + ", which is not a PEM certificate bundle: " + e);
    }
  }
}
